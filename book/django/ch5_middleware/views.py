"""Views the chapter's middleware wraps."""
import asyncio

from django.http import JsonResponse


async def article(request, slug):
    if slug == "no-such-article":
        return JsonResponse({"error": "not_found"}, status=404)
    return JsonResponse({"slug": slug})


async def crash(request):
    raise RuntimeError("the view crashed")


async def slow(request):
    await asyncio.sleep(0.05)
    return JsonResponse({"slow": True})


cancelled: list[str] = []


async def report(request):
    try:
        await asyncio.sleep(30)
    except asyncio.CancelledError:
        cancelled.append(request.path)
        raise
    return JsonResponse({"report": "done"})
