"""Settings shared by every environment. Values come from jembatan.config.env only."""

from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

from jembatan.config import env

BASE_DIR = Path(__file__).resolve().parent.parent.parent.parent
PACKAGE_DIR = BASE_DIR / "jembatan"

SECRET_KEY = env.get_str("SECRET_KEY", "insecure-development-key-change-me-0123456789abcdef")
DEBUG = env.get_bool("DEBUG", False)
ALLOWED_HOSTS = env.get_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.get_list("CSRF_TRUSTED_ORIGINS", [])
# How many reverse proxies in front of the app servers append to X-Forwarded-For (nginx with
# `proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;` is one). 0: the header is ignored
# and REMOTE_ADDR is the client. See jembatan.core.middleware.client_ip_from_request.
TRUSTED_PROXY_COUNT = env.get_int("TRUSTED_PROXY_COUNT", 0)
if TRUSTED_PROXY_COUNT < 0:
    raise ImproperlyConfigured("Environment variable TRUSTED_PROXY_COUNT must be 0 or more.")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "csp",
    "django_tasks",
    "django_tasks_db",
    "ninja",
    "jembatan.core",
    "jembatan.regions",
    "jembatan.accounts",
    "jembatan.agencies",
    "jembatan.notifications",
    "jembatan.cases",
    "jembatan.communities",
    "jembatan.aspirations",
    "jembatan.information",
    "jembatan.newsroom",
    "jembatan.syndication",
    "jembatan.search",
    "jembatan.dissemination",
    "jembatan.pages",
    "jembatan.clarifications",
    "jembatan.literacy",
    "jembatan.api",
    "jembatan.portal",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "jembatan.core.middleware.RejectNulBytesMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "jembatan.core.middleware.RequestContextMiddleware",
    "jembatan.core.tenancy.TenancyMiddleware",
    "jembatan.core.replicas.ReadYourWritesMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "jembatan.core.middleware.CookieLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
]

ROOT_URLCONF = "jembatan.config.urls"
WSGI_APPLICATION = "jembatan.config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "jembatan.portal.context_processors.site",
            ],
            "builtins": ["jembatan.core.templatetags.jembatan_tags"],
        },
    }
]

FORM_RENDERER = "jembatan.core.forms.FormRenderer"

