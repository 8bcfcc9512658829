"""Settings for the portal, read from the environment.

With no environment at all the portal runs on SQLite with Celery tasks executed in-process
(the embedded default). ``DATABASE_URL`` switches to PostgreSQL, ``REDIS_URL`` (or
``CELERY_BROKER_URL``) to Redis for Celery and the cache. With DEBUG off, a missing
``DJANGO_SECRET_KEY`` or ``DJANGO_ALLOWED_HOSTS`` stops start-up with one line saying which.
gunicorn's own settings (workers, worker class, access log) are read in ``gunicorn.conf.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url

BASE_DIR = Path(__file__).resolve().parent.parent


def refuse(message: str) -> None:
    """Stop start-up with one line on stderr (no traceback): a missing or wrong production setting."""
    raise SystemExit(f"Configuration error: {message}")


def env_str(name: str, default: str = "") -> str:
    return os.environ.get(name, default).strip()


def env_bool(name: str, default: bool = False) -> bool:
    raw = env_str(name)
    if not raw:
        return default
    if raw.lower() in {"1", "true", "yes", "on"}:
        return True
    if raw.lower() in {"0", "false", "no", "off"}:
        return False
    refuse(f"{name} must be a boolean (1/0, true/false), not {raw!r}.")


def env_int(name: str, default: int) -> int:
    raw = env_str(name)
    if not raw:
        return default
    try:
        return int(raw)
    except ValueError:
        refuse(f"{name} must be an integer, not {raw!r}.")


def env_list(name: str) -> list[str]:
    return [part.strip() for part in env_str(name).split(",") if part.strip()]


# DEBUG is on only when asked for: the local run command sets DJANGO_DEBUG=1.
DEBUG = env_bool("DJANGO_DEBUG", False)

SECRET_KEY = env_str("DJANGO_SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        refuse(
            "DJANGO_SECRET_KEY is not set. Set it to a long random string "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))'), "
            "or set DJANGO_DEBUG=1 for a local development run."
        )
    SECRET_KEY = "insecure-local-development-key-do-not-use-in-production"

ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    if not DEBUG:
        refuse(
            "DJANGO_ALLOWED_HOSTS is not set. Set it to the comma-separated host names "
            "the portal answers to, e.g. DJANGO_ALLOWED_HOSTS=portal.example.vn"
        )
    ALLOWED_HOSTS = ["127.0.0.1", "localhost", "[::1]"]
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS")

INSTALLED_APPS = [
    "portal.apps.PortalConfig",
    "schedule.apps.ScheduleConfig",
    "submissions.apps.SubmissionsConfig",
    "emulation.apps.EmulationConfig",
    "reports.apps.ReportsConfig",
    "home.apps.HomeConfig",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_htmx",
    "bootstrap",
]

MIDDLEWARE = [
    # First: /healthz answers the container's own probe whatever its Host header (portal/health.py).
    "portal.health.HealthCheckMiddleware",
    # Selectors asked twice in one GET (the plans, the calendar, a plan's quota units) run once (portal/memo.py).
    "portal.memo.RequestMemoMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "portal.client_ip.ClientIPMiddleware",
    "portal.middleware.SecurityHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "portal.middleware.RequireTwoFactorMiddleware",
    "portal.middleware.UserLanguageMiddleware",
]

ROOT_URLCONF = "portal.urls"
WSGI_APPLICATION = "portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "portal.context_processors.portal",
            ],
        },
    },
]

# Database: SQLite in the project folder unless DATABASE_URL names another one.
# DATABASE_POOLER=pgbouncer: the URLs name a PgBouncer in transaction mode, so a connection is not kept
# between requests by default, no server-side cursor outlives a transaction, and psycopg never prepares a
# statement (PgBouncer before 1.21 cannot route prepared statements). docs/scaling.md.
DATABASE_POOLER = env_str("DATABASE_POOLER")
if DATABASE_POOLER not in ("", "pgbouncer"):
    refuse(f"DATABASE_POOLER must be empty or 'pgbouncer', not {DATABASE_POOLER!r}.")


def database_from_url(url: str) -> dict:
    config = dj_database_url.parse(
        url,
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0 if DATABASE_POOLER else 60),
        conn_health_checks=True,
    )
    if DATABASE_POOLER and config["ENGINE"] == "django.db.backends.postgresql":
        config["DISABLE_SERVER_SIDE_CURSORS"] = True
        config.setdefault("OPTIONS", {})["prepare_threshold"] = None
    return config


DATABASES = {"default": database_from_url(env_str("DATABASE_URL") or f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
# DATABASE_REPLICA_URL: a streaming read replica. Only the read-only pages that tolerate a second of lag
# (the public sites, dashboards, exports: portal.db_router.replica_reads) read from it; everything else,
# and everything inside a transaction, reads and writes the primary.
if env_str("DATABASE_REPLICA_URL"):
    DATABASES["replica"] = database_from_url(env_str("DATABASE_REPLICA_URL"))
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["portal.db_router.ReplicaRouter"]
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The quick start's SQLite: a transaction takes the write lock when it begins (IMMEDIATE), so
    # two writers queue behind each other for up to 20 s instead of one failing with "database is
    # locked" when its read lock cannot be upgraded; WAL lets pages read while another writes.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Redis: the Celery broker and the cache when configured; otherwise tasks run in-process.
REDIS_URL = env_str("REDIS_URL")
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or REDIS_URL
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
# Without a broker, slow work a request queues (a photo's renditions and slower check) runs in a
# background thread of the web process after the response (portal.background); False: at once.
PORTAL_BACKGROUND_THREAD = env_bool("PORTAL_BACKGROUND_THREAD", True)
if not CELERY_BROKER_URL:
    CELERY_BROKER_URL = "memory://localhost/"
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_TIMEZONE = "Asia/Ho_Chi_Minh"
# Every task is idempotent (see docs/security.md), so a message is acknowledged only after its task
# ends, and a task whose pool process died goes back to the queue instead of being lost.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# No task may run longer than the hard limit; Redis hands an unacknowledged message to another
# worker after the visibility timeout, so it must be longer than the longest task, and short enough
# that a killed worker's tasks do not wait an hour. Long ETAs never reach Redis (the outbox keeps
# them until they are due), so this timeout cannot replay a scheduled task early.
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 600),
    # Look for messages a dead worker left unacknowledged every 10 s (not every 100 s).
    "unacked_restore_interval": 10,
    "unacked_restore_throttle": 1,
    "socket_connect_timeout": 2,
}
# A request that hands work over must not hang on a broker that is down: a short connection timeout
# and few publish retries, after which the work waits in the outbox (portal.outbox).
CELERY_BROKER_CONNECTION_TIMEOUT = 2
CELERY_TASK_PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2, "interval_max": 0.5}
CELERY_WORKER_CONCURRENCY = env_int("CELERY_WORKER_CONCURRENCY", 0) or None  # None: one per core
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_TASK_DEFAULT_QUEUE", "celery")
# Beat keeps its schedule state in this file; the image's /app is read-only for the portal user.
CELERY_BEAT_SCHEDULE_FILENAME = env_str("CELERY_BEAT_SCHEDULE_FILENAME", "celerybeat-schedule")

if REDIS_URL:
    CACHES = {
        "default": {
            # Fails open to a local memory cache when Redis is down (see portal.cache).
            "BACKEND": "portal.cache.FailOpenRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env_str("CACHE_KEY_PREFIX", "portal"),
        }
    }
    # Sessions stay in the database and are read through Redis (portal.sessions); without Redis, from
    # the database (a local memory cache is per process: a sign-out would not reach the others).
    SESSION_ENGINE = "portal.sessions"
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_USER_MODEL = "portal.User"
AUTHENTICATION_BACKENDS = [
    # Django's and allauth's backends, loading the user with their unit and committee (portal/auth.py).
    "portal.auth.ModelBackend",
    "portal.auth.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "home:home"
LOGOUT_REDIRECT_URL = "account_login"

# django-allauth: login by username or email, no open sign-up (see portal.adapters).
ACCOUNT_ADAPTER = "portal.adapters.PortalAccountAdapter"
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_PRESERVE_USERNAME_CASING = False
# Failed sign-ins are throttled per account by allauth ("key" is the account the typed username or
# email resolves to, see portal.adapters) and per client address by portal.signin (a much higher
# limit that never blocks a browser which signed in to that account before). The cache holds the
# counters; it fails open to local memory (portal.cache).
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/key",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
}
# How many reverse proxies in front of the portal append to X-Forwarded-For (0: none, trust only
# REMOTE_ADDR; 1: one nginx or load balancer). The client's address is the entry that many places
# from the end; anything further left was written by the client and is not trusted.
PORTAL_TRUSTED_PROXIES = env_int("PORTAL_TRUSTED_PROXIES", 0)
ALLAUTH_TRUSTED_PROXY_COUNT = PORTAL_TRUSTED_PROXIES
# Failed sign-ins from one client address (all accounts together) before that address must come
# from a browser that signed in to the account before: high, since a whole office shares one address.
PORTAL_ADDRESS_FAILURE_LIMIT = env_int("PORTAL_ADDRESS_FAILURE_LIMIT", 30)
PORTAL_ADDRESS_FAILURE_WINDOW = env_int("PORTAL_ADDRESS_FAILURE_WINDOW", 15 * 60)
# Searches per client and window (portal.search): per address for anonymous readers, per account
# for people signed in. A whole ward office can sit behind one address, hence the generous numbers.
PORTAL_SEARCH_WINDOW = env_int("PORTAL_SEARCH_WINDOW", 60)
PORTAL_SEARCH_LIMIT_ANONYMOUS = env_int("PORTAL_SEARCH_LIMIT_ANONYMOUS", 30)
PORTAL_SEARCH_LIMIT_SIGNED_IN = env_int("PORTAL_SEARCH_LIMIT_SIGNED_IN", 60)
# A search's result count stops here ("hơn 1.000 kết quả").
PORTAL_SEARCH_COUNT_LIMIT = env_int("PORTAL_SEARCH_COUNT_LIMIT", 1000)
# A page past that bound walks at most this many rows of the list before the matches are sorted
# instead (portal.search.SearchPaginator).
PORTAL_SEARCH_WALK_ROWS = env_int("PORTAL_SEARCH_WALK_ROWS", 1000)
# A public search reads the committee's newest this many published items (from the day of the last
# of them: "12 kết quả từ ngày 14/10/2026"), with a link to search the older ones; 0: always every item
# (submissions.selectors.search_since).
PORTAL_SEARCH_RECENT_ITEMS = env_int("PORTAL_SEARCH_RECENT_ITEMS", 20000)
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = env_str("MFA_TOTP_ISSUER", "Cổng tin MTTQ")

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# Internationalisation: Vietnamese first, English available; dates as dd/mm/yyyy.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", "Tiếng Việt"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale" / "allauth"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Ho_Chi_Minh"
FORMAT_MODULE_PATH = ["portal.formats"]

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("STATIC_ROOT") or BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "portal.staticfiles.ManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
# MEDIA_S3_BUCKET: uploads (photos, plan documents, report files) live in an S3-compatible bucket (AWS S3,
# MinIO, Ceph, a cloud's object storage) instead of MEDIA_ROOT, so that several web and worker hosts share
# them. The bucket stays private: every file is still served through a view that checks access. The keys
# come from AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or from the host's role. docs/scaling.md.
MEDIA_S3_BUCKET = env_str("MEDIA_S3_BUCKET")
if MEDIA_S3_BUCKET:
    STORAGES["default"] = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": MEDIA_S3_BUCKET,
            "endpoint_url": env_str("MEDIA_S3_ENDPOINT_URL") or None,
            "region_name": env_str("MEDIA_S3_REGION") or None,
            "location": env_str("MEDIA_S3_PREFIX"),
            # "path" for servers that have no per-bucket host names (MinIO without a wildcard DNS name).
            "addressing_style": env_str("MEDIA_S3_ADDRESSING_STYLE") or None,
            "default_acl": None,
            "querystring_auth": True,
            # Two uploads with one name both stay, as on the file system.
            "file_overwrite": False,
        },
    }
# Uploaded files are never served directly: every photo goes through a view that checks access.
MEDIA_ROOT = Path(env_str("MEDIA_ROOT") or BASE_DIR / "media")
# The largest photo (in pixels, width x height) the portal decodes; larger ones are refused at upload
# from their header, before any decoding. 50 MP decodes to 150 MB of RGB at most.
PHOTO_MAX_PIXELS = env_int("PHOTO_MAX_PIXELS", 50_000_000)
MEDIA_URL = "/media/"
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o640

# Email: console unless an SMTP host is configured.
EMAIL_HOST = env_str("EMAIL_HOST")
if EMAIL_HOST:
    EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    EMAIL_PORT = env_int("EMAIL_PORT", 587)
    EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
    EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
    EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
else:
    EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 30)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Cổng tin MTTQ <no-reply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# The address used in links inside emails sent by background tasks (no request there).
PORTAL_BASE_URL = env_str("PORTAL_BASE_URL", "http://127.0.0.1:8000").rstrip("/")
PORTAL_NAME = "Cổng cộng tác tin, bài MTTQ"

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # htmx reads the token from the cookie-less header we render
SESSION_COOKIE_SECURE = env_bool("DJANGO_SECURE_COOKIES", not DEBUG)
CSRF_COOKIE_SECURE = SESSION_COOKIE_SECURE
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"  # templates/403_csrf.html, in the portal's layout
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env_bool("DJANGO_BEHIND_PROXY") else None
X_FRAME_OPTIONS = "DENY"
# HTTPS: on whenever DEBUG is off (the production shape), each switch overridable from the
# environment (e.g. DJANGO_SSL_REDIRECT=0 when the proxy already redirects and strips the header).
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", not DEBUG)
# The container's health check asks over plain HTTP from inside (docker-compose.yml).
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
SECURE_HSTS_SECONDS = env_int("DJANGO_HSTS_SECONDS", 0 if DEBUG else 365 * 24 * 3600)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS", True)
# Preloading commits the whole domain to HTTPS in every browser for good: the domain's owner decides
# (DJANGO_HSTS_PRELOAD=1); until then the deploy check's reminder about it is silenced.
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD", False)
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# Content-Security-Policy and Permissions-Policy, sent by portal.middleware.SecurityHeadersMiddleware.
# No inline script anywhere (scripts are static files); inline styles stay allowed (htmx adds its
# indicator style, and a few templates set a width).
PORTAL_CONTENT_SECURITY_POLICY = env_str(
    "PORTAL_CONTENT_SECURITY_POLICY",
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; form-action 'self'; "
    "frame-ancestors 'none'",
)
PORTAL_PERMISSIONS_POLICY = (
    "camera=(), microphone=(), geolocation=(), payment=(), usb=(), interest-cohort=(), browsing-topics=()"
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {
        # Django's own console handler (DEBUG only) would print each line a second time beside the root's.
        "django": {"handlers": [], "level": env_str("LOG_LEVEL", "INFO"), "propagate": True},
        "django.db.backends": {"level": "INFO"},
        # One line per task run is noise in the embedded (in-process) mode; failures still show.
        "celery.app.trace": {"level": env_str("CELERY_TRACE_LOG_LEVEL", "WARNING")},
    },
}
