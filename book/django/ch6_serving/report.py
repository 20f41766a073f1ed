"""A slow report, to have a request in flight while the server shuts down."""
import asyncio
import threading

from django.http import JsonResponse

# The tests hold the report until they release it.
in_flight: list[str] = []
release = threading.Event()


async def report(request):
    in_flight.append(request.path)
    while not release.is_set():
        await asyncio.sleep(0.01)
    return JsonResponse({"report": "done"})
