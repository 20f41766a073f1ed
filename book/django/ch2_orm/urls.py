"""The views of this chapter, at the paths their Rust twins serve.

Tests use this module as their ROOT_URLCONF (`@override_settings(ROOT_URLCONF=...)`), so each
chapter answers at the same paths as its Rust exercises without clashing with another.
"""
from django.urls import path

from . import concurrent_queries, get_and_first, get_or_create, orm_json_api

urlpatterns = [
    path("articles/<int:article_id>/review", get_and_first.review_of),
    path("best-review", get_and_first.best_review),
    path("drafts/<slug:slug>", get_or_create.draft_for),
    path("racy/drafts/<slug:slug>", get_or_create.draft_for_racy),
    path("stats", concurrent_queries.stats),
    path("tags", orm_json_api.tags),
]
