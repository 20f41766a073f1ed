"""What this chapter's tests share: the seeded blog, this chapter's URLs, and the SQL a block
of code sent."""
import contextlib
import threading
from unittest import mock

from django.db.backends.sqlite3.base import SQLiteCursorWrapper
from django.test import override_settings

from blog.testing import SeededTestCase, uvicorn_server


@override_settings(ROOT_URLCONF="ch2_orm.urls")
class ChapterTestCase(SeededTestCase):
    pass


@contextlib.asynccontextmanager
async def served():
    """An httpx client on this chapter's views, served by a real uvicorn on loopback.

    For what Django's test client cannot show: under the test client every request's sync
    work runs on the test's own thread, while under a server each request gets a thread of
    its own (its `ThreadSensitiveContext`).
    """
    import httpx
    from django.core.asgi import get_asgi_application

    with uvicorn_server(get_asgi_application()) as base_url:
        async with httpx.AsyncClient(base_url=base_url, timeout=20) as client:
            yield client


class Statement:
    """One statement the database ran: its SQL and the thread that sent it."""

    def __init__(self, sql, params, thread):
        self.sql, self.params, self.thread = sql, params, thread

    def __repr__(self):
        return f"Statement({self.sql!r})"


@contextlib.contextmanager
def captured_sql():
    """The statements SQLite ran inside the block, from any thread.

    The async ORM runs its queries through `sync_to_async`, on threads that are not the
    test's, each with its own connection: so the capture is on the cursor class, not on one
    connection.
    """
    statements = []
    original = SQLiteCursorWrapper.execute

    def execute(cursor, query, params=None):
        statements.append(Statement(query, params, threading.get_ident()))
        return original(cursor, query, params)

    with mock.patch.object(SQLiteCursorWrapper, "execute", execute):
        yield statements
