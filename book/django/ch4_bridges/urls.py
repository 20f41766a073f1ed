"""The views of this chapter, at the paths their Rust twins serve.

Tests use this module as their ROOT_URLCONF (`@override_settings(ROOT_URLCONF=...)`), so each
chapter answers at the same paths as its Rust exercises without clashing with another.
"""
from django.urls import path

from . import digest, feeds, hits, pdf, share_links

urlpatterns = [
    path("articles/<slug:slug>/pdf", pdf.article_pdf),
    path("wrong/articles/<slug:slug>/pdf", pdf.article_pdf_blocking),
    path("feeds/<slug:name>", feeds.feed),
    path("digest", digest.digest),
    path("wrong/digest", digest.digest_on_loop),
    path("hits/<slug:page>", hits.hits),
    path("wrong/hits/<slug:page>", hits.hits_per_request),
    path("articles/<slug:slug>/share", share_links.share_link),
]
