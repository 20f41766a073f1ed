"""An async middleware runs around everything: the 404 of an unknown URL and the 500 of a
crashed view get its header too. Django builds it once, and calls it per request."""
from django.test import SimpleTestCase, override_settings

from ch5_middleware.language import ContentLanguageMiddleware

LANGUAGE = ["ch5_middleware.language.ContentLanguageMiddleware"]


@override_settings(ROOT_URLCONF="ch5_middleware.urls", MIDDLEWARE=LANGUAGE)
class ContentLanguageTests(SimpleTestCase):
    async def test_in_and_out(self):
        response = await self.async_client.get(
            "/articles/async-views", headers={"Accept-Language": "fr-CH, fr;q=0.9"}
        )
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Language"], "fr")
        self.assertEqual(response["Vary"], "Accept-Language")

    async def test_a_404_from_the_view_gets_the_header(self):
        response = await self.async_client.get("/articles/no-such-article")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Language"], "en")

    async def test_the_404_of_an_unknown_url_gets_the_header(self):
        response = await self.async_client.get("/no/such/page")
        self.assertEqual(response.status_code, 404)
        self.assertEqual(response["Content-Language"], "en")

    async def test_the_500_of_a_crashed_view_gets_the_header(self):
        # Django turns the exception into its 500 response *inside* the middleware (each
        # layer's get_response is wrapped), so the middleware sees a response, not the raise.
        self.async_client.raise_request_exception = False
        with self.assertLogs("django.request", "ERROR"):
            response = await self.async_client.get("/crash")
        self.assertEqual(response.status_code, 500)
        self.assertEqual(response["Content-Language"], "en")


class Counting(ContentLanguageMiddleware):
    built = 0
    called = 0

    def __init__(self, get_response):
        type(self).built += 1
        super().__init__(get_response)

    async def __call__(self, request):
        type(self).called += 1
        return await super().__call__(request)


@override_settings(
    ROOT_URLCONF="ch5_middleware.urls",
    MIDDLEWARE=["ch5_middleware.tests.test_language.Counting"],
)
class LifecycleTests(SimpleTestCase):
    async def test_built_once_called_per_request(self):
        Counting.built = Counting.called = 0
        for _ in range(3):
            await self.async_client.get("/articles/async-views")
        self.assertEqual((Counting.built, Counting.called), (1, 3))

    def test_the_asgi_handler_builds_it_when_it_is_created(self):
        from django.core.handlers.asgi import ASGIHandler

        Counting.built = Counting.called = 0
        ASGIHandler()
        self.assertEqual((Counting.built, Counting.called), (1, 0))
