"""A value shown live: the length of a job queue as server-sent events, one event each time it
changes, the twin of the capstone page's `queue_live`."""
import asyncio

from django.http import StreamingHttpResponse


class Live:
    """A value and its version (1, 2, ...); `changed` wakes every stream waiting for a new one.

    Django gives a view no signal that the server is stopping, so the streams get their own:
    `close()` ends every one of them.
    """

    def __init__(self, value):
        self.version, self.value = 1, value
        self.closing = False
        self.changed = asyncio.Condition()

    async def set(self, value):
        async with self.changed:
            self.version, self.value = self.version + 1, value
            self.changed.notify_all()

    async def close(self):
        async with self.changed:
            self.closing = True
            self.changed.notify_all()


QUEUE = Live(0)


# ANCHOR: queue_live
async def queue_live(request):
    # A browser that reconnects sends the id of the version it has.
    has = request.headers.get("Last-Event-ID", "")
    seen = int(has) if has.isdigit() else None

    async def events():
        nonlocal seen
        while True:
            async with QUEUE.changed:
                await QUEUE.changed.wait_for(
                    lambda: QUEUE.closing or QUEUE.version != seen)
                if QUEUE.closing:
                    return
                seen, length = QUEUE.version, QUEUE.value
            yield f"id: {seen}\nevent: queue\ndata: {length}\n\n"

    response = StreamingHttpResponse(
        events(), content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    return response
# ANCHOR_END: queue_live
