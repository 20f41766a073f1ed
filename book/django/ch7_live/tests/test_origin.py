"""What the origin page says about Channels: AllowedHostsOriginValidator refuses a page of
another site and a handshake without Origin, and closing in connect() refuses the handshake."""
from channels.testing import WebsocketCommunicator
from django.test import SimpleTestCase

from ch7_live.consumers import support_application


async def connect(path, origin=None):
    headers = [(b"origin", origin.encode())] if origin else []
    client = WebsocketCommunicator(support_application, path, headers=headers)
    connected, _ = await client.connect()
    return client, connected


class OriginTests(SimpleTestCase):
    async def test_the_sites_own_page_gets_its_ticket(self):
        client, connected = await connect("/ws/support/7", origin="http://testserver")
        self.assertTrue(connected)
        self.assertEqual(await client.receive_from(), "you are in the chat of ticket 7")
        await client.disconnect()

    async def test_a_page_of_another_site_is_refused(self):
        _, connected = await connect("/ws/support/7", origin="https://evil.example")
        self.assertFalse(connected)

    async def test_a_handshake_without_origin_is_refused(self):
        _, connected = await connect("/ws/support/7")
        self.assertFalse(connected)

    async def test_closing_in_connect_refuses_the_handshake(self):
        _, connected = await connect("/ws/support/8", origin="http://testserver")
        self.assertFalse(connected, "no 101: the consumer closed before accept()")
