"""Writes on the monthly tallies: refresh open months, freeze closed ones, recompute a frozen month.

All three are idempotent and safe to run twice or at the same time:

* a refresh locks the plan's existing rows for those months (``select_for_update``), writes only
  rows that are not frozen and whose figures changed, and inserts missing rows with
  ``ignore_conflicts`` so that the unique constraint (plan, unit, month) settles a race;
* a freeze is a refresh followed, in the same transaction, by a conditional
  ``UPDATE ... SET frozen_at = now WHERE frozen_at IS NULL``, so it happens once;
* only ``tally_recompute`` (a propaganda-department user, with a reason) writes a frozen row, and
  it logs the before and after in ``TallyRecompute``.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from emulation.models import MonthlyTally, TallyRecompute
from emulation.scoring import active_in_month, month_start, next_month
from emulation.selectors import live_counts, month_close, plan_months, quota_rule, quota_units
from portal import audit, roles
from portal.models import User
from schedule.models import Plan
from schedule.quota import QuotaRule
from schedule.selectors import calendar_for

# A plan's last month closes on the next month's coordination deadline: look that far back.
CLOSE_LOOKBACK = datetime.timedelta(days=45)


@dataclass
class RefreshResult:
    created: int = 0
    updated: int = 0
    skipped_frozen: int = 0


def _expected(plan: Plan, months: list[datetime.date], rule: QuotaRule) -> dict[tuple[int, datetime.date], dict]:
    """The live figures of every (quota unit, month) in which the unit existed."""
    units = quota_units(plan)
    counts = live_counts(plan, [u.pk for u in units], months)
    expected = {}
    for unit in units:
        for m in months:
            if not active_in_month(m, active_from=unit.active_from, active_until=unit.active_until):
                continue
            news, articles = counts.get((unit.pk, m), (0, 0))
            expected[(unit.pk, m)] = {
                "news": news,
                "articles": articles,
                "compliant": rule.is_compliant(news, articles),
            }
    return expected


def tally_refresh(
    *, plan: Plan, months: list[datetime.date] | None = None, now: datetime.datetime | None = None
) -> RefreshResult:
    """Bring the stored tallies of the plan's open months up to date (frozen rows are left alone).

    ``months`` defaults to every month of the plan's period that has begun.
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    months = [m for m in (months or plan_months(plan)) if m <= today]
    result = RefreshResult()
    if not months:
        return result
    with transaction.atomic():
        existing = {
            (t.unit_id, t.month): t
            for t in MonthlyTally.objects.select_for_update().filter(plan=plan, month__in=months)
        }
        expected = _expected(plan, months, quota_rule(plan))
        to_create, to_update = [], []
        for (unit_id, m), figures in expected.items():
            tally = existing.get((unit_id, m))
            if tally is None:
                to_create.append(MonthlyTally(plan=plan, unit_id=unit_id, month=m, computed_at=now, **figures))
            elif tally.frozen_at is not None:
                result.skipped_frozen += 1
            elif tally.figures() != figures:
                for name, value in figures.items():
                    setattr(tally, name, value)
                tally.computed_at = now
                to_update.append(tally)
        MonthlyTally.objects.bulk_create(to_create, ignore_conflicts=True, batch_size=1000)
        MonthlyTally.objects.bulk_update(to_update, ["news", "articles", "compliant", "computed_at"], batch_size=1000)
        result.created, result.updated = len(to_create), len(to_update)
    return result


def tally_freeze(*, plan: Plan, month: datetime.date, now: datetime.datetime | None = None) -> int:
    """Freeze a month's tally at its close: refresh it once more, then freeze every row not yet
    frozen. Returns how many rows this call froze (0 when it was already done)."""
    now = now or timezone.now()
    month = month_start(month)
    with transaction.atomic():
        tally_refresh(plan=plan, months=[month], now=now)
        return MonthlyTally.objects.filter(plan=plan, month=month, frozen_at__isnull=True).update(frozen_at=now)


