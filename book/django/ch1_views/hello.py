"""Page "Hello, async world": a health check, `GET /status`, answered as JSON."""
from django.http import JsonResponse
from django.views.decorators.http import require_GET


# ANCHOR: status
@require_GET  # axum's get(): other methods get a 405
async def status(request):
    return JsonResponse({"status": "ok", "version": "1.0"})
# ANCHOR_END: status


# ANCHOR: no_decorator
async def status_any_method(request):
    return JsonResponse({"status": "ok", "version": "1.0"})
# ANCHOR_END: no_decorator
