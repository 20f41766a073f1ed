import httpx
from django.test import override_settings

from .fakes import json_app, serving
from .support import ChapterTestCase

RATES = {"base": "EUR", "usd": 1.08, "gbp": 0.86, "date": "2026-12-01"}


class SharedClientTests(ChapterTestCase):
    async def get_rates(self, app):
        with serving(app) as (url,), override_settings(RATES_URL=url):
            return await self.async_client.get("/rates")

    async def test_the_rates_pass_through(self):
        res = await self.get_rates(json_app(RATES))
        self.assertEqual(res.json(), {"base": "EUR", "usd": 1.08, "gbp": 0.86})

    async def test_a_503_is_a_502_that_says_so(self):
        res = await self.get_rates(json_app({"error": "busy"}, status=503))
        self.assertEqual((res.status_code, res.json()["error"]), (502, "bad_gateway"))
        self.assertIn("503", res.json()["message"])

    async def test_a_slow_service_is_a_504(self):
        res = await self.get_rates(json_app(RATES, hold=2.5))
        self.assertEqual((res.status_code, res.json()["error"]), (504, "gateway_timeout"))

    async def test_httpx_calls_a_503_a_successful_request_and_times_out_after_5_s_by_default(self):
        self.assertEqual(httpx.AsyncClient().timeout, httpx.Timeout(5.0))
        with serving(json_app({}, status=503)) as (url,):
            async with httpx.AsyncClient() as client:
                res = await client.get(url)
                self.assertEqual(res.status_code, 503)  # no exception so far
                with self.assertRaises(httpx.HTTPStatusError):
                    res.raise_for_status()