DATABASES = {
    "default": dj_database_url.parse(
        env.get_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'var' / 'jembatan.sqlite3'}"),
        conn_max_age=env.get_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
# PgBouncer (or any pooler) in transaction mode: a connection is someone else's between transactions, so
# no server-side cursor may outlive one (QuerySet.iterator() then reads its rows at once).
DATABASE_TRANSACTION_POOLING = env.get_bool("DATABASE_TRANSACTION_POOLING", False)
if DATABASE_TRANSACTION_POOLING:
    DATABASES["default"]["DISABLE_SERVER_SIDE_CURSORS"] = True

# PostgreSQL streaming replicas for read-only work (jembatan/core/replicas.py, docs/deployment.md).
DATABASE_REPLICA_URLS = env.get_list("DATABASE_REPLICA_URLS")
for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    DATABASES[f"replica_{_number}"] = {
        **dj_database_url.parse(_url, conn_max_age=env.get_int("DATABASE_CONN_MAX_AGE", 0), conn_health_checks=True),
        "DISABLE_SERVER_SIDE_CURSORS": DATABASE_TRANSACTION_POOLING,
        # Under test the replica holds the test database, streamed from the primary.
        "TEST": {"MIRROR": "default"},
    }
    if DATABASES[f"replica_{_number}"]["ENGINE"] != "django.db.backends.postgresql":
        raise ImproperlyConfigured("DATABASE_REPLICA_URLS must name PostgreSQL streaming replicas.")
if DATABASE_REPLICA_URLS and DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_REPLICA_URLS needs DATABASE_URL to name their PostgreSQL primary.")
DATABASE_ROUTERS = ["jembatan.core.replicas.ReplicaRouter"] if DATABASE_REPLICA_URLS else []
# A replica further behind than this is left out until it catches up; each process asks at most every
# REPLICA_CHECK_SECONDS. Whoever wrote reads from the primary for REPLICA_PIN_SECONDS (read-your-writes).
REPLICA_MAX_LAG_SECONDS = env.get_float("REPLICA_MAX_LAG_SECONDS", 5.0)
REPLICA_CHECK_SECONDS = env.get_float("REPLICA_CHECK_SECONDS", 1.0)
REPLICA_PIN_SECONDS = env.get_int("REPLICA_PIN_SECONDS", 15)
if DATABASE_REPLICA_URLS and REPLICA_PIN_SECONDS < REPLICA_MAX_LAG_SECONDS + REPLICA_CHECK_SECONDS:
    raise ImproperlyConfigured(
        "REPLICA_PIN_SECONDS must be at least REPLICA_MAX_LAG_SECONDS + REPLICA_CHECK_SECONDS, or a writer could "
        "read from a replica that has not yet replayed their write."
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env.get_str("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "jembatan.core.cache_backends.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "jembatan",
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "jembatan",
        }
    }
PUBLIC_PAGE_CACHE_SECONDS = env.get_int("PUBLIC_PAGE_CACHE_SECONDS", 300)
# Each process keeps copies of this many recently served public pages (0: none), and trusts the
# generation it last read from the shared cache for this long; see jembatan/core/cache.py.
PUBLIC_PAGE_LOCAL_ENTRIES = env.get_int("PUBLIC_PAGE_LOCAL_ENTRIES", 500)
PUBLIC_CACHE_GENERATION_CHECK_MS = env.get_int("PUBLIC_CACHE_GENERATION_CHECK_MS", 1000)

AUTH_USER_MODEL = "accounts.User"
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "workspace:home"
LOGOUT_REDIRECT_URL = "core:home"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Failed sign-ins slow down the next attempt instead of locking an account (accounts/throttle.py):
# per account and address, free failures then waits of 30 s, 1 min, 2 min … up to LOGIN_MAX_DELAY_MINUTES;
# per account from any address, later and shorter waits (never more than LOGIN_ACCOUNT_MAX_DELAY_SECONDS),
# so nobody can keep the owner out. One address trying many accounts is limited by LOGIN_ATTEMPTS_PER_IP.
LOGIN_FREE_FAILURES = env.get_int("LOGIN_FREE_FAILURES", 3)
LOGIN_MAX_DELAY_MINUTES = env.get_int("LOGIN_MAX_DELAY_MINUTES", 15)
LOGIN_ACCOUNT_FREE_FAILURES = env.get_int("LOGIN_ACCOUNT_FREE_FAILURES", 10)
LOGIN_ACCOUNT_MAX_DELAY_SECONDS = env.get_int("LOGIN_ACCOUNT_MAX_DELAY_SECONDS", 60)
LOGIN_ATTEMPTS_PER_IP = env.get_int("LOGIN_ATTEMPTS_PER_IP", 30)
LOGIN_ATTEMPTS_WINDOW_MINUTES = env.get_int("LOGIN_ATTEMPTS_WINDOW_MINUTES", 10)
# Password reset emails: per account (silently, so the limit reveals no account) and per client address.
PASSWORD_RESET_PER_ACCOUNT_PER_HOUR = env.get_int("PASSWORD_RESET_PER_ACCOUNT_PER_HOUR", 3)
PASSWORD_RESET_PER_ADDRESS_PER_HOUR = env.get_int("PASSWORD_RESET_PER_ADDRESS_PER_HOUR", 10)

OTP_TOTP_ISSUER = env.get_str("SITE_NAME", "Jembatan")
# A session that passed the second factor ends after this many seconds (a working day).
STAFF_SESSION_SECONDS = env.get_int("STAFF_SESSION_SECONDS", 8 * 3600)

LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Indonesian")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
FORMAT_MODULE_PATH = ["jembatan.formats"]
TIME_ZONE = "Asia/Jakarta"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = env.get_str("STATIC_ROOT", str(BASE_DIR / "var" / "static"))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
MEDIA_ROOT = env.get_str("MEDIA_ROOT", str(BASE_DIR / "var" / "media"))
MEDIA_URL = "/media/"
# Uploads above this size are refused before they are read into memory.
UPLOAD_MAX_BYTES = env.get_int("UPLOAD_MAX_BYTES", 5 * 1024 * 1024)  # documents (PDF)
# Photos as phones take them (a 50 MP photo is 10-20 MB); they are reduced before they are stored.
UPLOAD_MAX_IMAGE_BYTES = env.get_int("UPLOAD_MAX_IMAGE_BYTES", 20 * 1024 * 1024)
# Decoding work one client address may cause per minute (six full 24 MP photos, or many phone photos).
UPLOAD_MEGAPIXELS_PER_MINUTE = env.get_int("UPLOAD_MEGAPIXELS_PER_MINUTE", 150)
DATA_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

EMAIL_BACKEND = env.get_str("EMAIL_BACKEND", "django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.get_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env.get_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env.get_str("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = env.get_str("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env.get_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env.get_str("DEFAULT_FROM_EMAIL", "Jembatan <noreply@localhost>")

# /readyz and the staff workspace warn when the newest worker heartbeat, or the oldest task waiting to
# run, is older than this many seconds.
BACKGROUND_STALE_AFTER = env.get_int("BACKGROUND_STALE_AFTER", 300)

# Public information requests (jembatan/information): the working days a requester has to answer the
# PPID's request for clarification before the request lapses (the period the PPID states in its letter).
PPID_CLARIFICATION_WORKING_DAYS = env.get_int("PPID_CLARIFICATION_WORKING_DAYS", 10)
# Information requests from one client address per hour on the web form (the API has its own limit, 30).
PPID_FORM_REQUESTS_PER_HOUR = env.get_int("PPID_FORM_REQUESTS_PER_HOUR", 30)
# "Cek pesan ini": a match at or above the first is answered at once; between the two it is queued for an
# officer ("sedang kami periksa"). Tuned on tests/fixtures/hoaks (docs/benchmarks.md).
FACTCHECK_AUTO_THRESHOLD = env.get_float("FACTCHECK_AUTO_THRESHOLD", 0.75)
FACTCHECK_SUGGEST_THRESHOLD = env.get_float("FACTCHECK_SUGGEST_THRESHOLD", 0.45)
# What signs event certificates (``jembatan.literacy.signing``): a BSrE adapter may be plugged in per regency.
CERTIFICATE_SIGNER = env.get_str("CERTIFICATE_SIGNER", "jembatan.literacy.signing.NoSigner")

# The notifications outbox (jembatan/notifications/outbox.py).
NOTIFICATIONS_BATCH_SIZE = env.get_int("NOTIFICATIONS_BATCH_SIZE", 50)
NOTIFICATIONS_CONCURRENCY = env.get_int("NOTIFICATIONS_CONCURRENCY", 8)
NOTIFICATIONS_POLL_SECONDS = env.get_float("NOTIFICATIONS_POLL_SECONDS", 1.0)
# Where the sending threads find work (jembatan/notifications/queues.py): "database" or "redis" (a Redis
# stream on NOTIFICATIONS_QUEUE_URL, by default REDIS_URL).
NOTIFICATIONS_QUEUE = env.get_str("NOTIFICATIONS_QUEUE", "database")
NOTIFICATIONS_QUEUE_URL = env.get_str("NOTIFICATIONS_QUEUE_URL", REDIS_URL)
NOTIFICATIONS_QUEUE_PREFIX = env.get_str("NOTIFICATIONS_QUEUE_PREFIX", "jembatan")
NOTIFICATIONS_QUEUE_MAXLEN = env.get_int("NOTIFICATIONS_QUEUE_MAXLEN", 2_000_000)
NOTIFICATIONS_LEASE_SECONDS = env.get_int("NOTIFICATIONS_LEASE_SECONDS", 300)
NOTIFICATIONS_RETRY_BASE = env.get_int("NOTIFICATIONS_RETRY_BASE", 30)
NOTIFICATIONS_RETRY_MAX_DELAY = env.get_int("NOTIFICATIONS_RETRY_MAX_DELAY", 1800)
NOTIFICATIONS_GIVE_UP_AFTER = env.get_int("NOTIFICATIONS_GIVE_UP_AFTER", 4 * 3600)
NOTIFICATIONS_RECEIPT_TIMEOUT = env.get_int("NOTIFICATIONS_RECEIPT_TIMEOUT", 72 * 3600)
EMAIL_TIMEOUT = env.get_int("EMAIL_TIMEOUT", 20)
# Messages per second per channel, shared by every worker (0: unpaced); Telegram also per chat.
NOTIFICATIONS_PACING = env.get_bool("NOTIFICATIONS_PACING", True)
NOTIFICATIONS_RATES = {
    "whatsapp": env.get_int("NOTIFICATIONS_RATE_WHATSAPP", 80),
    "telegram": env.get_int("NOTIFICATIONS_RATE_TELEGRAM", 25),
    "sms": env.get_int("NOTIFICATIONS_RATE_SMS", 10),
    "email": env.get_int("NOTIFICATIONS_RATE_EMAIL", 0),
}
NOTIFICATIONS_TELEGRAM_PER_CHAT = env.get_int("NOTIFICATIONS_TELEGRAM_PER_CHAT", 1)
# Bulk messages written in the quiet hours wait for their end (emergency announcements do not).
NOTIFICATIONS_QUIET_HOURS = (env.get_int("NOTIFICATIONS_QUIET_FROM", 21), env.get_int("NOTIFICATIONS_QUIET_UNTIL", 6))
NOTIFICATIONS_QUIET_TIMEZONE = env.get_str("NOTIFICATIONS_QUIET_TIMEZONE", "Asia/Jakarta")

# Chat and SMS channels: each is switched on by its token and reached at its base URL (docs/configuration.md).
WHATSAPP_TOKEN = env.get_str("WHATSAPP_TOKEN", "")
WHATSAPP_PHONE_NUMBER_ID = env.get_str("WHATSAPP_PHONE_NUMBER_ID", "")
WHATSAPP_APP_SECRET = env.get_str("WHATSAPP_APP_SECRET", "")
WHATSAPP_VERIFY_TOKEN = env.get_str("WHATSAPP_VERIFY_TOKEN", "")
WHATSAPP_BASE_URL = env.get_str("WHATSAPP_BASE_URL", "https://graph.facebook.com/v21.0")
TELEGRAM_BOT_TOKEN = env.get_str("TELEGRAM_BOT_TOKEN", "")
TELEGRAM_WEBHOOK_SECRET = env.get_str("TELEGRAM_WEBHOOK_SECRET", "")
TELEGRAM_BASE_URL = env.get_str("TELEGRAM_BASE_URL", "https://api.telegram.org")
SMS_GATEWAY_URL = env.get_str("SMS_GATEWAY_URL", "")
SMS_GATEWAY_TOKEN = env.get_str("SMS_GATEWAY_TOKEN", "")
SMS_WEBHOOK_SECRET = env.get_str("SMS_WEBHOOK_SECRET", "")
SMS_SENDER_NAME = env.get_str("SMS_SENDER_NAME", "JEMBATAN")
# Where background tasks wait (ADR 0020): "database" (a table that `manage.py worker` polls, the embedded
# default) or "redis" (RQ on TASKS_QUEUE_URL, by default REDIS_URL, fed through a transactional outbox).
TASKS_QUEUE = env.get_str("TASKS_QUEUE", "database")
_TASK_BACKENDS = {"database": "django_tasks_db.DatabaseBackend", "redis": "jembatan.core.taskqueue.OutboxRQBackend"}
if TASKS_QUEUE not in _TASK_BACKENDS:
    raise ImproperlyConfigured(f"TASKS_QUEUE must be one of {', '.join(_TASK_BACKENDS)}, not {TASKS_QUEUE!r}.")
TASKS_QUEUE_URL = env.get_str("TASKS_QUEUE_URL", REDIS_URL or "redis://127.0.0.1:6379/0")
# Seconds a task may run on the broker queue; a task whose worker died is queued again after it (+ 60 s).
TASKS_TIMEOUT = env.get_int("TASKS_TIMEOUT", 600)
TASKS = {"default": {"BACKEND": env.get_str("TASKS_BACKEND", _TASK_BACKENDS[TASKS_QUEUE])}}
RQ_QUEUES = {"default": {"URL": TASKS_QUEUE_URL, "DEFAULT_TIMEOUT": TASKS_TIMEOUT}}

SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

# Maps (placing a report, the map of public reports): Leaflet is vendored; the tiles come from this
# server ({z}/{x}/{y} placeholders). OpenStreetMap's own tile server suits a pilot's light use with the
# attribution shown; a regency with heavy traffic sets its own. Empty: no map, the kelurahan list stays.
MAP_TILE_URL = env.get_str("MAP_TILE_URL", "https://tile.openstreetmap.org/{z}/{x}/{y}.png")
MAP_TILE_ATTRIBUTION = env.get_str("MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
# Where a map opens (latitude,longitude,zoom): the centre of the regency.
MAP_CENTER = env.get_str("MAP_CENTER", "-2.1291,106.1133,13")
_tile_origin = "{0.scheme}://{0.netloc}".format(urlsplit(MAP_TILE_URL)) if "://" in MAP_TILE_URL else ""

# Strict Content-Security-Policy: no inline script or style anywhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:", *([_tile_origin] if _tile_origin else [])],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'none'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# Jembatan's own settings.
SITE_NAME = env.get_str("SITE_NAME", "Jembatan")
# The regency this installation serves; JEMBATAN_SITES adds one public address per further regency
# ("<code>=<URL>,…"). Only jembatan.config.tenancy reads them (see core.tenancy).
JEMBATAN_REGENCY = env.get_str("JEMBATAN_REGENCY", "19.71")
JEMBATAN_SITES = env.get_list("JEMBATAN_SITES")
JEMBATAN_TENANCY = "jembatan.config.tenancy"
JEMBATAN_ORGANISATION = env.get_str("JEMBATAN_ORGANISATION", "Dinas Komunikasi dan Informatika Kota Pangkalpinang")
# The embedded default follows the port `make run` serves on (PORT), so that links in emails, feeds,
# the sitemap and share links reach this instance; production sets its public address.
PORT = env.get_int("PORT", 8000)
PUBLIC_BASE_URL = env.get_str("PUBLIC_BASE_URL", f"http://127.0.0.1:{PORT}")

# Contact data at rest (ADR 0012). Fernet keys, newest first; empty: a key derived from SECRET_KEY
# (development and tests only; `check --deploy` warns).
JEMBATAN_ENCRYPTION_KEYS = env.get_list("JEMBATAN_ENCRYPTION_KEYS")
JEMBATAN_LOOKUP_KEY = env.get_str("JEMBATAN_LOOKUP_KEY")
AUDIT_PAGE_SIZE = 50
# Reports one client address may file per hour: through the API and Open311, and through the web form.
ASPIRATION_API_SUBMISSIONS_PER_HOUR = env.get_int("ASPIRATION_API_SUBMISSIONS_PER_HOUR", 60)
ASPIRATION_FORM_SUBMISSIONS_PER_HOUR = env.get_int("ASPIRATION_FORM_SUBMISSIONS_PER_HOUR", 20)

# Syndication (external feeds): timeouts in seconds, body cap in bytes, see docs/configuration.md.
SYNDICATION_CONNECT_TIMEOUT = env.get_int("SYNDICATION_CONNECT_TIMEOUT", 5)
SYNDICATION_READ_TIMEOUT = env.get_int("SYNDICATION_READ_TIMEOUT", 10)
SYNDICATION_TOTAL_TIMEOUT = env.get_int("SYNDICATION_TOTAL_TIMEOUT", 30)
SYNDICATION_MAX_BYTES = env.get_int("SYNDICATION_MAX_BYTES", 5 * 1024 * 1024)
SYNDICATION_MAX_ENTRIES = env.get_int("SYNDICATION_MAX_ENTRIES", 200)
SYNDICATION_MAX_REDIRECTS = 5
SYNDICATION_DUPLICATE_WINDOW_DAYS = 30
SYNDICATION_ALLOW_PRIVATE_HOSTS = env.get_bool("SYNDICATION_ALLOW_PRIVATE_HOSTS", False)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "filters": {"forbidden_without_traceback": {"()": "jembatan.core.logs.ForbiddenWithoutTraceback"}},
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "plain",
            "filters": ["forbidden_without_traceback"],
        }
    },
    "root": {"handlers": ["console"], "level": env.get_str("LOG_LEVEL", "INFO")},
    # Django's own "django" logger prints to a console handler of its own under DEBUG and then passes the
    # record on to the root: every line twice. Here it has no handler and only the root prints.
    "loggers": {
        "django": {"handlers": [], "level": "INFO", "propagate": True},
        "django.server": {"handlers": [], "level": "WARNING", "propagate": True},
    },
}
