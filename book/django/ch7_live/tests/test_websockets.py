"""What the WebSocket pages say about Channels: a consumer accepts, answers each message, and
closes with a code the client can read."""
from channels.testing import WebsocketCommunicator
from django.test import SimpleTestCase

from ch7_live.consumers import GuessConsumer


class GuessConsumerTests(SimpleTestCase):
    async def test_guesses_get_hints_and_the_right_one_wins(self):
        client = WebsocketCommunicator(GuessConsumer.as_asgi(), "/ws/guess")
        connected, _ = await client.connect()
        self.assertTrue(connected)
        await client.send_to(text_data="10")
        self.assertEqual(await client.receive_from(), "higher")
        await client.send_to(text_data="50")
        self.assertEqual(await client.receive_from(), "lower")
        await client.send_to(text_data="42")
        closed = await client.receive_output()
        self.assertEqual(closed, {"type": "websocket.close", "code": 1000, "reason": "you win"})
        await client.wait()

    async def test_a_guess_that_is_not_a_number_closes_with_1007(self):
        client = WebsocketCommunicator(GuessConsumer.as_asgi(), "/ws/guess")
        await client.connect()
        await client.send_to(text_data="forty-two")
        closed = await client.receive_output()
        self.assertEqual(closed["code"], 1007)
        await client.wait()
