"""Page "Transactions: all or nothing": a review that also counts as a read of its article."""
from asgiref.sync import sync_to_async
from django.db import transaction
from django.db.models import F

from blog.models import Article, Review


# ANCHOR: review
@sync_to_async  # atomic() is sync: so is the unit
def add_review(article_id, rating):
    with transaction.atomic():
        read = Article.objects.filter(id=article_id).update(
            views=F("views") + 1)
        if not read:
            raise Article.DoesNotExist(article_id)
        # An exception here leaves atomic() by
        # raising: the +1 is rolled back.
        return Review.objects.create(
            article_id=article_id, rating=rating).id

# in the async view:
#     review_id = await add_review(article_id, rating)
# ANCHOR_END: review


# ANCHOR: wrong
# WRONG: atomic() is not an async context manager.
async def add_review_async_with(article_id, rating):
    async with transaction.atomic():
        await Article.objects.filter(id=article_id).aupdate(
            views=F("views") + 1)
        return (await Review.objects.acreate(
            article_id=article_id, rating=rating)).id
# ANCHOR_END: wrong


# WRONG too: a plain `with` in async code opens the connection synchronously.
async def add_review_sync_with(article_id, rating):
    with transaction.atomic():
        return (await Review.objects.acreate(article_id=article_id, rating=rating)).id
