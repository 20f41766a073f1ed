"""The one place Django stops a blocking call in async code: the ORM."""
import asyncio
import time

from asgiref.sync import sync_to_async
from django.core.exceptions import SynchronousOnlyOperation

from blog.models import Article
from blog.testing import SeededTestCase


class OrmGuardTests(SeededTestCase):
    async def test_a_sync_query_on_the_event_loop_raises(self):
        with self.assertRaisesMessage(
            SynchronousOnlyOperation,
            "You cannot call this from an async context - use a thread or sync_to_async.",
        ):
            Article.objects.get(slug="async-views")

    async def test_the_same_query_through_sync_to_async_runs(self):
        article = await sync_to_async(Article.objects.get)(slug="async-views")
        self.assertEqual(article.views, 120)

    async def test_time_sleep_stops_every_task_on_the_loop_and_raises_nothing(self):
        ticks = 0

        async def heartbeat():
            nonlocal ticks
            while True:
                ticks += 1
                await asyncio.sleep(0.005)

        task = asyncio.create_task(heartbeat())
        await asyncio.sleep(0.02)
        before = ticks
        time.sleep(0.2)  # WRONG in async code: no error, just a stopped loop
        after = ticks
        task.cancel()
        self.assertGreater(before, 0)
        self.assertEqual(after, before, "the heartbeat ticked during time.sleep")
