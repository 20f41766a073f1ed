"""What this chapter's tests share: the seeded blog plus the worked examples' events."""
from django.test import override_settings

from blog.testing import SeededTestCase

from ..models import seed_events


@override_settings(ROOT_URLCONF="ch1_views.urls")
class ChapterTestCase(SeededTestCase):
    def setUp(self) -> None:
        super().setUp()
        seed_events()
