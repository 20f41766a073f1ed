"""Page "A class-based view with a safe counter": `GET` and `POST /events/<id>`, one
resource with two methods; a POST takes one seat, and concurrent RSVPs never overbook."""
from django.db.models import F
from django.http import JsonResponse
from django.views import View

from . import services
from .models import Event


# ANCHOR: view
class EventView(View):
    async def get(self, request, id):
        event = await Event.objects.filter(pk=id).afirst()
        if event is None:
            return JsonResponse({"error": "missing"}, status=404)
        return JsonResponse({"id": id, "seats_left": event.seats})

    async def post(self, request, id):
        # The check and the -1 are one UPDATE: the
        # database does both, no lost update.
        taken = await Event.objects.filter(
            pk=id, seats__gt=0).aupdate(seats=F("seats") - 1)
        if not taken:
            if await Event.objects.filter(pk=id).aexists():
                return JsonResponse({"error": "full"}, status=409)
            return JsonResponse({"error": "missing"}, status=404)
        await services.confirm_by_mail(id)
        event = await Event.objects.aget(pk=id)
        # May already count later RSVPs: see the page.
        return JsonResponse({"id": id, "seats_left": event.seats})
# ANCHOR_END: view
