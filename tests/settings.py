"""Test settings: the portal's settings with a test secret and fast password hashing.

The environment still decides the database and the broker, so the same suite runs on SQLite on a
laptop and on PostgreSQL and Redis in CI (.ci/run).
"""

import os
import uuid

os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
os.environ.setdefault("DJANGO_SECURE_COOKIES", "0")
# The test client and the browser tests' live server speak plain HTTP.
os.environ.setdefault("DJANGO_SSL_REDIRECT", "0")
os.environ.setdefault("DJANGO_HSTS_SECONDS", "0")

from portal.settings import *  # noqa: F403
from portal.settings import BASE_DIR

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit and HTTP tests run tasks in-process; tests marked "redis" start a real worker instead.
CELERY_TASK_ALWAYS_EAGER = True
CELERY_TASK_EAGER_PROPAGATES = True
# What the embedded default hands to a background thread runs at once after the commit here: a test's
# transaction is never committed, so another thread would not see its rows. The tests of the
# background thread itself (tests/submissions/test_photo_checks.py) turn it on.
PORTAL_BACKGROUND_THREAD = False
# Keep the real Redis cache out of unit tests (rate-limit counters must not leak between tests).
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
MEDIA_ROOT = BASE_DIR / ".pytest_cache" / "media"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
WHITENOISE_USE_FINDERS = True
# On PostgreSQL a "replica" alias mirrors the test database, so tests/portal/test_db_router.py can install
# the read-replica router and see which connection each page reads from (not replication itself). The router
# is off for every other test: a mirror is a second connection, which cannot see a test's uncommitted rows.
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":  # noqa: F405
    DATABASES.setdefault("replica", {**DATABASES["default"], "TEST": {"MIRROR": "default"}})  # noqa: F405
DATABASE_ROUTERS = []
WHITENOISE_AUTOREFRESH = True
# Each test run, and each pytest-xdist worker of it, sends its tasks to its own queue: two runs on the
# same Redis (two developers, or CI beside a developer) never take each other's tasks. The run's id is
# kept in the environment so that a worker the tests start as a subprocess listens on the same queue.
_RUN = os.environ.setdefault("PORTAL_TEST_RUN", uuid.uuid4().hex[:12])
CELERY_TASK_DEFAULT_QUEUE = f"portal-tests-{_RUN}-{os.environ.get('PYTEST_XDIST_WORKER', 'main')}"
