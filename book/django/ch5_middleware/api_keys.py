"""Authentication in a middleware: an API key names a client, or the request stops here."""
from asgiref.sync import markcoroutinefunction
from django.http import JsonResponse

KEYS = {"k-reader-1": "newsletter-bot", "k-admin-7": "ops"}

# ANCHOR: find_client
async def find_client(key: str) -> str | None:
    """Stands in for an async lookup (the ORM, a cache)."""
    return KEYS.get(key)
# ANCHOR_END: find_client


# ANCHOR: middleware
FORBIDDEN = {"error": "unauthorized",
             "message": "a valid X-Api-Key is required"}


class ApiKeyMiddleware:
    async_capable = True
    sync_capable = False

    def __init__(self, get_response):
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request):
        if not request.path.startswith("/stats/"):
            return await self.get_response(request)
        key = request.headers.get("X-Api-Key", "")
        client = await find_client(key) if key else None
        if client is None:
            # Stops here: the view never runs.
            return JsonResponse(FORBIDDEN, status=401)
        request.client = client
        return await self.get_response(request)
# ANCHOR_END: middleware


views_run: list[str] = []


# ANCHOR: view
async def stats(request, slug):
    views_run.append(request.path)
    return JsonResponse({"client": request.client})
# ANCHOR_END: view


async def health(request):
    return JsonResponse({"status": "ok"})
