"""async_to_sync: sync code calls the async ORM, from a thread, not from the event loop."""
import asyncio

from asgiref.sync import async_to_sync, sync_to_async
from django.test import override_settings

from blog.testing import SeededTestCase
from ch4_bridges.digest import blocking_views


@override_settings(ROOT_URLCONF="ch4_bridges.urls")
class DigestTests(SeededTestCase):
    async def test_a_sync_builder_in_a_thread_reaches_the_async_orm(self):
        response = await self.async_client.get("/digest")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response.content.decode(),
            "async-views: 120 views\ntokio-tasks: 75 views\nasync-orm: 42 views\n",
        )

    async def test_async_to_sync_on_the_event_loops_thread_raises(self):
        with self.assertRaisesMessage(
            RuntimeError,
            "You cannot use AsyncToSync in the same thread as an async event loop - "
            "just await the async function directly.",
        ):
            blocking_views("async-views")

    async def test_the_wrong_view_answers_500(self):
        self.async_client.raise_request_exception = False
        with self.assertLogs("django.request", "ERROR") as logs:
            response = await self.async_client.get("/wrong/digest")
        self.assertEqual(response.status_code, 500)
        self.assertIn("You cannot use AsyncToSync in the same thread", logs.output[0])

    async def test_from_a_sync_to_async_thread_it_runs_on_the_loop_that_thread_came_from(self):
        async def running_loop():
            return asyncio.get_running_loop()

        def sync_code():
            return async_to_sync(running_loop)()

        self.assertIs(await sync_to_async(sync_code)(), asyncio.get_running_loop())

    def test_plain_sync_code_such_as_a_cron_job_can_call_it_directly(self):
        self.assertEqual(blocking_views("tokio-tasks"), 75)
