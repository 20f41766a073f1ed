"""Page "Bounded fan-out": the prices of twenty hotels, at most four calls at a time."""
import asyncio

from django.conf import settings
from django.http import JsonResponse

from .http import UpstreamError, fetch


# ANCHOR: prices
async def prices(ids, limit=4):
    slots = asyncio.Semaphore(limit)

    async def one(id):
        async with slots:  # at most `limit` inside
            return await fetch(
                "pricing", f"{settings.PRICING_URL}/prices/{id}")

    # gather keeps the order of `ids`.
    return await asyncio.gather(*(one(id) for id in ids))


async def hotel_prices(request):
    try:
        found = await prices(range(1, 21))
    except UpstreamError as e:
        return e.response()
    return JsonResponse(found, safe=False)
# ANCHOR_END: prices
