"""Blocking work in a middleware, under a real uvicorn: the async middleware's check runs off
the loop, and a sync middleware does not make requests pass one at a time."""
import asyncio
import tempfile
from pathlib import Path
from unittest import mock

import httpx
from django.core.handlers.asgi import ASGIHandler
from django.test import SimpleTestCase, override_settings

from blog.testing import Recorder, uvicorn_server


ASYNC = "ch5_middleware.maintenance.MaintenanceMiddleware"
SYNC = "ch5_middleware.maintenance.SyncMaintenanceMiddleware"


async def two_at_once(base):
    async with httpx.AsyncClient(base_url=base, timeout=15) as client:
        return await asyncio.gather(client.get("/slow"), client.get("/slow"))


@override_settings(ROOT_URLCONF="ch5_middleware.urls")
class MaintenanceTests(SimpleTestCase):
    def serve_two(self, middleware, disk):
        with override_settings(MIDDLEWARE=[middleware]):
            with mock.patch("ch5_middleware.maintenance.wait_for_disk", disk):
                with uvicorn_server(ASGIHandler()) as base:
                    return asyncio.run(two_at_once(base))

    def test_the_async_middlewares_checks_overlap(self):
        disk = Recorder(barrier_of=2)
        responses = self.serve_two(ASYNC, disk)
        self.assertEqual([r.status_code for r in responses], [200, 200])
        self.assertTrue(disk.met, "the two checks never ran at the same time")

    def test_a_sync_middleware_does_not_make_requests_pass_one_at_a_time(self):
        # Adapted with thread_sensitive=True, but each request has its own context under
        # ASGI, so its own thread: the two checks meet at the barrier.
        disk = Recorder(barrier_of=2)
        responses = self.serve_two(SYNC, disk)
        self.assertEqual([r.status_code for r in responses], [200, 200])
        self.assertTrue(disk.met, "the sync middleware let one request through at a time")
        self.assertEqual(len(set(disk.threads)), 2, disk.threads)

    async def test_the_flag_file_closes_the_site(self):
        with tempfile.TemporaryDirectory() as folder:
            flag = Path(folder) / "maintenance.flag"
            flag.touch()
            with (
                override_settings(MIDDLEWARE=[ASYNC]),
                mock.patch("ch5_middleware.maintenance.FLAG", flag),
            ):
                response = await self.async_client.get("/slow")
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response.json()["error"], "maintenance")
