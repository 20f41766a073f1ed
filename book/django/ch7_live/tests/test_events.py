"""What the server-sent events page says about Django: an event stream is a streaming
response you format yourself, resuming reads Last-Event-ID, and keep-alives are yours to send."""
import asyncio
from unittest import mock

from django.test import SimpleTestCase, override_settings

from ch7_live import events


@override_settings(ROOT_URLCONF="ch7_live.urls")
@mock.patch.object(events, "TICK", 0)
class CountdownTests(SimpleTestCase):
    async def read(self, response):
        return b"".join([chunk async for chunk in response.streaming_content]).decode()

    async def test_a_reconnecting_client_resumes_after_the_last_id_it_saw(self):
        response = await self.async_client.get("/countdown", headers={"Last-Event-ID": "3"})
        self.assertEqual(response["Content-Type"], "text/event-stream")
        text = await self.read(response)
        ids = [line.removeprefix("id: ") for line in text.splitlines() if line.startswith("id: ")]
        self.assertEqual(ids, ["2", "1", "0"])

    async def test_a_new_client_gets_the_whole_countdown(self):
        text = await self.read(await self.async_client.get("/countdown"))
        self.assertIn("id: 10\nevent: tick\ndata: counting\n\n", text)
        self.assertTrue(text.endswith("id: 0\nevent: tick\ndata: liftoff\n\n"))


class KeepAliveTests(SimpleTestCase):
    async def test_an_idle_stream_gets_a_comment_line(self):
        async def silent():
            await asyncio.Event().wait()
            yield "never"

        stream = events.with_keep_alive(silent(), every=0.01)
        self.assertEqual(await anext(stream), ": keep-alive\n\n")
        await stream.aclose()
