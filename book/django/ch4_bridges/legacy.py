"""The legacy, synchronous code the chapter's worked examples serve from async views.

None of it is ours to change: a PDF renderer that holds its thread while the print service
works, a feed importer that raises for what its authors thought of, a thread-bound hit log.
Each waits in one named function (`wait_for_printer`, ...), so a test can swap the wait for
a barrier and prove by counting, not timing, which calls ran side by side.
"""
import threading
import time


# ANCHOR: render_pdf
def wait_for_printer() -> None:
    """The print service's latency: holds the thread."""
    time.sleep(0.3)


def render_pdf(slug: str) -> bytes:
    """An article as a PDF. Sync: waits for the printer."""
    wait_for_printer()
    return b"%PDF-1.7 " + slug.encode()
# ANCHOR_END: render_pdf


# ANCHOR: import_feed
class FeedNotFound(Exception):
    pass


class MalformedFeed(Exception):
    pass


FEEDS = {
    "rust": "Tasks are cheap\nThe async ORM",
    "broken": "<rss><item>",
}


def import_feed(name: str) -> list[str]:
    """A partner's feed from the share: its titles."""
    time.sleep(0.05)  # the network share
    if name == "unmounted":
        # Not thought of by its authors: a crash.
        raise OSError("the share is not mounted")
    if name not in FEEDS:
        raise FeedNotFound(f"no feed named {name!r}")
    if FEEDS[name].startswith("<"):
        raise MalformedFeed(
            f"feed {name!r} is XML, not a list of titles")
    return FEEDS[name].splitlines()
# ANCHOR_END: import_feed


# ANCHOR: hit_log
class HitLog:
    """Like a C library's handle: one thread only."""

    def __init__(self) -> None:
        self.owner = threading.get_ident()
        self.hits: dict[str, int] = {}

    def record(self, path: str) -> int:
        if threading.get_ident() != self.owner:
            raise RuntimeError(
                "HitLog used from a thread that did not open it")
        self.hits[path] = self.hits.get(path, 0) + 1
        return self.hits[path]
# ANCHOR_END: hit_log
