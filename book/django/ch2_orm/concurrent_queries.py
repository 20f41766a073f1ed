"""Page "Independent queries at the same time": three numbers about reviews and tags."""
import asyncio

from django.db.models import Max
from django.http import JsonResponse

from blog.models import Review, Tag


# ANCHOR: stats
async def stats(request):
    # Gathered, yet one after another: each ORM call
    # is a thread-sensitive sync_to_async, and all of
    # this request's run on its one thread.
    reviews, tags, best = await asyncio.gather(
        Review.objects.acount(),
        Tag.objects.acount(),
        Review.objects.aaggregate(best=Max("rating")),
    )
    return JsonResponse({"reviews": reviews, "tags": tags,
                         "best": best["best"]})
# ANCHOR_END: stats
