"""The sample blog every test starts from: the rows of testkit's `seed.sql`, in the same order."""
import datetime

from .models import Article, Review, Tag

ARTICLES = [
    ("async-views", "Async views, from Django to axum", "ada", "published", datetime.date(2026, 1, 12), 120),
    ("tokio-tasks", "Tasks are cheap, threads are not", "linus", "published", datetime.date(2026, 2, 3), 75),
    ("async-orm", "The async ORM, with sqlx", "grace", "published", datetime.date(2026, 3, 1), 42),
    ("pool-sizing", "How big should a pool be?", "ada", "draft", None, 0),
    ("streaming-rows", "Streaming rows, one at a time", "grace", "draft", None, 0),
]
REVIEWS = [(1, 5), (1, 4), (1, 4), (2, 3), (3, 5), (3, 2)]
TAGS = ["rust", "django", "async"]
ARTICLE_TAGS = [(1, 1), (1, 2), (1, 3), (2, 1), (2, 3), (3, 1)]


def seed() -> None:
    """Inserts the sample blog with fixed ids (1, 2, 3, ...), as seed.sql does."""
    Article.objects.bulk_create(
        Article(id=i, slug=s, title=t, author=a, status=st, published_on=p, views=v)
        for i, (s, t, a, st, p, v) in enumerate(ARTICLES, start=1)
    )
    Review.objects.bulk_create(Review(article_id=a, rating=r) for a, r in REVIEWS)
    Tag.objects.bulk_create(Tag(id=i, name=n) for i, n in enumerate(TAGS, start=1))
    Through = Article.tags.through
    Through.objects.bulk_create(Through(article_id=a, tag_id=t) for a, t in ARTICLE_TAGS)
