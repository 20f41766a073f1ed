"""What the capstone's live view says about Django: a value shown live is a streaming response
over an async generator that waits for changes, sends the current version at once unless the
client has it (Last-Event-ID), and ends only when told to."""
import asyncio
from unittest import mock

from django.test import SimpleTestCase, override_settings

from ch6_serving import live

PATIENCE = 5


@override_settings(ROOT_URLCONF="ch6_serving.urls")
class QueueLiveTests(SimpleTestCase):
    async def open(self, **headers):
        response = await self.async_client.get("/queue/live", headers=headers)
        self.assertEqual(response["Content-Type"], "text/event-stream")
        self.assertTrue(response.is_async, "an async generator, streamed without a thread")
        return aiter(response.streaming_content)

    async def next(self, stream):
        chunk = await asyncio.wait_for(anext(stream), PATIENCE)
        return chunk.decode() if isinstance(chunk, bytes) else chunk

    async def test_the_value_now_then_each_change(self):
        queue = live.Live(0)
        with mock.patch.object(live, "QUEUE", queue):
            stream = await self.open()
            self.assertEqual(await self.next(stream), "id: 1\nevent: queue\ndata: 0\n\n")
            await queue.set(3)
            self.assertEqual(await self.next(stream), "id: 2\nevent: queue\ndata: 3\n\n")

    async def test_a_client_that_has_the_current_version_gets_only_the_next(self):
        queue = live.Live(0)
        with mock.patch.object(live, "QUEUE", queue):
            stream = await self.open(**{"Last-Event-ID": "1"})
            waiting = asyncio.ensure_future(self.next(stream))
            await asyncio.sleep(0.05)
            self.assertFalse(waiting.done(), "version 1 is not sent again to a client that has it")
            await queue.set(7)
            self.assertEqual(await waiting, "id: 2\nevent: queue\ndata: 7\n\n")

    async def test_the_stream_ends_only_when_closed(self):
        queue = live.Live(0)
        with mock.patch.object(live, "QUEUE", queue):
            stream = await self.open()
            await self.next(stream)
            await queue.close()
            with self.assertRaises(StopAsyncIteration):
                await self.next(stream)
