"""The Celery app. Tasks live beside the logic they run (``<app>/tasks.py``); the periodic ones
are declared once, in ``portal.periodic``."""

import os

from celery import Celery

from portal.periodic import BEAT_SCHEDULE

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.beat_schedule = BEAT_SCHEDULE
app.autodiscover_tasks()
