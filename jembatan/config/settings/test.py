"""The test suite: SQLite in memory unless DATABASE_URL is set, tasks run at once, fast hashing."""

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # noqa: S105 - speed in tests only
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "test"}}
if REDIS_URL:  # noqa: F405
    CACHES = {
        "default": {
            "BACKEND": "jembatan.core.cache_backends.RedisCache",
            "LOCATION": REDIS_URL,  # noqa: F405
            "KEY_PREFIX": "jembatan-test",
        }
    }
# Read the page-cache generation from the shared cache on every request, so that clearing the cache
# between tests is enough (tests/test_public_cache.py covers the per-process tier).
PUBLIC_CACHE_GENERATION_CHECK_MS = 0
AXES_ENABLED = True
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# The syndication tests serve feeds from 127.0.0.1.
SYNDICATION_ALLOW_PRIVATE_HOSTS = True
# The browser tests never reach the network: map tiles come from this server (any image does for a tile).
MAP_TILE_URL = "/static/img/favicon.svg?z={z}&x={x}&y={y}"
# The outbox sends in the calling thread: sending threads have their own connections, which cannot see
# a test's uncommitted rows (the concurrency tests are transactional and set their own).
NOTIFICATIONS_CONCURRENCY = 1
