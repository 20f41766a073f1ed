"""Page "Save, update, delete": the blog's tags created, renamed and deleted."""
from django.db.models import Q

from blog.models import Tag


# ANCHOR: save
async def create_tag(name):
    tag = Tag(name=name)
    await tag.asave()  # INSERT; tag.id is set
    return tag


async def rename_tag(id, name):
    # One UPDATE; the number of rows it matched.
    return await Tag.objects.filter(
        id=id).aupdate(name=name) == 1
# ANCHOR_END: save


# ANCHOR: delete
async def delete_unused_tags():
    # (total, per model): a tag alone cascades
    # to nothing, so both say the same here.
    count, _ = await Tag.objects.filter(
        Q(articles=None)).adelete()
    return count


async def delete_tag(id):
    tag = await Tag.objects.aget(id=id)
    # Django deletes the links first, in Python,
    # and counts them: (4, {"blog.Article_tags": 3,
    # "blog.Tag": 1}) for a tag on three articles.
    return await tag.adelete()
# ANCHOR_END: delete
