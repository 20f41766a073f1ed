"""Page "A race-safe get-or-create": a draft article by slug, got or created."""
from django.http import JsonResponse

from blog.models import Article


# ANCHOR: draft
async def draft_for(request, slug):
    # The UNIQUE slug decides: Django tries the INSERT
    # in a savepoint and, on IntegrityError, reads
    # the row the other caller created.
    article, created = await Article.objects.aget_or_create(
        slug=slug,
        defaults={"title": slug, "author": "ada"})
    return JsonResponse(
        {"id": article.id, "created": created},
        status=201 if created else 200)
# ANCHOR_END: draft


# ANCHOR: wrong
# WRONG: check, then insert. Two callers can both see
# no row; the second INSERT raises IntegrityError.
async def draft_for_racy(request, slug):
    try:
        article = await Article.objects.aget(slug=slug)
        created = False
    except Article.DoesNotExist:
        article = await Article.objects.acreate(
            slug=slug, title=slug, author="ada")
        created = True
    return JsonResponse(
        {"id": article.id, "created": created},
        status=201 if created else 200)
# ANCHOR_END: wrong
