"""Page "A JSON API over the database": the blog's tags as an API, every value bound."""
import json

from django import forms
from django.db import IntegrityError
from django.http import JsonResponse
from django.views.decorators.http import require_http_methods

from blog.models import Tag


def fail(status, error):
    return JsonResponse({"error": error}, status=status)


# ANCHOR: list
class PageForm(forms.Form):
    prefix = forms.CharField(required=False)
    page = forms.IntegerField(min_value=1, required=False)
    per_page = forms.IntegerField(
        min_value=1, max_value=50, required=False)


async def list_tags(request):
    form = PageForm(request.GET)  # no DB: fine async
    if not form.is_valid():
        return fail(400, "invalid_query")
    page = form.cleaned_data["page"] or 1
    per_page = form.cleaned_data["per_page"] or 20
    tags = Tag.objects.filter(  # a bound parameter
        name__startswith=form.cleaned_data["prefix"]
    ).order_by("name")
    start = (page - 1) * per_page
    items = [{"id": t.id, "name": t.name}
             async for t in tags[start:start + per_page]]
    return JsonResponse({"items": items, "page": page,
                         "total": await tags.acount()})
# ANCHOR_END: list


# ANCHOR: create
async def create_tag(request):
    try:
        name = json.loads(request.body)["name"]
    except (ValueError, KeyError, TypeError):
        return fail(400, "malformed")
    # Validate everything before the first write.
    ok = isinstance(name, str) and name.isascii()
    if not (ok and name.islower() and name.isalpha()
            and len(name) <= 30):
        return fail(422, "invalid_name")
    try:
        tag = await Tag.objects.acreate(name=name)
    except IntegrityError:  # the UNIQUE name
        return fail(409, "name_taken")
    return JsonResponse(
        {"id": tag.id, "name": tag.name}, status=201)


@require_http_methods(["GET", "POST"])
async def tags(request):
    if request.method == "POST":
        return await create_tag(request)
    return await list_tags(request)
# ANCHOR_END: create


# ANCHOR: wrong
# WRONG: the value pasted into raw SQL.
# `x' OR name LIKE '` matches every tag.
def tag_names_pasted(prefix):
    return [t.name for t in Tag.objects.raw(
        f"SELECT * FROM tags WHERE name LIKE '{prefix}%'")]


# Bound: raw() takes the values apart.
def tag_names_bound(prefix):
    return [t.name for t in Tag.objects.raw(
        "SELECT * FROM tags WHERE name LIKE %s || '%%'",
        [prefix])]
# ANCHOR_END: wrong