def tally_recompute(*, plan: Plan, month: datetime.date, by: User, reason: str) -> TallyRecompute:
    """Recount a month from the items as they are now, also when it is frozen (it stays frozen,
    with the new figures), and log who did it, why, and the figures before and after."""
    if not roles.in_group(by, roles.TALLY_RECOMPUTE):
        raise PermissionDenied("Only the propaganda department recomputes a tally.")
    reason = reason.strip()
    if not reason:
        raise ValueError("A recompute needs a reason.")
    month = month_start(month)
    now = timezone.now()
    with transaction.atomic():
        rows = {
            t.unit_id: t
            for t in MonthlyTally.objects.select_for_update().select_related("unit").filter(plan=plan, month=month)
        }
        before = {t.unit.code: t.figures() for t in rows.values()}
        # A unit missing from a frozen month (say, added to the plan's quota units later) joins it frozen.
        frozen_at = next((t.frozen_at for t in rows.values() if t.frozen_at), None)
        expected = _expected(plan, [month], quota_rule(plan))
        codes = {u.pk: u.code for u in quota_units(plan)}
        after = {}
        for (unit_id, _m), figures in expected.items():
            tally, _created = MonthlyTally.objects.update_or_create(
                plan=plan,
                unit_id=unit_id,
                month=month,
                defaults={**figures, "computed_at": now},
                create_defaults={**figures, "computed_at": now, "frozen_at": frozen_at},
            )
            after[codes[unit_id]] = tally.figures()
        log = TallyRecompute.objects.create(plan=plan, month=month, by=by, reason=reason, before=before, after=after)
        audit.record(
            event=audit.Event.TALLY_RECOMPUTED, actor=by, target=plan, summary=f"{month:%m/%Y}: {reason}",
            details={"month": month.isoformat(), "frozen": frozen_at is not None, "reason": reason,
                     "changed": sorted(code for code in after if before.get(code) != after[code])},
        )  # fmt: skip
        return log


def plans_in_reach(today: datetime.date):
    """Plans whose period has begun and whose last month may still be open."""
    return Plan.objects.committee_own().filter(period_start__lte=today, period_end__gte=today - CLOSE_LOOKBACK)


def refresh_open_months(*, today: datetime.date | None = None, now: datetime.datetime | None = None) -> RefreshResult:
    """The nightly job: refresh the open months of every plan within reach of ``today``."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    total = RefreshResult()
    for plan in plans_in_reach(today):
        months = [m for m in plan_months(plan) if m <= today]
        result = tally_refresh(plan=plan, months=months, now=now)
        total.created += result.created
        total.updated += result.updated
        total.skipped_frozen += result.skipped_frozen
    return total


def months_due_for_freeze(plan: Plan, today: datetime.date) -> list[datetime.date]:
    """Months of the plan whose close day is over and that still have unfrozen (or no) rows."""
    calendar = calendar_for(plan.committee)
    closed = [
        m for m in plan_months(plan) if next_month(m) <= today and month_close(plan, m, calendar=calendar) < today
    ]
    if not closed:
        return []
    done = set(
        MonthlyTally.objects.filter(plan=plan, month__in=closed)
        .values("month")
        .annotate(open=Count("pk", filter=Q(frozen_at__isnull=True)))
        .filter(open=0)
        .values_list("month", flat=True)
    )
    return [m for m in closed if m not in done]


def freeze_closed_months(
    *, today: datetime.date | None = None, now: datetime.datetime | None = None
) -> list[tuple[int, datetime.date, int]]:
    """The close job: freeze every month whose close day ended before ``today`` (default: the local
    date). Returns (plan id, month, rows frozen) for the months it looked at."""
    now = now or timezone.now()
    today = today or timezone.localdate(now)
    frozen = []
    for plan in Plan.objects.committee_own().filter(period_start__lte=today):
        for month in months_due_for_freeze(plan, today):
            frozen.append((plan.pk, month, tally_freeze(plan=plan, month=month, now=now)))
    return frozen
