"""sync_to_async: a legacy feed importer's exceptions, back in the async view."""
from asgiref.sync import sync_to_async
from django.http import JsonResponse

from . import legacy


# ANCHOR: feed
async def feed(request, name):
    read = sync_to_async(legacy.import_feed)
    try:
        titles = await read(name)
    except legacy.FeedNotFound as e:
        return JsonResponse(
            {"error": "not_found", "message": str(e)},
            status=404)
    except legacy.MalformedFeed as e:
        return JsonResponse(
            {"error": "malformed_feed",
             "message": str(e)}, status=422)
    # Anything else (OSError: the share is not
    # mounted) propagates: Django logs it, answers 500.
    return JsonResponse({"feed": name, "titles": titles})
# ANCHOR_END: feed
