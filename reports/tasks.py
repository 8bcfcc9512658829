"""Celery tasks of the reports app: thin, idempotent, named in ``portal/periodic.py``."""

from __future__ import annotations

import datetime

from celery import shared_task


@shared_task
def send_report_reminders(as_of: str | None = None) -> int:
    """Remind units of reports due soon; each unit once per period (see the service)."""
    from reports.services import send_report_reminders as run

    return run(today=datetime.date.fromisoformat(as_of) if as_of else None)
