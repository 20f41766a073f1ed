"""The capstone's dashboard in Django: three upstreams at once with a time budget each, the
most read articles and their statistics, cached for a few seconds."""
import asyncio

import httpx
from django.conf import settings
from django.db.models import Avg, Count, Max, Sum
from django.db.models.functions import Coalesce
from django.http import JsonResponse
from django.views.decorators.cache import cache_page

from blog.models import Article

BUDGET = 0.5  # seconds, per upstream
SECTIONS = ("news", "weather", "stocks")


async def fetch(http: httpx.AsyncClient, name: str):
    base = settings.DASHBOARD_UPSTREAM  # set by the tests
    answer = await http.get(f"{base}/{name}")
    answer.raise_for_status()
    return answer.json()


def why(error: BaseException) -> str:
    if isinstance(error, TimeoutError):
        return f"no answer within {BUDGET} s"
    return str(error) or type(error).__name__


# ANCHOR: stats
async def stats():
    return await Article.objects.aaggregate(
        articles=Count("id"),
        # Sum over no rows is None; the Rust twin's 0.
        total_views=Coalesce(Sum("views"), 0),
        average_views=Avg("views"),
        most_views=Max("views"))
# ANCHOR_END: stats


# ANCHOR: dashboard
@cache_page(5)
async def dashboard(request):
    async with httpx.AsyncClient() as http:
        answers = await asyncio.gather(
            *(asyncio.wait_for(fetch(http, s), BUDGET)
              for s in SECTIONS),
            return_exceptions=True)
    body = {"errors": {}}
    for section, answer in zip(SECTIONS, answers):
        failed = isinstance(answer, BaseException)
        body[section] = None if failed else answer
        if failed:
            body["errors"][section] = why(answer)
    top = Article.objects.order_by("-views")[:3]
    body["top_articles"] = [
        {"slug": a.slug, "views": a.views}
        async for a in top]
    body["stats"] = await stats()
    return JsonResponse(body)
# ANCHOR_END: dashboard
