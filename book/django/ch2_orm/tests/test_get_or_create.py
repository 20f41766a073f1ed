import asyncio
import threading
from unittest import mock

from django.db import IntegrityError
from django.db.models import QuerySet

from blog.models import Article

from .support import ChapterTestCase, served

N = 4


class RaceToCreate:
    """Makes the race certain: every caller's INSERT waits until all N callers have looked
    for the row (and found nothing), so they all try to create it together.

    Under a real server each request runs its ORM calls on a thread of its own (its own
    ThreadSensitiveContext), so the N creates meet at a threading barrier."""

    def __init__(self, n):
        self.barrier = threading.Barrier(n, timeout=8)
        self.errors = []
        self.original = QuerySet.create

    def __enter__(self):
        race = self

        def create(queryset, **kwargs):
            race.barrier.wait()
            try:
                return race.original(queryset, **kwargs)
            except Exception as error:
                race.errors.append(error)
                raise

        self.patch = mock.patch.object(QuerySet, "create", create)
        self.patch.start()
        return self

    def __exit__(self, *exc):
        self.patch.stop()


class GetOrCreateTests(ChapterTestCase):
    async def test_an_existing_slug_is_got_a_new_one_created(self):
        res = await self.async_client.post("/drafts/async-views")
        self.assertEqual((res.status_code, res.json()), (200, {"id": 1, "created": False}))
        res = await self.async_client.post("/drafts/sqlx-tips")
        self.assertEqual((res.status_code, res.json()), (201, {"id": 6, "created": True}))

    async def test_aget_or_create_under_a_certain_race_creates_once_and_gets_the_rest(self):
        with RaceToCreate(N):
            async with served() as client:
                responses = await asyncio.gather(*(client.post("/drafts/race") for _ in range(N)))
        self.assertEqual(sorted(r.status_code for r in responses), [200] * (N - 1) + [201])
        self.assertEqual(len({r.json()["id"] for r in responses}), 1)
        self.assertEqual(await Article.objects.filter(slug="race").acount(), 1)

    async def test_check_then_insert_raises_integrity_error_in_the_race(self):
        with RaceToCreate(N) as race:
            async with served() as client:
                responses = await asyncio.gather(
                    *(client.post("/racy/drafts/race") for _ in range(N)))
        self.assertEqual(sorted(r.status_code for r in responses), [201] + [500] * (N - 1))
        errors = race.errors
        self.assertEqual(len(errors), N - 1)
        self.assertTrue(all(isinstance(e, IntegrityError) for e in errors), errors)
