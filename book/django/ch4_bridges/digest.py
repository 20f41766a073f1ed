"""async_to_sync: a synchronous digest builder that needs the async ORM."""
from asgiref.sync import async_to_sync, sync_to_async
from django.http import HttpResponse

from blog.models import Article


# ANCHOR: build_digest
def build_digest(views_of, slugs) -> str:
    """Legacy and synchronous: also run by cron jobs."""
    return "".join(f"{s}: {views_of(s)} views\n" for s in slugs)
# ANCHOR_END: build_digest


# ANCHOR: blocking_views
async def article_views(slug: str) -> int:
    article = await Article.objects.aget(slug=slug)
    return article.views


def blocking_views(slug: str) -> int:
    """For sync code: runs the coroutine, waits for it."""
    return async_to_sync(article_views)(slug)
# ANCHOR_END: blocking_views


SLUGS = ["async-views", "tokio-tasks", "async-orm"]


# ANCHOR: digest_wrong
# WRONG: build_digest runs on the event loop's thread,
# so its async_to_sync raises RuntimeError.
async def digest_on_loop(request):
    text = build_digest(blocking_views, SLUGS)
    return HttpResponse(text, content_type="text/plain")
# ANCHOR_END: digest_wrong


# ANCHOR: digest
async def digest(request):
    # Two bridges: the sync builder gets a thread, and
    # its calls come back to the loop via async_to_sync.
    text = await sync_to_async(build_digest)(
        blocking_views, SLUGS)
    return HttpResponse(text, content_type="text/plain")
# ANCHOR_END: digest
