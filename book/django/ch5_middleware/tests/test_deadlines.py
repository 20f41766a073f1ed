"""asyncio.wait_for in a middleware cancels a slow view; process_exception answers a crash."""
from unittest import mock

from django.test import SimpleTestCase, override_settings

from ch5_middleware import views


@override_settings(
    ROOT_URLCONF="ch5_middleware.urls",
    MIDDLEWARE=["ch5_middleware.deadlines.DeadlineMiddleware"],
)
class DeadlineTests(SimpleTestCase):
    async def test_a_slow_view_is_cancelled_and_answered_with_a_json_504(self):
        views.cancelled.clear()
        with mock.patch("ch5_middleware.deadlines.REQUEST_TIMEOUT", 0.1):
            response = await self.async_client.get("/report")
        self.assertEqual(response.status_code, 504)
        self.assertEqual(response.json(), {"error": "timeout"})
        self.assertEqual(views.cancelled, ["/report"])

    async def test_a_crash_is_a_json_500_that_says_nothing_inside(self):
        with self.assertLogs("ch5_middleware.deadlines", "ERROR") as logs:
            response = await self.async_client.get("/crash")
        self.assertEqual(response.status_code, 500)
        self.assertEqual(response.json(), {"error": "internal"})
        self.assertIn("RuntimeError: the view crashed", logs.output[0])

    async def test_a_fast_view_is_untouched(self):
        response = await self.async_client.get("/slow")
        self.assertEqual(response.json(), {"slow": True})
