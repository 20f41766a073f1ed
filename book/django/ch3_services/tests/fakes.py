"""Fake upstream services on loopback: tiny ASGI apps served by a real uvicorn each.

They count, rather than time: how many requests were inside at once (`Tracker`), and whether
a group of requests was in flight together (`Gate`, the twin of testkit's).
"""
import asyncio
import contextlib
import json
import threading

from blog.testing import uvicorn_server


class Tracker:
    """How many requests are inside now, the most at once, and how many came in all."""

    def __init__(self):
        self.lock = threading.Lock()
        self.current = self.peak = self.total = 0

    @contextlib.contextmanager
    def inside(self):
        with self.lock:
            self.current += 1
            self.total += 1
            self.peak = max(self.peak, self.current)
        try:
            yield
        finally:
            with self.lock:
                self.current -= 1


class Gate:
    """Holds each request until `needed` requests are waiting together, or `patience` runs
    out. `opened_by_arrivals` then says whether they were all in flight at once."""

    def __init__(self, needed, patience):
        self.barrier = threading.Barrier(needed, timeout=patience)
        self.opened_by_arrivals = True

    async def pass_(self):
        await asyncio.to_thread(self._wait)

    def _wait(self):
        try:
            self.barrier.wait()
        except threading.BrokenBarrierError:
            self.opened_by_arrivals = False


def json_app(body, status=200, hold=0.0, tracker=None, gate=None, per_path=None):
    """An ASGI app answering `body` as JSON (or `per_path(path)` when given) after `hold`
    seconds, counted by `tracker` and held at `gate`."""

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        with tracker.inside() if tracker else contextlib.nullcontext():
            if gate:
                await gate.pass_()
            await asyncio.sleep(hold)
        answer = per_path(scope["path"]) if per_path else body
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": json.dumps(answer).encode()})

    return app


def scripted_app(statuses, arrivals):
    """An ASGI app answering the statuses in turn (then the last one forever); it appends
    the arrival time of each request to `arrivals`."""
    import time

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        arrivals.append(time.monotonic())
        status = statuses[min(len(arrivals), len(statuses)) - 1]
        await send({"type": "http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": b'{"usd": 1.08}'})

    return app


@contextlib.contextmanager
def serving(*apps):
    """Serves each app on a port of its own; yields their base URLs."""
    with contextlib.ExitStack() as stack:
        yield [stack.enter_context(uvicorn_server(app)) for app in apps]
