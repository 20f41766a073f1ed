"""Page "Timeouts and partial results": the trip page with a time budget per section."""
import asyncio

from django.http import JsonResponse

from .dashboard_gather import urls
from .http import UpstreamError, fetch

BUDGET = 1.0  # seconds, per section


# ANCHOR: section
async def section(name, url):
    try:
        data = await asyncio.wait_for(
            fetch(name, url), timeout=BUDGET)
    except (TimeoutError, UpstreamError) as e:
        reason = "timed out" if isinstance(
            e, TimeoutError) or e.status == 504 else str(e)
        return {"state": "unavailable", "reason": reason}
    return {"state": "ready", "data": data}


async def trip_page(request):
    flights, hotels, rates = urls()
    # A section never fails the page.
    flights, hotels, rates = await asyncio.gather(
        section("flights", flights),
        section("hotels", hotels),
        section("rates", rates))
    return JsonResponse({"flights": flights,
                         "hotels": hotels, "rates": rates})
# ANCHOR_END: section
