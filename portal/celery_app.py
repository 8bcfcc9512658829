"""The Celery app. Tasks live beside the logic they run (``<app>/tasks.py``); the periodic ones
are declared once, in ``portal.periodic``."""

import os

from celery import Celery
from celery.signals import worker_ready

from portal.periodic import BEAT_SCHEDULE

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.conf.beat_schedule = BEAT_SCHEDULE
app.autodiscover_tasks()


@worker_ready.connect
def relay_the_outbox(sender=None, **kwargs) -> None:
    """A worker that starts (after the broker or the workers were down) first asks for what the
    outbox still owes, instead of waiting for the next beat tick."""
    app.send_task("portal.tasks.relay_outbox")
