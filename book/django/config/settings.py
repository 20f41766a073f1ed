"""Settings of the Django twin: the blog the Rust exercises serve, on SQLite, served by uvicorn.

The book includes its listings from this project, and its tests back every claim the book
makes about Django. Nothing here is for production: the secret key is a placeholder.
"""
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent

SECRET_KEY = "the-django-twin-of-the-course-not-a-secret"
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]

# Each chapter's code is an app of its own, so a page includes from one folder.
INSTALLED_APPS = [
    # Django Channels (chapter 7: WebSocket consumers and groups).
    "channels",
    "django.contrib.contenttypes",
    # For the auth page: Django's own AuthenticationMiddleware and LoginRequiredMiddleware.
    "django.contrib.auth",
    "django.contrib.sessions",
    "blog",
    "ch1_views",
    "ch2_orm",
    "ch3_services",
    "ch4_bridges",
    "ch5_middleware",
    "ch6_serving",
    "ch7_live",
]

MIDDLEWARE = [
    "django.middleware.common.CommonMiddleware",
]

ROOT_URLCONF = "config.urls"
ASGI_APPLICATION = "config.asgi.application"
# Channels' groups (chapter 7), in the process's memory: one server only. Several servers
# share groups through Redis (channels_redis).
CHANNEL_LAYERS = {"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}}

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": BASE_DIR / "db.sqlite3",
        # The tests use a file, not memory: an in-memory SQLite database is per connection,
        # and async views and sync_to_async run on other threads with their own connections.
        "TEST": {"NAME": BASE_DIR / "test-db.sqlite3"},
    }
}

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
USE_TZ = True
TIME_ZONE = "UTC"
