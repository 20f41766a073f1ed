from .support import ChapterTestCase


class DetailViewTests(ChapterTestCase):
    async def test_found_and_a_json_404(self):
        res = await self.async_client.get("/events/2")
        self.assertEqual(res.json()["title"], "Tokio office hours")
        res = await self.async_client.get("/events/9")
        self.assertEqual(res.status_code, 404)
        self.assertEqual(res.json(), {"error": "missing", "message": "no event 9"})

    async def test_aget_object_or_404_answers_djangos_html_page_not_json(self):
        res = await self.async_client.get("/shortcut/events/9")
        self.assertEqual(res.status_code, 404)
        self.assertTrue(res["Content-Type"].startswith("text/html"), res["Content-Type"])

    async def test_a_path_that_is_not_an_int_matches_no_route_a_404_not_a_400(self):
        # axum's Path<u32> rejects /events/abc with a 400; Django's <int:id> converter does
        # not match it, so the URL resolver answers its HTML 404.
        res = await self.async_client.get("/events/abc")
        self.assertEqual(res.status_code, 404)
        self.assertTrue(res["Content-Type"].startswith("text/html"), res["Content-Type"])
