"""Test support shared by every app's tests: the seeded blog, a real uvicorn on loopback, and a
recorder that proves by counting, not timing, which calls ran side by side and on which threads."""
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


class Recorder:
    """Counts the calls inside at once and the threads they ran on. With `barrier_of=N`, each
    call also waits (at most `timeout` s) until N calls are inside together."""

    def __init__(self, barrier_of: int | None = None, hold: float = 0.0, timeout: float = 5.0):
        self.lock = threading.Lock()
        self.inside = 0
        self.most_inside = 0
        self.threads: list[str] = []
        self.met = None
        self.barrier = threading.Barrier(barrier_of, timeout=timeout) if barrier_of else None
        self.hold = hold

    def __call__(self, *args, **kwargs) -> None:
        with self.lock:
            self.inside += 1
            self.most_inside = max(self.most_inside, self.inside)
            self.threads.append(threading.current_thread().name)
        try:
            if self.barrier is not None:
                try:
                    self.barrier.wait()
                    self.met = True if self.met is None else self.met
                except threading.BrokenBarrierError:
                    self.met = False
            time.sleep(self.hold)
        finally:
            with self.lock:
                self.inside -= 1
