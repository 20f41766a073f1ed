from django.test import override_settings

from .fakes import Tracker, json_app, serving
from .support import ChapterTestCase


class BoundedFanOutTests(ChapterTestCase):
    async def test_twenty_prices_at_most_four_at_a_time_in_order(self):
        tracker = Tracker()

        def price(path):
            id = int(path.rsplit("/", 1)[1])
            return {"id": id, "eur": 80 + id}

        with serving(json_app(None, hold=0.02, tracker=tracker, per_path=price)) as (url,):
            with override_settings(PRICING_URL=url):
                res = await self.async_client.get("/hotel-prices")
        self.assertEqual([p["id"] for p in res.json()], list(range(1, 21)))
        self.assertLessEqual(tracker.peak, 4)
        self.assertEqual(tracker.total, 20)
