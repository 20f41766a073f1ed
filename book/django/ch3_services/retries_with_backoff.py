"""Page "Retries with backoff": the exchange rates fetched again when the failure may pass."""
import asyncio

import httpx

from .http import http_client


class GaveUp(Exception):
    pass


class Refused(Exception):
    """A 4xx: the request is wrong, retrying cannot help."""


# ANCHOR: retry
async def rates_with_retries(url, attempts=3, backoff=0.02):
    last = None
    for attempt in range(1, attempts + 1):
        try:
            r = await http_client().get(url)
            if r.is_client_error:
                raise Refused(r.status_code)
            if r.is_success:
                return r.json()
            last = f"answered {r.status_code}"
        except httpx.TransportError as e:
            last = str(e) or type(e).__name__
        if attempt < attempts:
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, 2.0)
    raise GaveUp(f"after {attempts} attempts: {last}")
# ANCHOR_END: retry
