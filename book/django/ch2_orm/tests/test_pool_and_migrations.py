import io
import threading

from django.core.management import call_command
from django.db import connection, connections
from django.db.backends.sqlite3.base import DatabaseWrapper
from django.test import TransactionTestCase

from ..pool_and_migrations import migrate_at_startup


class StartupTests(TransactionTestCase):
    def test_migrating_twice_is_safe(self):
        migrate_at_startup()
        out = io.StringIO()
        call_command("migrate", interactive=False, stdout=out)
        self.assertIn("No migrations to apply.", out.getvalue())

    def test_each_thread_has_its_own_connection_opened_on_first_use(self):
        mine = connections["default"]
        seen = {}

        def other_thread():
            theirs = connections["default"]
            seen["same"] = theirs is mine
            seen["open_before_query"] = theirs.connection is not None
            with theirs.cursor() as cursor:
                cursor.execute("SELECT 1")
            seen["open_after_query"] = theirs.connection is not None
            theirs.close()

        thread = threading.Thread(target=other_thread)
        thread.start()
        thread.join()
        self.assertEqual(seen, {"same": False, "open_before_query": False, "open_after_query": True})
        self.assertIs(connection, connection)  # one per thread, the same on each use

    def test_the_test_runners_sqlite_memory_database_is_named_and_shared(self):
        settings = dict(connection.settings_dict, NAME=":memory:", TEST={"NAME": None})
        wrapper = DatabaseWrapper(settings, alias="memory")
        self.assertEqual(
            wrapper.creation._get_test_db_name(),
            "file:memorydb_memory?mode=memory&cache=shared",
        )
