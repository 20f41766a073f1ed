"""Page "Exists and count, without loading rows": two questions about the blog's reviews."""
from blog.models import Review


# ANCHOR: exists_and_count
async def has_top_review(article_id):
    return await Review.objects.filter(
        article_id=article_id, rating=5).aexists()


async def count_reviews(article_id):
    return await Review.objects.filter(
        article_id=article_id).acount()
# ANCHOR_END: exists_and_count


# ANCHOR: wrong
# WRONG: the right number, after moving every row
# over the wire and building an object for each.
async def count_reviews_by_loading(article_id):
    reviews = Review.objects.filter(article_id=article_id)
    return len([r async for r in reviews])
# ANCHOR_END: wrong
