from django.apps import AppConfig


class Ch3ServicesConfig(AppConfig):
    name = "ch3_services"
