"""The views of this chapter, at the paths the tests ask for."""
from django.urls import path

from . import clients, dashboard, live, previews, report

urlpatterns = [
    path("client", clients.client),
    path("dashboard", dashboard.dashboard),
    path("queue/live", live.queue_live),
    path("report", report.report),
    path("preview/blocking", previews.preview_blocking),
    path("preview/async", previews.preview_async),
    path("preview/offloaded", previews.preview_offloaded),
]
