from django.test import override_settings

from .fakes import json_app, serving
from .support import ChapterTestCase


class PartialResultsTests(ChapterTestCase):
    async def test_a_slow_and_a_broken_section_do_not_spoil_the_third(self):
        apps = [json_app(["LIS"]), json_app([], hold=3), json_app({}, status=503)]
        with serving(*apps) as (flights, hotels, rates):
            services = {"flights": flights, "hotels": hotels, "rates": rates}
            with override_settings(TRIP_SERVICES=services):
                page = (await self.async_client.get("/trip-page")).json()
        self.assertEqual(page["flights"], {"state": "ready", "data": ["LIS"]})
        self.assertEqual(page["hotels"], {"state": "unavailable", "reason": "timed out"})
        self.assertEqual(page["rates"]["state"], "unavailable")
        self.assertIn("503", page["rates"]["reason"])
