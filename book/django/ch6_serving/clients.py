"""Facts of the connection, not of the request: the client's address."""
from django.http import JsonResponse


# ANCHOR: client
async def client(request):
    # ASGI servers put the peer's address in the scope;
    # Django copies it into META.
    return JsonResponse({
        "ip": request.META["REMOTE_ADDR"],
        "port": request.META.get("REMOTE_PORT"),
    })
# ANCHOR_END: client
