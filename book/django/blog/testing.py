"""Test support shared by every app's tests: the seeded blog, and a real uvicorn on loopback."""
import contextlib
import socket
import threading
import time

from django.test import TransactionTestCase

from .seed import seed


class SeededTestCase(TransactionTestCase):
    """A test that starts from the sample blog.

    TransactionTestCase, not TestCase: async views and `sync_to_async` run their queries on
    other threads, which would not see rows inside TestCase's per-test transaction, and the
    concurrency tests need real commits. `reset_sequences` gives ids 1, 2, 3 as in seed.sql.
    """

    reset_sequences = True

    def setUp(self) -> None:
        super().setUp()
        seed()


@contextlib.contextmanager
def uvicorn_server(app, **config):
    """Serves `app` with a real uvicorn on 127.0.0.1, on a free port; yields its base URL."""
    import uvicorn

    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(app, log_level="warning", lifespan="off", **config))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline:
            raise RuntimeError("uvicorn did not start within 10 s")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        sock.close()
