"""Celery tasks of the schedule app: thin, idempotent, taking plain values."""

from __future__ import annotations

import datetime

from celery import shared_task
from django.utils import timezone

from schedule import services


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_column_reminders(today: str | None = None) -> int:
    """Daily (see portal.periodic): remind of coordination deadlines. ``today`` (ISO date) is for
    catching up a missed day by hand; by default the local date in Asia/Ho_Chi_Minh."""
    day = datetime.date.fromisoformat(today) if today else timezone.localdate()
    return services.send_column_reminders(today=day)
