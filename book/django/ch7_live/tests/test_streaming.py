"""What the streaming page says about Django: an async iterator is streamed, and a client
that disconnects cancels it."""
import asyncio
import json

from asgiref.testing import ApplicationCommunicator
from django.core.handlers.asgi import ASGIHandler
from django.http import StreamingHttpResponse
from django.test import override_settings
from django.urls import path

from blog.testing import SeededTestCase


@override_settings(ROOT_URLCONF="ch7_live.urls")
class ReviewsNdjsonTests(SeededTestCase):
    async def test_every_review_is_one_line_of_json_streamed(self):
        response = await self.async_client.get("/reviews.ndjson")
        self.assertTrue(response.streaming)
        self.assertTrue(response.is_async, "an async iterator, streamed without a thread")
        self.assertEqual(response["Content-Type"], "application/x-ndjson")
        body = b"".join([chunk async for chunk in response.streaming_content])
        ids = [json.loads(line)["id"] for line in body.decode().splitlines()]
        self.assertEqual(ids, [1, 2, 3, 4, 5, 6])


# A view that sends one line, then waits for ever: the client leaves while it waits.
ITERATOR_ENDED = asyncio.Event()
CANCELLED = []


async def endless(request):
    async def lines():
        try:
            yield "first line\n"
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            CANCELLED.append(True)
            raise
        finally:
            ITERATOR_ENDED.set()

    return StreamingHttpResponse(lines())


urlpatterns = [path("endless", endless)]


@override_settings(ROOT_URLCONF=__name__)
class DisconnectTests(SeededTestCase):
    async def test_a_client_that_disconnects_cancels_the_iterator(self):
        app = ApplicationCommunicator(
            ASGIHandler(),
            {"type": "http", "method": "GET", "path": "/endless", "headers": [],
             "query_string": b"", "server": ("testserver", 80)},
        )
        await app.send_input({"type": "http.request", "body": b""})
        start = await app.receive_output(timeout=5)
        self.assertEqual(start["type"], "http.response.start")
        first = await app.receive_output(timeout=5)
        self.assertEqual(first["body"], b"first line\n")

        await app.send_input({"type": "http.disconnect"})
        await asyncio.wait_for(ITERATOR_ENDED.wait(), timeout=5)
        self.assertEqual(CANCELLED, [True], "Django cancels the iterator on http.disconnect")
        await app.wait(timeout=5)
