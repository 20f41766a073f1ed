from django.apps import AppConfig


class Ch2OrmConfig(AppConfig):
    name = "ch2_orm"
