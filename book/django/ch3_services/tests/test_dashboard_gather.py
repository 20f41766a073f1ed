import time

from django.test import override_settings

from .fakes import Gate, json_app, serving
from .support import ChapterTestCase

HOLD = 0.3  # seconds each fake takes to answer


class DashboardTests(ChapterTestCase):
    async def get_trip(self, path, gate, rates_status=200):
        apps = [json_app([{"to": "LIS"}], hold=HOLD, gate=gate),
                json_app([{"name": "Sol"}], hold=HOLD, gate=gate),
                json_app({"usd": 1.08}, status=rates_status, hold=HOLD, gate=gate)]
        with serving(*apps) as (flights, hotels, rates):
            services = {"flights": flights, "hotels": hotels, "rates": rates}
            with override_settings(TRIP_SERVICES=services):
                started = time.monotonic()
                res = await self.async_client.get(path)
                return res, time.monotonic() - started

    async def test_gathered_the_three_calls_are_in_flight_together(self):
        gate = Gate(3, patience=8)
        res, _ = await self.get_trip("/trip", gate)
        self.assertEqual(res.json()["rates"], {"usd": 1.08})
        self.assertTrue(gate.opened_by_arrivals)

    async def test_one_by_one_they_never_are_and_the_page_takes_their_sum(self):
        gate = Gate(3, patience=0.3)
        res, elapsed = await self.get_trip("/one-by-one/trip", gate)
        self.assertEqual(res.status_code, 200)
        self.assertFalse(gate.opened_by_arrivals)
        self.assertGreaterEqual(elapsed, 3 * HOLD)

    async def test_one_failure_fails_the_page_and_names_the_service(self):
        res, _ = await self.get_trip("/trip", Gate(3, patience=8), rates_status=503)
        self.assertEqual(res.status_code, 502)
        self.assertTrue(res.json()["message"].startswith("rates:"), res.json())


class GatherTests(ChapterTestCase):
    async def test_gather_lets_the_other_calls_run_on_after_the_first_exception(self):
        import asyncio

        finished = []

        async def slow():
            await asyncio.sleep(0.2)
            finished.append("slow")

        async def failing():
            raise RuntimeError("rates: answered 503")

        with self.assertRaises(RuntimeError):
            await asyncio.gather(slow(), failing())
        self.assertEqual(finished, [])  # gather raised at once...
        await asyncio.sleep(0.4)
        self.assertEqual(finished, ["slow"])  # ...and the other call ran on
