"""sync_to_async re-raises the sync function's exception at the await; what the view does
not catch becomes Django's 500."""
import threading
from unittest import mock

from django.test import SimpleTestCase, override_settings

from ch4_bridges import legacy


@override_settings(ROOT_URLCONF="ch4_bridges.urls")
class FeedTests(SimpleTestCase):
    async def test_the_value_comes_back_from_the_thread(self):
        response = await self.async_client.get("/feeds/rust")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.json(), {"feed": "rust", "titles": ["Tasks are cheap", "The async ORM"]}
        )

    async def test_the_importer_runs_on_another_thread_than_the_event_loop(self):
        loop_thread = threading.current_thread().name
        seen = []
        real = legacy.import_feed

        def spy(name):
            seen.append(threading.current_thread().name)
            return real(name)

        with mock.patch("ch4_bridges.legacy.import_feed", spy):
            await self.async_client.get("/feeds/rust")
        self.assertEqual(len(seen), 1)
        self.assertNotEqual(seen[0], loop_thread)

    async def test_each_expected_exception_is_caught_at_the_await(self):
        missing = await self.async_client.get("/feeds/nope")
        self.assertEqual(missing.status_code, 404)
        self.assertEqual(missing.json(), {"error": "not_found", "message": "no feed named 'nope'"})
        broken = await self.async_client.get("/feeds/broken")
        self.assertEqual(broken.status_code, 422)
        self.assertEqual(broken.json()["error"], "malformed_feed")

    async def test_an_uncaught_exception_is_logged_and_answered_with_djangos_500(self):
        self.async_client.raise_request_exception = False
        with self.assertLogs("django.request", "ERROR") as logs:
            response = await self.async_client.get("/feeds/unmounted")
        self.assertEqual(response.status_code, 500)
        # Django's own page (HTML, DEBUG off), not JSON: the Rust solution answers a JSON 500.
        self.assertIn("text/html", response["Content-Type"])
        self.assertIn("OSError: the share is not mounted", logs.output[0])
