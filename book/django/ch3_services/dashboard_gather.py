"""Page "The dashboard: three calls at once": a trip page over flights, hotels and rates."""
import asyncio

from django.conf import settings
from django.http import JsonResponse

from .http import UpstreamError, fetch


def urls():
    s = settings.TRIP_SERVICES
    return s["flights"], s["hotels"], s["rates"]


# ANCHOR: gather
async def trip(request):
    flights, hotels, rates = urls()
    try:
        # In flight together; the page takes as long
        # as the slowest call.
        flights, hotels, rates = await asyncio.gather(
            fetch("flights", flights),
            fetch("hotels", hotels),
            fetch("rates", rates))
    except UpstreamError as e:
        return e.response()
    return JsonResponse({"flights": flights,
                         "hotels": hotels, "rates": rates})
# ANCHOR_END: gather


# ANCHOR: wrong
# WRONG: correct, and as slow as the three calls
# added up: each starts when the one before ends.
async def trip_one_by_one(request):
    flights, hotels, rates = urls()
    try:
        flights = await fetch("flights", flights)
        hotels = await fetch("hotels", hotels)
        rates = await fetch("rates", rates)
    except UpstreamError as e:
        return e.response()
    return JsonResponse({"flights": flights,
                         "hotels": hotels, "rates": rates})
# ANCHOR_END: wrong
