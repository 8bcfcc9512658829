"""The tally's Celery jobs: thin, idempotent, declared in ``portal.periodic``."""

from __future__ import annotations

import datetime

from celery import shared_task

from emulation import services
from schedule.models import Plan


@shared_task
def refresh_open_tallies() -> dict:
    """Nightly: bring every plan's open months up to date. Frozen months are left alone."""
    result = services.refresh_open_months()
    return {"created": result.created, "updated": result.updated}


@shared_task
def freeze_closed_tallies() -> int:
    """Daily, after midnight: freeze every month whose close day (the next coordination deadline)
    is over. Running it again freezes nothing more."""
    return len(services.freeze_closed_months())


@shared_task
def freeze_month(plan_id: int, year: int, month: int) -> int:
    """Freeze one month of one plan now (e.g. queued by hand); a second run freezes nothing."""
    plan = Plan.objects.filter(pk=plan_id).first()
    if plan is None:
        return 0
    return services.tally_freeze(plan=plan, month=datetime.date(year, month, 1))
