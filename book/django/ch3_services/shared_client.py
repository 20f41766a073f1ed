"""Page "One shared HTTP client": `GET /rates`, today's exchange rates from another service."""
from django.conf import settings
from django.http import JsonResponse

from .http import UpstreamError, fetch


# ANCHOR: rates
async def rates(request):
    try:
        data = await fetch(
            "rates", f"{settings.RATES_URL}/v1/rates")
    except UpstreamError as e:
        return e.response()
    return JsonResponse({k: data[k]
                         for k in ("base", "usd", "gbp")})
# ANCHOR_END: rates
