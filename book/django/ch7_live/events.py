"""Server-sent events: a countdown that a reconnecting browser resumes instead of restarting."""
import asyncio

from django.http import StreamingHttpResponse

FROM = 10
TICK = 1.0  # seconds between events; the tests make it 0


# ANCHOR: countdown
async def countdown(request):
    # EventSource sends the id of the last event it got when it reconnects.
    last_seen = request.headers.get("Last-Event-ID", "")
    start = int(last_seen) - 1 if last_seen.isdigit() else FROM

    async def events():
        for n in range(max(start, 0), -1, -1):
            await asyncio.sleep(TICK)
            data = "liftoff" if n == 0 else "counting"
            yield f"id: {n}\nevent: tick\ndata: {data}\n\n"

    stream = with_keep_alive(events(), every=15)
    response = StreamingHttpResponse(stream, content_type="text/event-stream")
    response["Cache-Control"] = "no-cache"
    return response
# ANCHOR_END: countdown


# ANCHOR: keep_alive
async def with_keep_alive(events, every):
    """Yields `events`, and a comment line whenever none came for `every` seconds.

    Django has no keep-alive of its own: without one, a proxy closes an idle stream.
    """
    iterator = aiter(events)
    pending = asyncio.ensure_future(anext(iterator))
    try:
        while True:
            done, _ = await asyncio.wait({pending}, timeout=every)
            if not done:
                yield ": keep-alive\n\n"
                continue
            try:
                yield pending.result()
            except StopAsyncIteration:
                return
            pending = asyncio.ensure_future(anext(iterator))
    finally:
        pending.cancel()
# ANCHOR_END: keep_alive
