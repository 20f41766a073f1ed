from django.apps import AppConfig


class Ch1ViewsConfig(AppConfig):
    name = "ch1_views"
