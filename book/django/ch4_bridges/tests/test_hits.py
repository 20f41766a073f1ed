"""What thread a thread-sensitive call runs on, measured under a real uvicorn and under
Django's AsyncClient, and an owner thread for a resource bound to one thread."""
import asyncio
import threading
from unittest import mock

import httpx
from asgiref.sync import sync_to_async
# ASGIHandler, not get_asgi_application(): that one reruns django.setup(), whose logging
# setup would remove assertLogs' handler.
from django.core.handlers.asgi import ASGIHandler
from django.http import JsonResponse
from django.test import SimpleTestCase, override_settings
from django.urls import path

from blog.testing import Recorder, uvicorn_server
from ch4_bridges import hits  # imported here, on the main thread, like at a server's start


recorder = Recorder()


@sync_to_async  # thread_sensitive=True, the default
def where(label):
    recorder(label)
    return threading.current_thread().name


async def twice(request):
    first = await where("first")
    second = await where("second")
    return JsonResponse({"first": first, "second": second})


async def meet(request):
    return JsonResponse({"thread": await where("meet")})


urlpatterns = [path("twice", twice), path("meet", meet)]


async def gather(base, paths):
    async with httpx.AsyncClient(base_url=base, timeout=15) as client:
        return await asyncio.gather(*(client.get(p) for p in paths))


class ThreadSensitiveUnderUvicornTests(SimpleTestCase):
    def serve(self, paths, urls="ch4_bridges.tests.test_hits"):
        with override_settings(ROOT_URLCONF=urls):
            with uvicorn_server(ASGIHandler()) as base:
                return asyncio.run(gather(base, paths))

    def test_calls_of_one_request_share_one_thread(self):
        (response,) = self.serve(["/twice"])
        body = response.json()
        self.assertEqual(body["first"], body["second"])
        self.assertNotEqual(body["first"], "MainThread")

    def test_calls_of_concurrent_requests_run_side_by_side_on_their_own_threads(self):
        global recorder
        recorder = Recorder(barrier_of=2)
        responses = self.serve(["/meet", "/meet"])
        self.assertTrue(recorder.met, "the two thread-sensitive calls never overlapped")
        threads = {r.json()["thread"] for r in responses}
        self.assertEqual(len(threads), 2, threads)

    def test_a_thread_bound_object_breaks_when_requests_get_their_own_threads(self):
        with self.assertLogs("django.request", "ERROR") as logs:
            (response,) = self.serve(["/wrong/hits/home"], urls="ch4_bridges.urls")
        self.assertEqual(response.status_code, 500)
        self.assertIn("HitLog used from a thread that did not open it", logs.output[0])

    def test_the_owner_thread_serves_every_request_in_order(self):
        seen = []

        async def all_at_once(base):
            async with httpx.AsyncClient(base_url=base, timeout=15) as client:
                return await asyncio.gather(*(client.get("/hits/about") for _ in range(20)))

        real_record = hits.legacy.HitLog.record

        def record(log, page):
            seen.append(threading.current_thread().name)
            return real_record(log, page)

        with mock.patch.object(hits.legacy.HitLog, "record", record):
            with override_settings(ROOT_URLCONF="ch4_bridges.urls"):
                with uvicorn_server(ASGIHandler()) as base:
                    responses = asyncio.run(all_at_once(base))
        counts = sorted(r.json()["hits"] for r in responses)
        # One log, one count: 20 requests, 20 consecutive counts, all from one thread.
        self.assertEqual(counts, list(range(counts[0], counts[0] + 20)))
        self.assertEqual(set(seen), {"hit-log_0"})


@override_settings(ROOT_URLCONF="ch4_bridges.tests.test_hits")
class ThreadSensitiveUnderAsyncClientTests(SimpleTestCase):
    async def test_the_test_client_runs_them_on_the_tests_own_thread(self):
        # AsyncClient opens no ThreadSensitiveContext, and Django runs an async test through
        # async_to_sync: thread-sensitive calls go back to the thread that called it. A test
        # that passes here can still fail under uvicorn, as the tests above show.
        response = await self.async_client.get("/twice")
        self.assertEqual(response.json()["first"], "MainThread")

    async def test_so_the_thread_bound_wrong_version_passes_here(self):
        with override_settings(ROOT_URLCONF="ch4_bridges.urls"):
            response = await self.async_client.get("/wrong/hits/home")
        self.assertEqual(response.status_code, 200)
