from django.apps import AppConfig


class Ch4BridgesConfig(AppConfig):
    name = "ch4_bridges"
