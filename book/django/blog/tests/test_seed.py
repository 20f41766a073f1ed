from blog.models import Article, Review, Tag
from blog.testing import SeededTestCase


class SeedTests(SeededTestCase):
    async def test_the_seed_matches_testkits_seed_sql(self):
        self.assertEqual(await Article.objects.acount(), 5)
        self.assertEqual(await Review.objects.acount(), 6)
        self.assertEqual([t.name async for t in Tag.objects.order_by("id")], ["rust", "django", "async"])
        first = await Article.objects.aget(id=1)
        self.assertEqual((first.slug, first.views), ("async-views", 120))
        self.assertEqual([t.name async for t in first.tags.order_by("id")], ["rust", "django", "async"])
