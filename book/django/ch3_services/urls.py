"""The views of this chapter, at the paths their Rust twins serve.

Tests use this module as their ROOT_URLCONF (`@override_settings(ROOT_URLCONF=...)`), so each
chapter answers at the same paths as its Rust exercises without clashing with another.
"""
from django.urls import path

from . import (bounded_fan_out, cancellation, dashboard_gather, measure_before_after,
               partial_results, shared_client)

urlpatterns = [
    path("rates", shared_client.rates),
    path("trip", dashboard_gather.trip),
    path("one-by-one/trip", dashboard_gather.trip_one_by_one),
    path("trip-page", partial_results.trip_page),
    path("hotel-prices", bounded_fan_out.hotel_prices),
    path("trip-by-deadline", cancellation.trip_by_deadline),
    path("long-report", cancellation.long_report),
    path("limited-rate", measure_before_after.limited_rate),
]
