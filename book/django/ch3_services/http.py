"""What this chapter's views share: one httpx client, and a call to another service that
says which service failed and how."""
import asyncio
import weakref

import httpx
from django.http import JsonResponse

# ANCHOR: client
_clients = weakref.WeakKeyDictionary()


def http_client() -> httpx.AsyncClient:
    """One client (one connection pool) per event
    loop: under uvicorn, one for the process."""
    loop = asyncio.get_running_loop()
    if loop not in _clients:
        _clients[loop] = httpx.AsyncClient(timeout=2.0)
    return _clients[loop]
# ANCHOR_END: client


# ANCHOR: fetch
class UpstreamError(Exception):
    def __init__(self, status, error, message):
        super().__init__(message)
        self.status, self.error = status, error

    def response(self):
        return JsonResponse(
            {"error": self.error, "message": str(self)},
            status=self.status)


async def fetch(name, url, client=None):
    client = client or http_client()
    try:
        r = await client.get(url)
        r.raise_for_status()  # a 503 does not raise
        return r.json()
    except httpx.TimeoutException:
        raise UpstreamError(504, "gateway_timeout",
                            f"{name} did not answer in time")
    except (httpx.HTTPError, ValueError) as e:
        raise UpstreamError(502, "bad_gateway", f"{name}: {e}")
# ANCHOR_END: fetch
