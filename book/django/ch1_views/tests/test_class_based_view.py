import asyncio
from unittest import mock

from blog.models import Article

from .support import ChapterTestCase


class EventViewTests(ChapterTestCase):
    async def rsvps(self, n):
        posts = [self.async_client.post("/rsvp/events/3") for _ in range(n)]
        return [r.status_code for r in await asyncio.gather(*posts)]

    async def test_two_seats_and_ten_concurrent_rsvps_accept_exactly_two(self):
        statuses = await self.rsvps(10)
        self.assertEqual(sorted(statuses), [200, 200] + [409] * 8)
        res = await self.async_client.get("/rsvp/events/3")
        self.assertEqual(res.json(), {"id": 3, "seats_left": 0})

    async def test_unknown_event_and_other_methods(self):
        self.assertEqual((await self.async_client.post("/rsvp/events/9")).status_code, 404)
        res = await self.async_client.put("/rsvp/events/3")
        self.assertEqual(res.status_code, 405)
        self.assertEqual(res["Allow"], "GET, POST, HEAD, OPTIONS")


class BarrierAnalytics:
    """The analytics call, but every request waits there until all `n` have reached it: the
    interleaving that loses updates, made certain instead of likely."""

    def __init__(self, n):
        self.barrier = asyncio.Barrier(n)

    async def record_view(self, slug):
        await asyncio.wait_for(self.barrier.wait(), timeout=10)


class LostUpdateTests(ChapterTestCase):
    N = 8

    async def post_concurrently(self, url):
        with mock.patch("ch1_views.services.record_view", BarrierAnalytics(self.N).record_view):
            responses = await asyncio.gather(
                *(self.async_client.post(url) for _ in range(self.N)))
        self.assertEqual({r.status_code for r in responses}, {200})
        article = await Article.objects.aget(slug="async-views")
        return article.views, sorted(r.json()["views"] for r in responses)

    async def test_read_await_write_loses_updates(self):
        views, answered = await self.post_concurrently("/lost-update/articles/async-views/views")
        # Seeded with 120 views; 8 concurrent requests all read 120 and wrote 121.
        self.assertEqual(views, 121)
        self.assertEqual(answered, [121] * self.N)

    async def test_aupdate_f_keeps_every_increment_but_not_each_requests_own_count(self):
        views, answered = await self.post_concurrently("/aupdate/articles/async-views/views")
        self.assertEqual(views, 128)
        # Every request re-read the row after all had updated it: all answer 128.
        self.assertEqual(answered, [128] * self.N)

    async def test_asave_of_an_f_expression_reads_back_each_requests_own_count(self):
        views, answered = await self.post_concurrently("/asave-f/articles/async-views/views")
        self.assertEqual(views, 128)
        self.assertEqual(answered, list(range(121, 129)))

    async def test_aupdate_returns_zero_for_an_unknown_slug(self):
        res = await self.async_client.post("/aupdate/articles/nope/views")
        self.assertEqual(res.status_code, 404)
