"""Every periodic task of the portal, in one place. Each task is idempotent: running it twice,
or on two beat processes at once, does no harm. Apps add their entries here."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    # Entries: "name": {"task": "app.tasks.name", "schedule": crontab(...)}
}

__all__ = ["BEAT_SCHEDULE", "crontab"]
