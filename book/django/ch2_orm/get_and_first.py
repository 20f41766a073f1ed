"""Page "Get one, or the first": `aget()`'s two errors and `afirst()`, on the blog's reviews."""
from django.http import JsonResponse

from blog.models import Review


def as_dict(review):
    return {"id": review.id, "article_id": review.article_id,
            "rating": review.rating}


# ANCHOR: get
async def review_of(request, article_id):
    try:
        review = await Review.objects.aget(
            article_id=article_id)
    except Review.DoesNotExist:
        return JsonResponse(
            {"error": "not_found"}, status=404)
    except Review.MultipleObjectsReturned:
        return JsonResponse(
            {"error": "multiple_objects_returned"},
            status=500)
    return JsonResponse(as_dict(review))
# ANCHOR_END: get


# ANCHOR: first
async def best_review(request):
    review = await (Review.objects
                    .order_by("-rating", "id")
                    .afirst())  # None: no row
    body = None if review is None else as_dict(review)
    return JsonResponse(body, safe=False)
# ANCHOR_END: first
