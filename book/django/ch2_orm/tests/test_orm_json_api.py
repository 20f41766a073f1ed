
from blog.models import Tag

from ..orm_json_api import tag_names_bound, tag_names_pasted
from .support import ChapterTestCase

INJECTION = "x' OR name LIKE '"


class TagsApiTests(ChapterTestCase):
    async def test_a_page_of_tags_and_the_total(self):
        res = await self.async_client.get("/tags?per_page=2")
        self.assertEqual(res.json(), {
            "items": [{"id": 3, "name": "async"}, {"id": 2, "name": "django"}],
            "total": 3, "page": 1,
        })
        res = await self.async_client.get("/tags", {"prefix": "ru"})
        self.assertEqual(res.json()["total"], 1)
        for bad in ["/tags?page=0", "/tags?per_page=51", "/tags?page=two"]:
            with self.subTest(bad=bad):
                self.assertEqual((await self.async_client.get(bad)).status_code, 400)

    async def test_a_value_that_looks_like_sql_is_text_in_a_filter(self):
        res = await self.async_client.get("/tags", {"prefix": INJECTION})
        self.assertEqual(res.json()["total"], 0)

    def test_pasted_into_raw_sql_it_matches_every_tag_and_bound_it_matches_none(self):
        self.assertEqual(len(tag_names_pasted(INJECTION)), 3)
        self.assertEqual(tag_names_bound(INJECTION), [])
        self.assertEqual(tag_names_bound("dj"), ["django"])

    async def test_a_new_tag_is_validated_then_stored_and_a_taken_name_is_a_409(self):
        post = self.async_client.post
        res = await post("/tags", {"name": "tokio"}, content_type="application/json")
        self.assertEqual(res.status_code, 201)
        res = await post("/tags", {"name": "rust"}, content_type="application/json")
        self.assertEqual((res.status_code, res.json()), (409, {"error": "name_taken"}))
        res = await post("/tags", {"name": "Not OK"}, content_type="application/json")
        self.assertEqual(res.status_code, 422)
        res = await post("/tags", "{", content_type="application/json")
        self.assertEqual(res.status_code, 400)
        self.assertEqual(await Tag.objects.acount(), 4)

    async def test_other_methods_are_405(self):
        self.assertEqual((await self.async_client.delete("/tags")).status_code, 405)
