"""Blocking work in a middleware: a maintenance flag read from a file on every request."""
from pathlib import Path

from asgiref.sync import markcoroutinefunction, sync_to_async
from django.http import JsonResponse

# Operators touch this file to close the site.
FLAG = Path("maintenance.flag")
UNAVAILABLE = {"error": "maintenance",
               "message": "back soon"}


def wait_for_disk() -> None:
    """The network share's latency (the tests swap in a barrier)."""


# ANCHOR: in_maintenance
def in_maintenance() -> bool:
    """Sync: a file on a network share."""
    wait_for_disk()
    return FLAG.exists()
# ANCHOR_END: in_maintenance


# ANCHOR: middleware
class MaintenanceMiddleware:
    async_capable = True
    sync_capable = False

    def __init__(self, get_response):
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request):
        check = sync_to_async(
            in_maintenance, thread_sensitive=False)
        if await check():
            return JsonResponse(UNAVAILABLE, status=503)
        return await self.get_response(request)
# ANCHOR_END: middleware


# ANCHOR: sync_middleware
# A sync middleware: Django adapts it for the async
# stack with sync_to_async(thread_sensitive=True).
class SyncMaintenanceMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if in_maintenance():
            return JsonResponse(UNAVAILABLE, status=503)
        return self.get_response(request)
# ANCHOR_END: sync_middleware
