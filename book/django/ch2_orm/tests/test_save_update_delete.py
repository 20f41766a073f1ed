from blog.models import Article, Review, Tag

from ..save_update_delete import create_tag, delete_tag, delete_unused_tags, rename_tag
from .support import ChapterTestCase, captured_sql


class SaveUpdateDeleteTests(ChapterTestCase):
    async def test_create_rename_and_delete_say_what_they_changed(self):
        with captured_sql() as sql:
            tag = await create_tag("sqlx")
        self.assertEqual(tag.id, 4)
        self.assertRegex(sql[-1].sql, r'^INSERT INTO "tags" .* RETURNING "tags"."id"$')
        self.assertTrue(await rename_tag(4, "sql"))
        self.assertFalse(await rename_tag(99, "none"))
        self.assertEqual(await delete_unused_tags(), 1)
        self.assertEqual(await Tag.objects.acount(), 3)

    async def test_aupdate_is_one_statement_and_returns_the_rows_matched(self):
        with captured_sql() as sql:
            n = await Article.objects.filter(status="draft").aupdate(views=1)
        self.assertEqual(n, 2)
        self.assertEqual([s.sql.split()[0] for s in sql], ["UPDATE"])

    async def test_adelete_counts_the_cascaded_rows_too(self):
        total, per_model = await delete_tag(1)
        self.assertEqual((total, per_model), (4, {"blog.Article_tags": 3, "blog.Tag": 1}))

    async def test_adelete_is_not_one_statement_django_cascades_in_python(self):
        article = await Article.objects.aget(id=1)
        with captured_sql() as sql:
            total, per_model = await article.adelete()
        self.assertEqual(per_model, {"blog.Review": 3, "blog.Article_tags": 3, "blog.Article": 1})
        self.assertEqual(total, 7)
        deletes = [s.sql for s in sql if s.sql.startswith("DELETE")]
        self.assertEqual(len(deletes), 3, deletes)
        self.assertEqual(await Review.objects.filter(article_id=1).acount(), 0)

    async def test_a_bulk_adelete_also_answers_its_cascade(self):
        total, per_model = await Article.objects.filter(status="draft", views=0).adelete()
        self.assertEqual((total, per_model["blog.Article"]), (2, 2))
