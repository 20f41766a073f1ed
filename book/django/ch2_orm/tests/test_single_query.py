import threading
from unittest import mock

from asgiref.sync import async_to_sync
from django.db.backends.sqlite3.base import SQLiteCursorWrapper

from blog.testing import Recorder

from ..single_query import arating, rating, ratings
from .support import ChapterTestCase, captured_sql


class SingleQueryTests(ChapterTestCase):
    def test_aget_sends_the_same_sql_as_get(self):
        with captured_sql() as sync_sql:
            self.assertEqual(rating(4), 3.0)
        with captured_sql() as async_sql:
            self.assertEqual(async_to_sync(arating)(4), 3.0)
        self.assertEqual(len(sync_sql), 1)
        self.assertEqual([(s.sql, s.params) for s in async_sql],
                         [(s.sql, s.params) for s in sync_sql])

    async def test_aget_runs_its_query_on_a_thread_that_is_not_the_event_loops(self):
        loop_thread = threading.get_ident()
        with captured_sql() as sql:
            self.assertEqual(await arating(4), 3.0)
        self.assertEqual(len(sql), 1)
        self.assertNotEqual(sql[0].thread, loop_thread)

    async def test_gathered_agets_on_sqlite_run_one_at_a_time_on_one_thread(self):
        # Each statement is held for 50 ms inside the driver: if two could overlap, they would.
        recorder = Recorder(hold=0.05)
        original = SQLiteCursorWrapper.execute

        def execute(cursor, query, params=None):
            recorder()
            return original(cursor, query, params)

        with mock.patch.object(SQLiteCursorWrapper, "execute", execute):
            found = await ratings([1, 4, 5])
        self.assertEqual(found, [5.0, 3.0, 5.0])
        self.assertEqual(len(recorder.threads), 3)
        self.assertEqual(recorder.most_inside, 1)
        self.assertEqual(len(set(recorder.threads)), 1)
