from django.http import JsonResponse

from .support import ChapterTestCase


class ListViewTests(ChapterTestCase):
    async def ids(self, url):
        res = await self.async_client.get(url)
        self.assertEqual(res.status_code, 200)
        return [e["id"] for e in res.json()]

    async def test_every_filter_given_must_match(self):
        self.assertEqual(await self.ids("/events"), [1, 2, 3])
        self.assertEqual(await self.ids("/events?city=Lyon"), [1, 2])
        self.assertEqual(await self.ids("/events?city=Lyon&online=true"), [2])

    async def test_a_bad_query_is_answered_by_the_view_as_json(self):
        res = await self.async_client.get("/events?online=maybe")
        self.assertEqual(res.status_code, 400)
        self.assertEqual(res.json()["error"], "invalid_query")

    def test_a_list_needs_safe_false(self):
        with self.assertRaisesRegex(TypeError, "safe"):
            JsonResponse([1, 2])
