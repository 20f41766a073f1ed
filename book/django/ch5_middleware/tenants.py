"""A value for everything inside: the tenant of each request, and the order of the onion."""
import re

from asgiref.sync import markcoroutinefunction
from django.http import JsonResponse

USABLE = re.compile(r"[a-z][a-z0-9-]{0,31}")

# What each layer saw, in order (the tests read it).
trail: list[str] = []


# ANCHOR: tenant
class TenantMiddleware:
    async_capable = True
    sync_capable = False

    def __init__(self, get_response):
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request):
        sent = request.headers.get("X-Tenant", "")
        request.tenant = (
            sent if USABLE.fullmatch(sent) else "public")
        trail.append(f"tenant in: {request.tenant}")
        response = await self.get_response(request)
        response["X-Tenant"] = request.tenant
        trail.append("tenant out")
        return response
# ANCHOR_END: tenant


# ANCHOR: audit
class AuditMiddleware:
    async_capable = True
    sync_capable = False

    def __init__(self, get_response):
        self.get_response = get_response
        markcoroutinefunction(self)

    async def __call__(self, request):
        tenant = getattr(request, "tenant", None)
        trail.append(f"audit in: {tenant}")
        response = await self.get_response(request)
        trail.append(f"audit out: {response.status_code}")
        return response
# ANCHOR_END: audit


# ANCHOR: view
async def whose(request):
    trail.append(f"view: {request.tenant}")
    return JsonResponse({"tenant": request.tenant})
# ANCHOR_END: view

# ANCHOR: settings
# settings.py: the first entry is the OUTERMOST.
MIDDLEWARE = [
    "ch5_middleware.tenants.TenantMiddleware",
    "ch5_middleware.tenants.AuditMiddleware",
]
# ANCHOR_END: settings
