from django.core.asgi import get_asgi_application
from django.test import override_settings

from blog.testing import uvicorn_server

from ..measure_before_after import measure
from .fakes import Tracker, json_app, serving
from .support import ChapterTestCase

HOLD = 0.05  # the rates service's latency, in seconds


class MeasureBeforeAfterTests(ChapterTestCase):
    async def measured(self, rates_url, at_once, clients, requests):
        """Serves the project with uvicorn (a real ASGI server, one event loop) and
        measures GET /limited-rate on it."""
        with override_settings(RATES_URL=rates_url, RATES_AT_ONCE=at_once):
            with uvicorn_server(get_asgi_application()) as base_url:
                return await measure(f"{base_url}/limited-rate", clients, requests)

    async def test_one_at_a_time_shows_only_under_load(self):
        tracker = Tracker()
        with serving(json_app({"EUR": 1.0, "USD": 1.08}, hold=HOLD, tracker=tracker)) as (url,):
            crowd = await self.measured(url, at_once=1, clients=8, requests=16)
        # One call at a time, each at least HOLD: at most 1/HOLD per second however many
        # clients ask, and the last in line waited for the seven before it.
        self.assertEqual((tracker.peak, tracker.total), (1, 16))
        self.assertLessEqual(crowd["rps"], 1 / HOLD)
        self.assertGreaterEqual(crowd["p99"], 7 * HOLD)

    async def test_eight_at_a_time_serves_eight_clients_at_once(self):
        was, now = Tracker(), Tracker()
        rates = {"EUR": 1.0, "USD": 1.08}
        with serving(json_app(rates, hold=HOLD, tracker=was),
                     json_app(rates, hold=HOLD, tracker=now)) as (one_url, eight_url):
            before = await self.measured(one_url, at_once=1, clients=8, requests=16)
            after = await self.measured(eight_url, at_once=8, clients=8, requests=16)
        # Counted: the limit is what lets requests in together.
        self.assertEqual((was.peak, now.peak > 1), (1, True), now.peak)
        # Timed, the weak form that holds on a busy machine: more per second (far more on
        # a quiet one).
        self.assertGreater(after["rps"], before["rps"], (before, after))
