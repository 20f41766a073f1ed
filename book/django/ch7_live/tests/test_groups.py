"""What the rooms page says about Channels' groups: a group_send reaches every member, a member
that leaves is discarded, and a full channel loses messages without anyone being told."""
from channels.layers import InMemoryChannelLayer, get_channel_layer
from channels.testing import WebsocketCommunicator
from django.test import SimpleTestCase

from ch7_live.consumers import TickerConsumer, publish_price


class TickerTests(SimpleTestCase):
    async def test_every_watcher_gets_the_price_and_a_leaver_is_discarded(self):
        ada = WebsocketCommunicator(TickerConsumer.as_asgi(), "/ws/ticker")
        bob = WebsocketCommunicator(TickerConsumer.as_asgi(), "/ws/ticker")
        self.assertTrue((await ada.connect())[0])
        self.assertTrue((await bob.connect())[0])

        await publish_price('{"symbol":"ACME","cents":12345}')
        self.assertEqual(await ada.receive_from(), '{"symbol":"ACME","cents":12345}')
        self.assertEqual(await bob.receive_from(), '{"symbol":"ACME","cents":12345}')

        await bob.disconnect()
        layer = get_channel_layer()
        self.assertEqual(len(layer.groups[TickerConsumer.group]), 1, "bob left the group")
        await ada.disconnect()


class FullChannelTests(SimpleTestCase):
    async def test_a_full_channel_loses_messages_silently(self):
        layer = InMemoryChannelLayer(capacity=2)
        channel = await layer.new_channel()
        await layer.group_add("room", channel)
        for n in range(5):
            await layer.group_send("room", {"type": "chat.message", "n": n})  # no error
        got = [(await layer.receive(channel))["n"] for _ in range(2)]
        self.assertEqual(got, [0, 1], "messages 2, 3 and 4 were dropped, and nobody was told")
        self.assertNotIn(channel, layer.channels, "nothing else is waiting in the channel")


class OneProcessTests(SimpleTestCase):
    async def test_the_in_memory_layer_stops_at_the_edge_of_its_process(self):
        # Two servers are two processes, each with its own in-memory layer.
        server_one, server_two = InMemoryChannelLayer(), InMemoryChannelLayer()
        bob = await server_two.new_channel()
        await server_two.group_add("lobby", bob)
        await server_one.group_send("lobby", {"type": "chat.message", "text": "hi"})
        self.assertNotIn("lobby", server_one.groups, "server one knows no member of the lobby")
        self.assertNotIn(bob, server_two.channels, "nothing reached bob on server two")
