from .support import ChapterTestCase


class HelloTests(ChapterTestCase):
    async def test_status_is_json_with_200(self):
        res = await self.async_client.get("/status")
        self.assertEqual(res.status_code, 200)
        self.assertEqual(res["Content-Type"], "application/json")
        self.assertEqual(res.json(), {"status": "ok", "version": "1.0"})

    async def test_require_get_answers_405_to_other_methods_like_axums_get(self):
        res = await self.async_client.post("/status")
        self.assertEqual(res.status_code, 405)
        self.assertEqual(res["Allow"], "GET")

    async def test_without_the_decorator_a_function_view_answers_every_method(self):
        res = await self.async_client.post("/status-any-method")
        self.assertEqual(res.status_code, 200)
