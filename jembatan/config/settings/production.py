"""Production: PostgreSQL via DATABASE_URL, Redis when REDIS_URL is set, HTTPS everywhere.

`manage.py check --deploy` warns about the development fallbacks that remain possible here
(SQLite, the local memory cache, console email, a non-HTTPS PUBLIC_BASE_URL): jembatan/core/checks.py.
"""

from jembatan.config import env

from .base import *  # noqa: F403

DEBUG = False
SECRET_KEY = env.get_str("SECRET_KEY", required=True)
# No silent fallback to the development SQLite file or to links pointing at 127.0.0.1.
env.get_str("DATABASE_URL", required=True)  # parsed in base.py
PUBLIC_BASE_URL = env.get_str("PUBLIC_BASE_URL", required=True)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", [])
DATABASES["default"]["CONN_MAX_AGE"] = env.get_int("DATABASE_CONN_MAX_AGE", 60)  # noqa: F405

SECURE_SSL_REDIRECT = env.get_bool("SECURE_SSL_REDIRECT", True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.get_int("SECURE_HSTS_SECONDS", 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.get_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_NAME = "__Host-sessionid"
CSRF_COOKIE_NAME = "__Host-csrftoken"
