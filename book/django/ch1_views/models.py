"""The resource of this chapter's worked examples: a meetup's events (the exercises serve
the blog's articles, so a page can teach without showing the answer)."""
from django.db import models


# ANCHOR: event
class Event(models.Model):
    title = models.CharField(max_length=200)
    city = models.CharField(max_length=100)
    online = models.BooleanField(default=False)
    seats = models.PositiveIntegerField()

    class Meta:
        ordering = ["id"]

    def as_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "city": self.city,
                "online": self.online, "seats": self.seats}
# ANCHOR_END: event


SAMPLE_EVENTS = [
    ("Rust for Pythonistas", "Lyon", False, 40),
    ("Tokio office hours", "Lyon", True, 100),
    ("Django after dark", "Paris", False, 2),
]


def seed_events() -> None:
    """The same three events as the Rust examples' `sample_events()`, with ids 1, 2, 3."""
    Event.objects.bulk_create(
        Event(id=i, title=t, city=c, online=o, seats=s)
        for i, (t, c, o, s) in enumerate(SAMPLE_EVENTS, start=1)
    )
