"""Every chapter's views, each chapter under its own prefix when the whole project is served.

The tests of a chapter use that chapter's own urls module as ROOT_URLCONF, so there its views
answer at exactly the paths the Rust exercises serve.
"""
from django.urls import include, path

urlpatterns = [
    path("ch1/", include("ch1_views.urls")),
    path("ch2/", include("ch2_orm.urls")),
    path("ch3/", include("ch3_services.urls")),
    path("ch4/", include("ch4_bridges.urls")),
    path("ch5/", include("ch5_middleware.urls")),
    path("ch6/", include("ch6_serving.urls")),
    path("ch7/", include("ch7_live.urls")),
]
