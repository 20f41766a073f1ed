from django.core.exceptions import FieldError

from ..aggregates import (
    per_author_clashing_name,
    ratings_per_author,
    reviews_and_tags_per_article,
    views_per_tag,
    views_summary,
)
from blog.models import Tag

from .support import ChapterTestCase


class AggregatesTests(ChapterTestCase):
    async def test_aaggregate_over_no_rows_is_zero_and_nones(self):
        self.assertEqual(await views_summary("published"), {"articles": 3, "total": 237, "top": 120})
        self.assertEqual(await views_summary("archived"), {"articles": 0, "total": None, "top": None})

    async def test_an_unused_tag_is_listed_with_zero_articles(self):
        await Tag.objects.acreate(name="tokio")
        self.assertEqual(
            await views_per_tag(),
            [("async", 2, 195), ("django", 1, 120), ("rust", 3, 237), ("tokio", 0, None)],
        )

    def test_an_annotation_named_like_a_relation_hides_it_and_raises_field_error(self):
        with self.assertRaisesRegex(FieldError, "Unsupported lookup 'rating' for IntegerField"):
            per_author_clashing_name()

    async def test_two_multi_valued_joins_multiply_the_counts(self):
        first = await reviews_and_tags_per_article().aget(id=1)
        # Article 1 has 3 reviews and 3 tags; each count says 9.
        self.assertEqual((first.review_count, first.tag_count), (9, 9))

    async def test_count_distinct_repairs_the_counts(self):
        from django.db.models import Count

        from blog.models import Article

        first = await Article.objects.annotate(
            review_count=Count("reviews", distinct=True), tag_count=Count("tags", distinct=True)
        ).aget(id=1)
        self.assertEqual((first.review_count, first.tag_count), (3, 3))

    async def test_one_join_per_query_gives_the_right_numbers(self):
        rows = await ratings_per_author()
        self.assertEqual([(r["author"], r["review_count"]) for r in rows],
                         [("ada", 3), ("grace", 2), ("linus", 1)])
        self.assertAlmostEqual(rows[0]["average"], 13 / 3)
