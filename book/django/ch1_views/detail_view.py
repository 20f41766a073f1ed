"""Page "Detail view and a JSON 404": `GET /events/<id>`."""
from django.http import JsonResponse
from django.shortcuts import aget_object_or_404

from .models import Event


# ANCHOR: detail
async def event_detail(request, id):
    try:
        event = await Event.objects.aget(pk=id)
    except Event.DoesNotExist:
        return JsonResponse(
            {"error": "missing",
             "message": f"no event {id}"},
            status=404)
    return JsonResponse(event.as_dict())
# ANCHOR_END: detail


# ANCHOR: shortcut
async def event_detail_shortcut(request, id):
    # Raises Http404: Django's own page, not JSON.
    event = await aget_object_or_404(Event, pk=id)
    return JsonResponse(event.as_dict())
# ANCHOR_END: shortcut
