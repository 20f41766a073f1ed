"""The views of this chapter; each test picks the MIDDLEWARE around them."""
from django.urls import path

from . import api_keys, tenants, views

urlpatterns = [
    path("articles/<slug:slug>", views.article),
    path("crash", views.crash),
    path("slow", views.slow),
    path("report", views.report),
    path("whose", tenants.whose),
    path("stats/<slug:slug>", api_keys.stats),
    path("health", api_keys.health),
]
