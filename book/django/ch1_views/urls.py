"""The views of this chapter, at the paths their Rust twins serve.

Tests use this module as their ROOT_URLCONF (`@override_settings(ROOT_URLCONF=...)`), so each
chapter answers at the same paths as its Rust exercises without clashing with another.
"""
from django.urls import path

from . import class_based_view, counter, detail_view, hello, input_validation, list_view

urlpatterns = [
    # ANCHOR: urls
    # urls.py
    path("status", hello.status),
    path("events", list_view.event_list),
    path("events/<int:id>", detail_view.event_detail),
    # ANCHOR_END: urls
    path("status-any-method", hello.status_any_method),
    path("shortcut/events/<int:id>", detail_view.event_detail_shortcut),
    path("rsvp/events/<int:id>", class_based_view.EventView.as_view()),
    path("new/events", input_validation.create_event),
    path("wrong/asave/articles", input_validation.create_article_asave),
    path("wrong/is-valid/articles", input_validation.create_article_is_valid),
    path("wrong/model-to-dict/articles/<slug:slug>", input_validation.article_as_dict),
    path("lost-update/articles/<slug:slug>/views", counter.add_view_lost_update),
    path("aupdate/articles/<slug:slug>/views", counter.add_view_aupdate),
    path("asave-f/articles/<slug:slug>/views", counter.add_view_asave_f),
]
