"""A middleware is done before a streamed body is sent: it cannot time the sending."""
from asgiref.sync import markcoroutinefunction
from django.http import StreamingHttpResponse
from django.test import SimpleTestCase, override_settings
from django.urls import path

events: list[str] = []


class Marks:
    async_capable = True
    sync_capable = False

    def __init__(self, get_response):
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request):
        response = await self.get_response(request)
        events.append("middleware returned")
        return response


async def rows():
    events.append("body started")
    yield b"row 1\n"


async def export(request):
    return StreamingHttpResponse(rows())


urlpatterns = [path("export", export)]


@override_settings(
    ROOT_URLCONF="ch5_middleware.tests.test_streaming",
    MIDDLEWARE=["ch5_middleware.tests.test_streaming.Marks"],
)
class StreamingTests(SimpleTestCase):
    async def test_the_middleware_returns_before_the_body_is_sent(self):
        events.clear()
        response = await self.async_client.get("/export")
        body = b"".join([chunk async for chunk in response.streaming_content])
        self.assertEqual(body, b"row 1\n")
        self.assertEqual(events, ["middleware returned", "body started"])
