"""A middleware that refuses stops the request: the view never runs."""
from django.test import SimpleTestCase, override_settings

from ch5_middleware import api_keys


@override_settings(
    ROOT_URLCONF="ch5_middleware.urls", MIDDLEWARE=["ch5_middleware.api_keys.ApiKeyMiddleware"]
)
class ApiKeyTests(SimpleTestCase):
    def setUp(self):
        api_keys.views_run.clear()

    async def test_a_known_key_reaches_the_view_with_its_client(self):
        response = await self.async_client.get(
            "/stats/async-views", headers={"X-Api-Key": "k-reader-1"}
        )
        self.assertEqual(response.json(), {"client": "newsletter-bot"})

    async def test_no_key_and_an_unknown_key_get_one_answer_and_the_view_never_runs(self):
        missing = await self.async_client.get("/stats/async-views")
        unknown = await self.async_client.get("/stats/async-views", headers={"X-Api-Key": "x"})
        self.assertEqual((missing.status_code, unknown.status_code), (401, 401))
        self.assertEqual(missing.json(), unknown.json())
        self.assertEqual(api_keys.views_run, [])

    async def test_other_paths_need_no_key(self):
        response = await self.async_client.get("/health")
        self.assertEqual(response.status_code, 200)
