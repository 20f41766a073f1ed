from django.apps import AppConfig


class Ch7LiveConfig(AppConfig):
    name = "ch7_live"
