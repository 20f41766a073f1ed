import asyncio

from .support import ChapterTestCase, captured_sql, served


class ConcurrentQueriesTests(ChapterTestCase):
    async def test_the_stats_are_right(self):
        res = await self.async_client.get("/stats")
        self.assertEqual(res.json(), {"reviews": 6, "tags": 3, "best": 5.0})

    async def test_one_requests_gathered_queries_run_on_one_thread_so_one_at_a_time(self):
        with captured_sql() as sql:
            await self.async_client.get("/stats")
        self.assertEqual(len(sql), 3)
        self.assertEqual(len({s.thread for s in sql}), 1)

    async def test_under_the_test_client_two_requests_share_the_tests_thread(self):
        with captured_sql() as sql:
            await asyncio.gather(self.async_client.get("/stats"), self.async_client.get("/stats"))
        self.assertEqual(len({s.thread for s in sql}), 1)

    async def test_under_a_server_two_requests_run_their_queries_on_two_threads(self):
        # Thread-sensitive does not mean one thread for the whole server: under ASGI each
        # request has its own ThreadSensitiveContext, so its own thread and connection.
        async with served() as client:
            with captured_sql() as sql:
                await asyncio.gather(client.get("/stats"), client.get("/stats"))
        self.assertEqual(len(sql), 6)
        self.assertEqual(len({s.thread for s in sql}), 2)
