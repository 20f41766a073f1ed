"""Page "List view with query filters": `GET /events?city=Lyon&online=true`."""
from django.http import JsonResponse

from .models import Event


# ANCHOR: list
async def event_list(request):
    events = Event.objects.all()  # lazy: no query yet
    if city := request.GET.get("city"):
        events = events.filter(city=city)
    online = request.GET.get("online")  # a str, or None
    if online is not None:
        if online not in ("true", "false"):
            return JsonResponse(
                {"error": "invalid_query",
                 "message": "online: true or false"},
                status=400)
        events = events.filter(online=online == "true")
    # `async for` runs the query without blocking.
    rows = [e.as_dict() async for e in events]
    return JsonResponse(rows, safe=False)
# ANCHOR_END: list
