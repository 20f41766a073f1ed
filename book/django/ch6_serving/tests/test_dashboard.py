"""The dashboard: three upstreams at once, a slow one costs only its section, and what
Django's cache_page keeps (partial dashboards too) and does not do (a single flight)."""
import asyncio
from unittest import mock

from django.core.cache import cache
from django.db.models import Sum
from django.test import override_settings

from blog.models import Article
from blog.testing import SeededTestCase, uvicorn_server
from ch6_serving import dashboard


class FakeUpstreams:
    """News, weather and stocks in one ASGI app. Each call waits (at most 5 s) until
    `together` calls are inside at once, or `per_section` calls of its own section; `slow`
    sections never answer in time."""

    def __init__(self, together=1, per_section=1, slow=()):
        self.together = together
        self.per_section = per_section
        self.slow = set(slow)
        self.calls = {s: 0 for s in dashboard.SECTIONS}
        self.inside = 0
        self.section_inside = {s: 0 for s in dashboard.SECTIONS}
        self.most_inside = 0
        self.enough = None
        self.section_enough = None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return
        section = scope["path"].strip("/")
        self.calls[section] += 1
        self.enough = self.enough or asyncio.Event()
        self.section_enough = self.section_enough or {s: asyncio.Event() for s in self.calls}
        self.inside += 1
        self.section_inside[section] += 1
        self.most_inside = max(self.most_inside, self.inside)
        if self.inside >= self.together:
            self.enough.set()
        if self.section_inside[section] >= self.per_section:
            self.section_enough[section].set()
        try:
            await asyncio.wait_for(self.enough.wait(), 5)
            await asyncio.wait_for(self.section_enough[section].wait(), 5)
        except TimeoutError:
            pass
        if section in self.slow:
            await asyncio.sleep(dashboard.BUDGET + 1.5)
        self.inside -= 1
        self.section_inside[section] -= 1
        body = b'{"section": "%s"}' % section.encode()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})


class DashboardTests(SeededTestCase):
    def setUp(self):
        super().setUp()
        cache.clear()

    def with_upstreams(self, upstreams, test, budget=10.0):
        # A generous budget, except where a test wants one to run out: on a loaded machine a
        # healthy upstream can take longer than the view's 0.5 s.
        async def run(base):
            with override_settings(ROOT_URLCONF="ch6_serving.urls", DASHBOARD_UPSTREAM=base):
                return await test()

        with mock.patch.object(dashboard, "BUDGET", budget), uvicorn_server(upstreams) as base:
            return asyncio.run(run(base))

    def test_every_section_with_the_three_calls_in_flight_at_once(self):
        upstreams = FakeUpstreams(together=3)
        response = self.with_upstreams(upstreams, lambda: self.async_client.get("/dashboard"))
        body = response.json()
        self.assertEqual(body["news"], {"section": "news"})
        self.assertEqual(body["errors"], {})
        self.assertEqual(upstreams.most_inside, 3)
        self.assertEqual(
            [a["slug"] for a in body["top_articles"]], ["async-views", "tokio-tasks", "async-orm"]
        )
        self.assertEqual(
            body["stats"],
            {"articles": 5, "total_views": 237, "average_views": 47.4, "most_views": 120},
        )

    def test_a_slow_upstream_costs_only_its_own_section(self):
        upstreams = FakeUpstreams(slow={"weather"})
        get = lambda: self.async_client.get("/dashboard")  # noqa: E731
        body = self.with_upstreams(upstreams, get, budget=2.0).json()
        self.assertIsNone(body["weather"])
        self.assertEqual(body["errors"], {"weather": "no answer within 2.0 s"})
        self.assertEqual(body["stocks"], {"section": "stocks"})

    def test_cache_page_serves_the_second_request_from_the_cache(self):
        upstreams = FakeUpstreams()

        async def twice():
            await self.async_client.get("/dashboard")
            return await self.async_client.get("/dashboard")

        self.with_upstreams(upstreams, twice)
        self.assertEqual(upstreams.calls, {"news": 1, "weather": 1, "stocks": 1})

    def test_cache_page_keeps_a_partial_dashboard_too(self):
        # Unlike the Rust capstone, which never caches a dashboard with a missing section.
        upstreams = FakeUpstreams(slow={"weather"})

        async def twice():
            await self.async_client.get("/dashboard")
            return await self.async_client.get("/dashboard")

        second = self.with_upstreams(upstreams, twice, budget=2.0).json()
        self.assertIsNone(second["weather"])
        self.assertEqual(upstreams.calls["weather"], 1)

    def test_cache_page_has_no_single_flight(self):
        # Five concurrent misses each call the upstreams; the Rust capstone calls them once.
        # Each news call waits until all five are in: no request can fill the cache early.
        upstreams = FakeUpstreams(per_section=5)

        async def five_at_once():
            return await asyncio.gather(*(self.async_client.get("/dashboard") for _ in range(5)))

        self.with_upstreams(upstreams, five_at_once)
        self.assertEqual(upstreams.calls["news"], 5)

    async def test_statistics_over_no_articles(self):
        await Article.objects.all().adelete()
        self.assertEqual(
            await dashboard.stats(),
            {"articles": 0, "total_views": 0, "average_views": None, "most_views": None},
        )
        plain = await Article.objects.aaggregate(total=Sum("views"))
        self.assertEqual(plain, {"total": None})

