from django.apps import AppConfig


class Ch6ServingConfig(AppConfig):
    name = "ch6_serving"
