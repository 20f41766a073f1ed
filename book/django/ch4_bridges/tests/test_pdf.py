"""The blocking pitfall, served by a real uvicorn: a sync call in an async view stops the
event loop; the same call through sync_to_async overlaps with other requests."""
import asyncio
from unittest import mock

import httpx
# ASGIHandler, not get_asgi_application(): that one reruns django.setup(), whose logging
# setup would remove assertLogs' handler.
from django.core.handlers.asgi import ASGIHandler
from django.test import SimpleTestCase, override_settings

from blog.testing import Recorder, uvicorn_server


async def two_at_once(base: str, path: str) -> list[httpx.Response]:
    async with httpx.AsyncClient(base_url=base, timeout=15) as client:
        return await asyncio.gather(client.get(path), client.get(path))


@override_settings(ROOT_URLCONF="ch4_bridges.urls")
class BlockingPitfallTests(SimpleTestCase):
    def serve(self, path: str, printer: Recorder) -> list[httpx.Response]:
        with mock.patch("ch4_bridges.legacy.wait_for_printer", printer):
            with uvicorn_server(ASGIHandler()) as base:
                return asyncio.run(two_at_once(base, path))

    def test_a_sync_call_in_an_async_view_makes_requests_wait_in_line(self):
        printer = Recorder(hold=0.2)
        responses = self.serve("/wrong/articles/async-views/pdf", printer)
        self.assertEqual([r.status_code for r in responses], [200, 200])
        # The loop was stuck inside the first render: the second
        # request could not even be read until it ended.
        self.assertEqual(printer.most_inside, 1)
        # Both renders ran on one thread: the event loop's own.
        self.assertEqual(len(set(printer.threads)), 1, printer.threads)

    def test_sync_to_async_lets_two_renders_run_side_by_side(self):
        # Each render waits until both are inside: only overlap passes.
        printer = Recorder(barrier_of=2)
        responses = self.serve("/articles/async-views/pdf", printer)
        self.assertEqual([r.content for r in responses], [b"%PDF-1.7 async-views"] * 2)
        self.assertTrue(printer.met, "the two renders never ran at the same time")
        # thread_sensitive=True (the default), and yet two threads: under ASGI each request
        # has its own ThreadSensitiveContext, so its own thread.
        self.assertEqual(len(set(printer.threads)), 2, printer.threads)
