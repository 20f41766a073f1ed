"""Page "Deadlines and cancellation": the trip page with a deadline for the whole page."""
import asyncio

from django.http import JsonResponse

from .dashboard_gather import urls
from .http import UpstreamError, fetch

DEADLINE = 0.5  # seconds, for the whole page


# ANCHOR: deadline
async def trip_by_deadline(request):
    flights, hotels, rates = urls()
    try:
        # Python 3.11+: when time runs out, gather's
        # children are cancelled, their calls with them.
        async with asyncio.timeout(DEADLINE):
            flights, hotels, rates = await asyncio.gather(
                fetch("flights", flights),
                fetch("hotels", hotels),
                fetch("rates", rates))
    except TimeoutError:
        return JsonResponse(
            {"error": "deadline_exceeded"}, status=504)
    except UpstreamError as e:
        return e.response()
    return JsonResponse({"flights": flights,
                         "hotels": hotels, "rates": rates})
# ANCHOR_END: deadline


# What a view sees when its client goes away, for the page's claim and its test.
left_early = []


# ANCHOR: disconnect
async def long_report(request):
    try:
        await asyncio.sleep(10)  # stands for slow work
    except asyncio.CancelledError:
        # Django 5+ under ASGI: the client hung up.
        left_early.append(request.path)
        raise
    return JsonResponse({"done": True})
# ANCHOR_END: disconnect
