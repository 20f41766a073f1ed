from django.apps import AppConfig


class Ch5MiddlewareConfig(AppConfig):
    name = "ch5_middleware"
