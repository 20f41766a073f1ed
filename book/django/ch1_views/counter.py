"""The article view counter of the class-based-view page, three ways: the lost update (the
wrong version, kept to be tested), `aupdate(F())`, and Django 6's `asave()` of an `F()`."""
from django.db.models import F
from django.http import JsonResponse

from blog.models import Article

from . import services


# ANCHOR: wrong
# WRONG: read, await, write. Concurrent requests all
# read the same count; the last write wins.
async def add_view_lost_update(request, slug):
    article = await Article.objects.aget(slug=slug)
    await services.record_view(slug)
    article.views += 1
    await article.asave(update_fields=["views"])
    return JsonResponse({"slug": slug, "views": article.views})
# ANCHOR_END: wrong


# ANCHOR: aupdate
async def add_view_aupdate(request, slug):
    updated = await Article.objects.filter(
        slug=slug).aupdate(views=F("views") + 1)
    if not updated:  # aupdate returns a row count
        return JsonResponse({"error": "not_found"}, status=404)
    await services.record_view(slug)
    # A second query: it sees every increment so far,
    # not this request's own new count.
    article = await Article.objects.aget(slug=slug)
    return JsonResponse({"slug": slug, "views": article.views})
# ANCHOR_END: aupdate


# ANCHOR: asave_f
async def add_view_asave_f(request, slug):
    article = await Article.objects.filter(slug=slug).afirst()
    if article is None:
        return JsonResponse({"error": "not_found"}, status=404)
    article.views = F("views") + 1
    # Django 6 reads the new value back (UPDATE ...
    # RETURNING): this request's own count.
    await article.asave(update_fields=["views"])
    await services.record_view(slug)
    return JsonResponse({"slug": slug, "views": article.views})
# ANCHOR_END: asave_f
