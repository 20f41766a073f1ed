"""Timeouts and crashes as JSON errors: one async middleware for both."""
import asyncio
import logging

from asgiref.sync import markcoroutinefunction
from django.http import JsonResponse

logger = logging.getLogger(__name__)
REQUEST_TIMEOUT = 2.0  # seconds


# ANCHOR: middleware
class DeadlineMiddleware:
    async_capable = True
    sync_capable = False

    def __init__(self, get_response):
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request):
        try:
            return await asyncio.wait_for(
                self.get_response(request),
                timeout=REQUEST_TIMEOUT)
        except TimeoutError:
            # The view got CancelledError at its await.
            return JsonResponse(
                {"error": "timeout"}, status=504)

    # Called by Django when the view raises.
    def process_exception(self, request, exception):
        logger.error("request failed", exc_info=exception)
        return JsonResponse(
            {"error": "internal"}, status=500)
# ANCHOR_END: middleware
