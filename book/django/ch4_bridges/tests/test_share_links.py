"""CPU-bound work off the event loop, a bounded number at a time."""
import asyncio
from unittest import mock

from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.test import SimpleTestCase, override_settings

from ch4_bridges import share_links

from blog.testing import Recorder


@override_settings(ROOT_URLCONF="ch4_bridges.urls")
class ShareLinkTests(SimpleTestCase):
    async def test_the_token_is_derived_from_the_slug(self):
        response = await self.async_client.get("/articles/async-views/share")
        self.assertEqual(
            response.json(),
            {"slug": "async-views", "token": share_links.derive_token("async-views")},
        )

    async def test_six_concurrent_requests_run_at_most_two_derivations_at_once(self):
        # Every derivation waits for a second one: pairs meet, and a third never gets in.
        recorder = Recorder(barrier_of=2)
        real = share_links.derive_token

        def counted(slug):
            recorder()
            return real(slug)

        # A fresh semaphore: an asyncio one belongs to the first loop that waits on it.
        with (
            mock.patch.object(share_links, "hashing", asyncio.Semaphore(2)),
            mock.patch.object(share_links, "derive_token", counted),
        ):
            responses = await asyncio.gather(
                *(self.async_client.get(f"/articles/a{i}/share") for i in range(6))
            )
        self.assertEqual([r.status_code for r in responses], [200] * 6)
        self.assertTrue(recorder.met, "two derivations never ran at once")
        self.assertEqual(recorder.most_inside, 2)


class DjangoHasherTests(SimpleTestCase):
    def test_djangos_default_hasher_runs_pbkdf2_with_1_5_million_rounds(self):
        self.assertEqual(PBKDF2PasswordHasher.algorithm, "pbkdf2_sha256")
        self.assertEqual(PBKDF2PasswordHasher.iterations, 1_500_000)
