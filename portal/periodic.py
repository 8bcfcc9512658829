"""Every periodic task of the portal, in one place. Each task is idempotent: running it twice,
or on two beat processes at once, does no harm. Apps add their entries here."""

from celery.schedules import crontab

BEAT_SCHEDULE: dict[str, dict] = {
    # Entries: "name": {"task": "app.tasks.name", "schedule": crontab(...)}
    # Coordination-deadline reminders of the column schedule, every morning at 07:00 local time
    # (CELERY_TIMEZONE is Asia/Ho_Chi_Minh); each reminder is sent once per month and kind.
    "schedule-column-reminders": {
        "task": "schedule.tasks.send_column_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
}

__all__ = ["BEAT_SCHEDULE", "crontab"]
