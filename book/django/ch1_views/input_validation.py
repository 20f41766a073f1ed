"""Page "Bad input, good errors": `POST /events` with a JSON body, each way it can be wrong
answered as JSON, nothing stored unless all of it is right. Then the mistakes the page
warns about, kept as real code that the tests run."""
import json

from asgiref.sync import sync_to_async
from django import forms
from django.forms.models import model_to_dict
from django.http import JsonResponse
from django.views.decorators.http import require_POST

from blog.models import Article

from .models import Event


def error(status, code, message):
    return JsonResponse(
        {"error": code, "message": message}, status=status)


# ANCHOR: create
class EventForm(forms.ModelForm):
    class Meta:
        model = Event
        fields = ["title", "city", "seats"]

    def clean_seats(self):  # what the type cannot say
        seats = self.cleaned_data["seats"]
        if not 1 <= seats <= 500:
            raise forms.ValidationError("from 1 to 500")
        return seats


@require_POST
async def create_event(request):
    if request.content_type != "application/json":
        return error(415, "not_json", request.content_type)
    try:
        data = json.loads(request.body)
    except json.JSONDecodeError as e:
        return error(400, "malformed_json", str(e))
    form = EventForm(data if isinstance(data, dict) else {})
    # is_valid() may query the database (unique
    # fields, m2m choices): run it off the loop.
    if not await sync_to_async(form.is_valid)():
        return error(422, "validation_failed",
                     form.errors.get_json_data())
    event = await Event.objects.acreate(**form.cleaned_data)
    response = JsonResponse(event.as_dict(), status=201)
    response["Location"] = f"/events/{event.id}"
    return response
# ANCHOR_END: create


class ArticleForm(forms.ModelForm):
    class Meta:
        model = Article
        fields = ["slug", "title", "author", "tags"]


# ANCHOR: wrong_asave
# WRONG: forms have no asave(); this raises
# AttributeError once the form is valid.
async def create_article_asave(request):
    form = ArticleForm(json.loads(request.body))
    if not await sync_to_async(form.is_valid)():
        return error(422, "validation_failed",
                     form.errors.get_json_data())
    article = await form.asave()
    return JsonResponse({"id": article.id}, status=201)
# ANCHOR_END: wrong_asave


# ANCHOR: wrong_is_valid
# WRONG: is_valid() checks the slug is unique and the
# tags exist, with sync queries: in an async view,
# SynchronousOnlyOperation.
async def create_article_is_valid(request):
    form = ArticleForm(json.loads(request.body))
    if not form.is_valid():
        return error(422, "validation_failed",
                     form.errors.get_json_data())
    article = await sync_to_async(form.save)()
    return JsonResponse({"id": article.id}, status=201)
# ANCHOR_END: wrong_is_valid


# ANCHOR: wrong_model_to_dict
# WRONG: model_to_dict() reads the m2m `tags` with a
# sync query: SynchronousOnlyOperation here too.
async def article_as_dict(request, slug):
    article = await Article.objects.aget(slug=slug)
    return JsonResponse(model_to_dict(article))
# ANCHOR_END: wrong_model_to_dict
