"""One event loop: a sync HTTP call in an async view serves one request at a time; awaiting
or offloading it lets two overlap. Measured under uvicorn, against an upstream that counts."""
import asyncio

import httpx
from django.core.handlers.asgi import ASGIHandler
from django.test import SimpleTestCase, override_settings

from blog.testing import uvicorn_server


class CountingUpstream:
    """A raw ASGI app: each request waits (at most `patience` s) until two are inside."""

    def __init__(self, patience):
        self.patience = patience
        self.inside = 0
        self.most_inside = 0
        self.both = None

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return
        self.both = self.both or asyncio.Event()
        self.inside += 1
        self.most_inside = max(self.most_inside, self.inside)
        if self.inside >= 2:
            self.both.set()
        try:
            await asyncio.wait_for(self.both.wait(), self.patience)
        except TimeoutError:
            pass
        self.inside -= 1
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"a preview"})


class PreviewTests(SimpleTestCase):
    def most_at_once(self, path, patience=5.0):
        upstream = CountingUpstream(patience)

        async def two(base):
            async with httpx.AsyncClient(base_url=base, timeout=15) as client:
                return await asyncio.gather(client.get(path), client.get(path))

        with uvicorn_server(upstream) as upstream_url:
            with override_settings(ROOT_URLCONF="ch6_serving.urls", PREVIEW_UPSTREAM=upstream_url):
                with uvicorn_server(ASGIHandler()) as base:
                    responses = asyncio.run(two(base))
        self.assertEqual([r.json() for r in responses], [{"preview": "a preview"}] * 2)
        return upstream.most_inside

    def test_a_sync_http_call_in_an_async_view_serves_one_request_at_a_time(self):
        # Patience is short here: the blocked loop cannot send the second call anyway.
        self.assertEqual(self.most_at_once("/preview/blocking", patience=0.5), 1)

    def test_an_awaited_call_lets_two_overlap(self):
        self.assertEqual(self.most_at_once("/preview/async"), 2)

    def test_an_offloaded_call_lets_two_overlap(self):
        self.assertEqual(self.most_at_once("/preview/offloaded"), 2)
