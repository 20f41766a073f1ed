from blog.models import Review

from .support import ChapterTestCase, captured_sql


class GetAndFirstTests(ChapterTestCase):
    async def test_one_none_or_several(self):
        res = await self.async_client.get("/articles/2/review")
        self.assertEqual(res.json(), {"id": 4, "article_id": 2, "rating": 3.0})
        res = await self.async_client.get("/articles/4/review")
        self.assertEqual((res.status_code, res.json()["error"]), (404, "not_found"))
        res = await self.async_client.get("/articles/1/review")
        self.assertEqual((res.status_code, res.json()["error"]), (500, "multiple_objects_returned"))

    async def test_aget_fetches_up_to_21_rows_to_tell_one_from_several(self):
        with captured_sql() as sql:
            with self.assertRaisesRegex(Review.MultipleObjectsReturned, "returned 3"):
                await Review.objects.aget(article_id=1)
        self.assertIn("LIMIT 21", sql[-1].sql)

    async def test_the_best_review_breaks_ties_by_id_and_is_null_when_empty(self):
        res = await self.async_client.get("/best-review")
        self.assertEqual(res.json()["id"], 1)
        await Review.objects.all().adelete()
        res = await self.async_client.get("/best-review")
        self.assertIsNone(res.json())

    async def test_afirst_without_an_order_orders_by_the_primary_key(self):
        # Review has no Meta.ordering: afirst() adds ORDER BY id itself. (Only a raw
        # query's LIMIT 1 with no ORDER BY gets whichever row the database meets first.)
        with captured_sql() as sql:
            first = await Review.objects.afirst()
        self.assertEqual(first.id, 1)
        self.assertIn('ORDER BY "reviews"."id" ASC', sql[-1].sql)
