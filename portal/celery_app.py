"""The Celery app. Tasks live beside the logic they run (``<app>/tasks.py``); the periodic ones
are declared once, in ``portal.periodic``."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")

app = Celery("portal")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@app.on_after_finalize.connect
def _register_periodic_tasks(sender: Celery, **kwargs) -> None:
    from portal.periodic import BEAT_SCHEDULE

    sender.conf.beat_schedule = BEAT_SCHEDULE
