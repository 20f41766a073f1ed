"""The client's address is a fact of the connection: what AsyncClient sets, and uvicorn."""
import asyncio

import httpx
from django.core.handlers.asgi import ASGIHandler
from django.test import AsyncClient, Client, SimpleTestCase, override_settings

from blog.testing import uvicorn_server


# ANCHOR: client_from
class AsyncClientFrom(AsyncClient):
    """An AsyncClient whose requests come from `address`."""

    def __init__(self, address, **defaults):
        super().__init__(**defaults)
        self.address = address

    def _base_scope(self, **request):
        scope = super()._base_scope(**request)
        scope["client"] = list(self.address)
        return scope
# ANCHOR_END: client_from


@override_settings(ROOT_URLCONF="ch6_serving.urls")
class ClientAddressTests(SimpleTestCase):
    # ANCHOR: remote_addr
    async def test_remote_addr_is_not_the_address(self):
        # AsyncClient sends its keyword arguments as
        # headers; Django reads the address from the
        # ASGI scope's "client", which stays 127.0.0.1.
        client = AsyncClient(REMOTE_ADDR="10.0.0.1")
        response = await client.get("/client")
        self.assertEqual(
            response.json(), {"ip": "127.0.0.1", "port": 0})

    async def test_the_scopes_client_does(self):
        client = AsyncClientFrom(("10.0.0.1", 5000))
        response = await client.get("/client")
        expected = {"ip": "10.0.0.1", "port": 5000}
        self.assertEqual(response.json(), expected)
    # ANCHOR_END: remote_addr

    def test_the_sync_client_does_set_it(self):
        # Client builds a WSGI environ, where REMOTE_ADDR is the address.
        response = Client(REMOTE_ADDR="10.0.0.1").get("/client")
        self.assertEqual(response.json()["ip"], "10.0.0.1")

    # ANCHOR: live
    def test_under_uvicorn_each_connection_has_its_own_port(self):
        async def from_two_connections(base):
            async with httpx.AsyncClient() as one, httpx.AsyncClient() as two:
                return [(await c.get(f"{base}/client")).json() for c in (one, two)]

        with uvicorn_server(ASGIHandler()) as base:
            first, second = asyncio.run(from_two_connections(base))
        self.assertEqual((first["ip"], second["ip"]), ("127.0.0.1", "127.0.0.1"))
        self.assertNotEqual(first["port"], second["port"])
    # ANCHOR_END: live
