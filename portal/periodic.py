"""Every periodic task of the portal, in one place. Each task is idempotent: running it twice,
or on two beat processes at once, does no harm. Apps add their entries here."""

import os
from datetime import timedelta

from celery.schedules import crontab, schedule

BEAT_SCHEDULE: dict[str, dict] = {
    # The transactional outbox (portal.outbox): hand the broker what a request could not (broker
    # down) and scheduled tasks that are now nearly due. Rows are locked (skip_locked) while sent.
    "portal-relay-outbox": {
        "task": "portal.tasks.relay_outbox",
        "schedule": crontab(minute="*"),
    },
    # Beat's heartbeat for the health checks (portal.health), every minute; the compose-replay test
    # shortens it with PORTAL_HEARTBEAT_SECONDS.
    "portal-beat-heartbeat": {
        "task": "portal.tasks.beat_heartbeat",
        "schedule": schedule(timedelta(seconds=int(os.environ.get("PORTAL_HEARTBEAT_SECONDS") or 60))),
    },
    # Entries: "name": {"task": "app.tasks.name", "schedule": crontab(...)}
    # Coordination-deadline reminders of the column schedule, every morning at 07:00 local time
    # (CELERY_TIMEZONE is Asia/Ho_Chi_Minh); each reminder is sent once per month and kind.
    "schedule-column-reminders": {
        "task": "schedule.tasks.send_column_reminders",
        "schedule": crontab(hour=7, minute=0),
    },
    # Quota tallies. First freeze the months whose close day (the next month's coordination
    # deadline) ended yesterday, then refresh the months still open. Both skip what is done.
    "emulation-freeze-closed-months": {
        "task": "emulation.tasks.freeze_closed_tallies",
        "schedule": crontab(hour=0, minute=20),
    },
    "emulation-refresh-open-months": {
        "task": "emulation.tasks.refresh_open_tallies",
        "schedule": crontab(hour=0, minute=40),
    },
    # Rule 1: units still short of the month's quota are reminded once, a few working days before
    # the month ends (the plan's setting); a QuotaReminder row per unit and month keeps it once.
    "emulation-quota-reminders": {
        "task": "emulation.tasks.send_quota_reminders",
        "schedule": crontab(hour=7, minute=20),
    },
    # Scheduled publishing has its own ETA task per item; this sweep publishes what a stopped
    # worker missed. Idempotent (only approved items whose time has come; rows locked, skip_locked).
    "submissions-publish-due": {
        "task": "submissions.tasks.publish_due_submissions",
        "schedule": crontab(minute="*"),
    },
    # A photo's slower check that a stopped worker (or, without a broker, a stopped web process)
    # left unfinished is queued again; after a few runs the quick verdict stands (never stuck).
    "submissions-photo-checks": {
        "task": "submissions.tasks.sweep_photo_checks",
        "schedule": crontab(minute="*/5"),
    },
    # New submissions reach editors as one digest mail per run, not one mail per item. An editor's
    # notifications are locked while mailed and marked emailed only after the send succeeded.
    "submissions-editor-digest": {
        "task": "submissions.tasks.email_submission_digest",
        "schedule": crontab(minute="*/15"),
    },
    # Photos nobody will send: those of deleted drafts, and drafts the phone form made on a first
    # upload that were then left with no title or text for a week. Idempotent.
    "submissions-purge-abandoned-drafts": {
        "task": "submissions.tasks.purge_abandoned_drafts",
        "schedule": crontab(hour=3, minute=30),
    },
    # Periodic reports of wards, communes and member organizations: remind each unit whose report
    # is not filed, from a few working days before the due day; once per unit and period.
    "reports-due-reminders": {
        "task": "reports.tasks.send_report_reminders",
        "schedule": crontab(hour=7, minute=10),
    },
}

__all__ = ["BEAT_SCHEDULE", "crontab"]
