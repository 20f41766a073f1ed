"""A middleware that works on the way in and on the way out: the language of every answer."""
from asgiref.sync import iscoroutinefunction, markcoroutinefunction


def pick_language(accept_language: str) -> str:
    return "fr" if accept_language.startswith("fr") else "en"


# ANCHOR: middleware
class ContentLanguageMiddleware:
    async_capable = True
    sync_capable = False

    # Once, when the handler loads MIDDLEWARE.
    def __init__(self, get_response):
        self.get_response = get_response
        if iscoroutinefunction(get_response):
            markcoroutinefunction(self)

    # Per request: in, the rest of the app, out.
    async def __call__(self, request):
        accept = request.headers.get("Accept-Language", "")
        request.language = pick_language(accept)
        response = await self.get_response(request)
        response["Content-Language"] = request.language
        response["Vary"] = "Accept-Language"
        return response
# ANCHOR_END: middleware
