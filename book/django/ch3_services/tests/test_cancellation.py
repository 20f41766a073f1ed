import asyncio
import time

import httpx
from django.core.asgi import get_asgi_application
from django.test import override_settings

from blog.testing import uvicorn_server

from .. import cancellation
from .fakes import json_app, serving
from .support import ChapterTestCase


class CancellationTests(ChapterTestCase):
    async def test_past_the_deadline_the_page_is_a_504_at_once(self):
        apps = [json_app([], hold=3) for _ in range(3)]
        with serving(*apps) as (flights, hotels, rates):
            services = {"flights": flights, "hotels": hotels, "rates": rates}
            with override_settings(TRIP_SERVICES=services):
                started = time.monotonic()
                res = await self.async_client.get("/trip-by-deadline")
                elapsed = time.monotonic() - started
        self.assertEqual((res.status_code, res.json()), (504, {"error": "deadline_exceeded"}))
        self.assertLess(elapsed, 3)  # the page did not wait for the calls

    async def test_asyncio_timeout_cancels_gathers_children(self):
        cancelled = []

        async def child(name):
            try:
                await asyncio.sleep(5)
            except asyncio.CancelledError:
                cancelled.append(name)
                raise

        with self.assertRaises(TimeoutError):
            async with asyncio.timeout(0.1):
                await asyncio.gather(child("a"), child("b"))
        self.assertEqual(sorted(cancelled), ["a", "b"])

    async def test_under_asgi_a_client_that_hangs_up_cancels_the_view(self):
        cancellation.left_early.clear()
        with uvicorn_server(get_asgi_application()) as base_url:
            async with httpx.AsyncClient(base_url=base_url, timeout=0.3) as client:
                with self.assertRaises(httpx.ReadTimeout):
                    await client.get("/long-report")
            deadline = time.monotonic() + 5
            while not cancellation.left_early and time.monotonic() < deadline:
                await asyncio.sleep(0.02)
        self.assertEqual(cancellation.left_early, ["/long-report"])
