"""Django's own split of authentication, for the auth page's first paragraph:
AuthenticationMiddleware attaches the user, LoginRequiredMiddleware refuses the anonymous.

Tests serve these views with SessionMiddleware, AuthenticationMiddleware and
LoginRequiredMiddleware (Django 5.1+), in that order.
"""
from django.contrib.auth.decorators import login_not_required
from django.http import JsonResponse
from django.urls import path


async def whoami(request):
    user = await request.auser()
    return JsonResponse({"user": user.get_username()})


@login_not_required
async def health(request):
    user = await request.auser()
    return JsonResponse({"ok": True, "anonymous": user.is_anonymous})


urlpatterns = [
    path("whoami", whoami),
    path("health", health),
]
