"""Every chapter's views, each under the path its Rust twin serves."""
from django.urls import path

urlpatterns: list = []
