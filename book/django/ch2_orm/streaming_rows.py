"""Page "Streaming rows, one at a time": a histogram of the review ratings."""
from blog.models import Review


# ANCHOR: histogram
async def rating_histogram():
    counts = [0] * 5
    reviews = Review.objects.order_by("id")
    # aiterator(): rows come in chunks as the loop
    # asks; no result cache holds them all.
    async for review in reviews.aiterator(chunk_size=2000):
        stars = min(max(round(review.rating), 1), 5)
        counts[stars - 1] += 1
    return counts
# ANCHOR_END: histogram
