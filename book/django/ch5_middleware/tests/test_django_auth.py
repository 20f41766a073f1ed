"""AuthenticationMiddleware attaches a user to every request (an AnonymousUser when nobody is
logged in), and LoginRequiredMiddleware refuses an anonymous request to any view not marked
@login_not_required, with a redirect to the login page: a 302, where an API answers 401."""
from django.test import TestCase, override_settings

AUTH_STACK = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
]


@override_settings(
    MIDDLEWARE=AUTH_STACK, ROOT_URLCONF="ch5_middleware.django_auth", LOGIN_URL="/login"
)
class DjangoAuthTests(TestCase):
    async def test_an_anonymous_request_is_redirected_to_the_login_page(self):
        response = await self.async_client.get("/whoami")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], "/login?next=/whoami")

    async def test_every_request_has_a_user_even_an_anonymous_one(self):
        response = await self.async_client.get("/health")
        self.assertEqual(response.json(), {"ok": True, "anonymous": True})

    async def test_a_logged_in_user_reaches_the_view(self):
        from django.contrib.auth.models import User

        await User.objects.acreate_user("ada", password="not-a-real-password")
        await self.async_client.alogin(username="ada", password="not-a-real-password")
        response = await self.async_client.get("/whoami")
        self.assertEqual(response.json(), {"user": "ada"})
