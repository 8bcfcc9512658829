"""Settings for a Celery worker that a test starts as a subprocess (``celery -A portal worker``):
the test settings, with the test's own broker, the test database, the test's SMTP sink and a short
visibility timeout, all from the environment the test passes."""

import os

from tests.settings import *  # noqa: F403
from tests.settings import CELERY_BROKER_TRANSPORT_OPTIONS, DATABASES

CELERY_TASK_ALWAYS_EAGER = False
CELERY_BROKER_URL = os.environ["TEST_BROKER_URL"]
DATABASES["default"]["NAME"] = os.environ["TEST_DATABASE_NAME"]
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = "127.0.0.1"
EMAIL_PORT = int(os.environ["TEST_SMTP_PORT"])
EMAIL_USE_TLS = False
EMAIL_TIMEOUT = 60
CELERY_BROKER_TRANSPORT_OPTIONS = {
    **CELERY_BROKER_TRANSPORT_OPTIONS,
    "visibility_timeout": int(os.environ.get("TEST_VISIBILITY_TIMEOUT", "3")),
    "unacked_restore_interval": 1,
    "unacked_restore_throttle": 1,
}
