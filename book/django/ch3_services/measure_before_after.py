"""Page "Measure before and after": the exchange rate behind a limit of calls at a time
for the whole process, and a small load loop that measures it (p50, p99, requests/s)."""
import asyncio
import math
import time
import weakref

import httpx
from django.conf import settings
from django.http import JsonResponse

from .http import UpstreamError, fetch

_slots = weakref.WeakKeyDictionary()


# ANCHOR: limited
def slots() -> asyncio.Semaphore:
    """RATES_AT_ONCE calls in flight, for every
    request of the process (one per event loop)."""
    loop = asyncio.get_running_loop()
    if loop not in _slots:
        _slots[loop] = asyncio.Semaphore(
            settings.RATES_AT_ONCE)
    return _slots[loop]


async def limited_rate(request):
    try:
        async with slots():
            rate = await fetch(
                "rates", f"{settings.RATES_URL}/rates")
    except UpstreamError as e:
        return e.response()
    return JsonResponse(rate)
# ANCHOR_END: limited


# ANCHOR: measure
async def measure(url, clients, requests):
    """`clients` clients at once, one request at a
    time each, `requests` in all."""
    latencies, tickets = [], iter(range(requests))
    async with httpx.AsyncClient(timeout=10) as http:
        async def client():
            for _ in tickets:  # shared by all clients
                sent = time.perf_counter()
                (await http.get(url)).raise_for_status()
                latencies.append(time.perf_counter() - sent)

        began = time.perf_counter()
        await asyncio.gather(
            *(client() for _ in range(clients)))
        elapsed = time.perf_counter() - began
    latencies.sort()

    def pct(q):  # nearest rank
        rank = max(1, math.ceil(q * len(latencies)))
        return latencies[rank - 1]

    return {"p50": pct(0.5), "p99": pct(0.99),
            "rps": len(latencies) / elapsed}
# ANCHOR_END: measure
