import httpx

from ..retries_with_backoff import GaveUp, Refused, rates_with_retries
from .fakes import scripted_app, serving
from .support import ChapterTestCase

BACKOFF = 0.02


class RetriesTests(ChapterTestCase):
    async def test_two_503s_then_the_rates_with_growing_waits(self):
        arrivals = []
        with serving(scripted_app([503, 503, 200], arrivals)) as (url,):
            rates = await rates_with_retries(url, attempts=4, backoff=BACKOFF)
        self.assertEqual(rates, {"usd": 1.08})
        self.assertEqual(len(arrivals), 3)
        self.assertGreaterEqual(arrivals[1] - arrivals[0], BACKOFF)
        self.assertGreaterEqual(arrivals[2] - arrivals[1], 2 * BACKOFF)

    async def test_a_404_is_not_retried(self):
        arrivals = []
        with serving(scripted_app([404], arrivals)) as (url,):
            with self.assertRaises(Refused):
                await rates_with_retries(url, attempts=4, backoff=BACKOFF)
        self.assertEqual(len(arrivals), 1)

    async def test_it_gives_up_after_the_last_attempt(self):
        arrivals = []
        with serving(scripted_app([503], arrivals)) as (url,):
            with self.assertRaisesRegex(GaveUp, "after 3 attempts: answered 503"):
                await rates_with_retries(url, attempts=3, backoff=BACKOFF)
        self.assertEqual(len(arrivals), 3)

    async def test_httpx_retries_only_failed_connections_never_a_503(self):
        arrivals = []
        with serving(scripted_app([503, 200], arrivals)) as (url,):
            transport = httpx.AsyncHTTPTransport(retries=3)
            async with httpx.AsyncClient(transport=transport) as client:
                res = await client.get(url)
        self.assertEqual((res.status_code, len(arrivals)), (503, 1))
