"""The tally's Celery jobs: thin, idempotent, declared in ``portal.periodic``.

``as_of`` (an ISO date) lets an operator catch up or replay a day; beat passes nothing (today).
"""

from __future__ import annotations

import datetime

from celery import shared_task

from emulation import services
from schedule.models import Plan


def _day(as_of: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(as_of) if as_of else None


@shared_task
def refresh_open_tallies(as_of: str | None = None) -> dict:
    """Nightly: bring every plan's open months up to date. Frozen months are left alone."""
    result = services.refresh_open_months(today=_day(as_of))
    return {"created": result.created, "updated": result.updated}


@shared_task
def freeze_closed_tallies(as_of: str | None = None) -> int:
    """Daily, after midnight: freeze every month whose close day (the next month's coordination
    deadline) is over. Running it again freezes nothing more. Returns the rows it froze."""
    return sum(rows for _plan, _month, rows in services.freeze_closed_months(today=_day(as_of)))


@shared_task
def freeze_month(plan_id: int, year: int, month: int) -> int:
    """Freeze one month of one plan now (e.g. queued by hand); a second run freezes nothing."""
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return 0
    return services.tally_freeze(plan=plan, month=datetime.date(year, month, 1))


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def send_quota_reminders(as_of: str | None = None) -> int:
    """Daily: remind units short of the month's quota near its end, once per unit and month (a
    retry or a second run sends nothing more). Returns the units reminded."""
    return services.send_quota_reminders(today=_day(as_of))
