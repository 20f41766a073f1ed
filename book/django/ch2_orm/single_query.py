"""Page "A single query is not faster": one review's rating, the sync way and the async way,
and several gathered."""
import asyncio

from blog.models import Review


# ANCHOR: one
def rating(review_id):
    return Review.objects.get(pk=review_id).rating


async def arating(review_id):
    # The same query, handed by sync_to_async to a
    # thread; the event loop waits for that thread.
    review = await Review.objects.aget(pk=review_id)
    return review.rating
# ANCHOR_END: one


# ANCHOR: many
async def ratings(review_ids):
    # Gathered, yet one at a time: each aget is a
    # thread-sensitive sync_to_async, and all of this
    # task's run on its one thread and connection.
    return await asyncio.gather(
        *(arating(i) for i in review_ids))
# ANCHOR_END: many
