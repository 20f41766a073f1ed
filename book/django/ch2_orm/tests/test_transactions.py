from django.core.exceptions import SynchronousOnlyOperation
from django.db import IntegrityError

from blog.models import Article, Review

from ..transactions import add_review, add_review_async_with, add_review_sync_with
from .support import ChapterTestCase


class TransactionTests(ChapterTestCase):
    async def views_of_1(self):
        return (await Article.objects.aget(id=1)).views

    async def test_both_rows_change_together(self):
        self.assertEqual(await add_review(1, 4.0), 7)
        self.assertEqual(await self.views_of_1(), 121)

    async def test_a_refused_review_undoes_the_read(self):
        # Django's schema has no CHECK on the rating; NOT NULL is what refuses this one.
        with self.assertRaises(IntegrityError):
            await add_review(1, None)
        self.assertEqual(await self.views_of_1(), 120)
        self.assertEqual(await Review.objects.acount(), 6)

    async def test_async_with_atomic_does_not_exist(self):
        with self.assertRaisesRegex(TypeError, "asynchronous context manager"):
            await add_review_async_with(1, 4.0)

    async def test_a_plain_with_atomic_in_async_code_raises_synchronous_only(self):
        with self.assertRaises(SynchronousOnlyOperation):
            await add_review_sync_with(1, 4.0)
