from blog.models import Review

from ..streaming_rows import rating_histogram
from .support import ChapterTestCase


class StreamingRowsTests(ChapterTestCase):
    async def test_counts_the_seeded_ratings(self):
        self.assertEqual(await rating_histogram(), [0, 1, 1, 2, 2])

    async def test_async_for_over_a_queryset_fills_its_result_cache_before_the_first_row(self):
        await Review.objects.abulk_create(Review(article_id=2, rating=3) for _ in range(500))
        reviews = Review.objects.order_by("id")
        async for _ in reviews:
            cached_at_first_row = len(reviews._result_cache)
            break
        self.assertEqual(cached_at_first_row, 506)

    async def test_aiterator_keeps_no_result_cache(self):
        reviews = Review.objects.order_by("id")
        async for _ in reviews.aiterator(chunk_size=2):
            self.assertIsNone(reviews._result_cache)
