"""Page "Aggregates, and NULL when there is nothing": views summed up by status, and per tag.
Then the annotate() mistakes the page warns about, kept as real code that the tests run."""
from django.db.models import Avg, Count, Max, Sum

from blog.models import Article, Tag


# ANCHOR: summary
async def views_summary(status):
    return await Article.objects.filter(
        status=status).aaggregate(
        articles=Count("id"),
        total=Sum("views"),  # None over no rows
        top=Max("views"))
# ANCHOR_END: summary


# ANCHOR: per_tag
async def views_per_tag():
    tags = Tag.objects.annotate(
        article_count=Count("articles"),
        views=Sum("articles__views"),
    ).order_by("name")
    return [(t.name, t.article_count, t.views)
            async for t in tags]
# ANCHOR_END: per_tag


# ANCHOR: wrong_name
# WRONG: the annotation `reviews` hides the relation,
# so `reviews__rating` is a lookup on a number:
# FieldError, "Unsupported lookup 'rating' for
# IntegerField or join on the field not permitted".
def per_author_clashing_name():
    return (Article.objects.values("author")
            .annotate(reviews=Count("reviews"),
                      average=Avg("reviews__rating")))
# ANCHOR_END: wrong_name


# ANCHOR: wrong_joins
# WRONG: two multi-valued joins in one query multiply
# each other: an article with 3 reviews and 3 tags
# counts 9 of each.
def reviews_and_tags_per_article():
    return Article.objects.annotate(
        review_count=Count("reviews"),
        tag_count=Count("tags"))
# ANCHOR_END: wrong_joins


# ANCHOR: right_per_author
async def ratings_per_author():
    rows = (Article.objects.values("author")
            .annotate(review_count=Count("reviews"),
                      average=Avg("reviews__rating"))
            .order_by("author"))
    return [row async for row in rows]
# ANCHOR_END: right_per_author
