"""One event loop, three ways to call a slow upstream: blocking it, awaiting, offloading."""
import httpx
from asgiref.sync import sync_to_async
from django.conf import settings
from django.http import JsonResponse


def upstream() -> str:
    return settings.PREVIEW_UPSTREAM  # set by the tests


# ANCHOR: blocking
# WRONG: a sync HTTP client (requests, httpx.get) in
# an async view blocks the loop: nobody else is served.
async def preview_blocking(request):
    answer = httpx.get(upstream(), timeout=10)
    return JsonResponse({"preview": answer.text})
# ANCHOR_END: blocking


# ANCHOR: awaited
async def preview_async(request):
    async with httpx.AsyncClient(timeout=10) as http:
        answer = await http.get(upstream())
    return JsonResponse({"preview": answer.text})
# ANCHOR_END: awaited


# ANCHOR: offloaded
def fetch_preview() -> str:  # sync, as legacy code is
    return httpx.get(upstream(), timeout=10).text


async def preview_offloaded(request):
    text = await sync_to_async(
        fetch_preview, thread_sensitive=False)()
    return JsonResponse({"preview": text})
# ANCHOR_END: offloaded
