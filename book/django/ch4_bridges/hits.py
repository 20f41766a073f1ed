"""A thread-bound resource: a hit log that must stay on the thread that opened it."""
import threading
from concurrent.futures import ThreadPoolExecutor

from asgiref.sync import sync_to_async
from django.http import JsonResponse

from . import legacy

# ANCHOR: per_request
# WRONG under ASGI: thread-sensitive calls share a
# thread within one request, not across requests.
shared_log = legacy.HitLog()


@sync_to_async(thread_sensitive=True)
def record_on_request_thread(page):
    return shared_log.record(page)
# ANCHOR_END: per_request


# ANCHOR: owner
# One thread opens the log and runs every call, in
# order, for every request: the log's owner.
_local = threading.local()


def _open_log():
    _local.log = legacy.HitLog()


owner = ThreadPoolExecutor(
    max_workers=1, thread_name_prefix="hit-log",
    initializer=_open_log)


@sync_to_async(thread_sensitive=False, executor=owner)
def record_hit(page):
    return _local.log.record(page)
# ANCHOR_END: owner


# ANCHOR: views
async def hits(request, page):
    count = await record_hit(page)
    return JsonResponse({"page": page, "hits": count})


async def hits_per_request(request, page):
    count = await record_on_request_thread(page)
    return JsonResponse({"page": page, "hits": count})
# ANCHOR_END: views
