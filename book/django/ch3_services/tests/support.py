from django.test import SimpleTestCase, override_settings


@override_settings(ROOT_URLCONF="ch3_services.urls")
class ChapterTestCase(SimpleTestCase):
    """No database in this chapter: the views only call other services."""
