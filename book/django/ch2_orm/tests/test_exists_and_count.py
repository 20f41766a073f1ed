from ..exists_and_count import count_reviews, count_reviews_by_loading, has_top_review
from .support import ChapterTestCase, captured_sql


class ExistsAndCountTests(ChapterTestCase):
    async def test_answers_match_the_seed(self):
        self.assertTrue(await has_top_review(1))
        self.assertFalse(await has_top_review(2))
        self.assertEqual(await count_reviews(1), 3)
        self.assertEqual(await count_reviews(4), 0)

    async def test_aexists_sends_select_1_limit_1_and_acount_a_count(self):
        with captured_sql() as sql:
            await has_top_review(1)
            await count_reviews(1)
        exists, count = sql
        # SELECT 1, with the 1 as a parameter.
        self.assertRegex(exists.sql, r'^SELECT %s AS "a" FROM "reviews" WHERE .* LIMIT 1$')
        self.assertEqual(exists.params[0], 1)
        count = count.sql
        self.assertRegex(count, r"^SELECT COUNT\(\*\) AS .__count. FROM .reviews.")

    async def test_counting_by_loading_selects_every_column_of_every_row(self):
        with captured_sql() as sql:
            self.assertEqual(await count_reviews_by_loading(1), 3)
        self.assertRegex(sql[-1].sql, r'^SELECT "reviews"."id", "reviews"."article_id", "reviews"."rating" FROM')
