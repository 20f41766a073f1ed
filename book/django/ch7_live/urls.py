"""The views of this chapter, at the paths their Rust twins serve.

Tests use this module as their ROOT_URLCONF (`@override_settings(ROOT_URLCONF=...)`), so each
chapter answers at the same paths as its Rust exercises without clashing with another.
"""
from django.urls import path

from . import events, streaming

urlpatterns: list = [
    path("reviews.ndjson", streaming.reviews_ndjson),
    path("countdown", events.countdown),
]
