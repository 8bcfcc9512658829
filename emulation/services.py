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
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from emulation.models import MonthlyTally, QuotaReminder, TallyRecompute
from emulation.scoring import active_in_month, month_start, next_month
from emulation.selectors import live_counts, month_close, plan_months, quota_rule, quota_units, waiting_counts
from portal import audit, roles
from portal.models import Unit, User
from portal.notifications import notify_each
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


# --- the quota-shortfall reminder (rule 1) ----------------------------------------------------------


def send_quota_reminders(*, today: datetime.date | None = None) -> int:
    """Near the end of a month, remind each quota unit still short of the month's quota, once.

    The day is the plan's ``quota_reminder_working_days`` working days before the month ends
    (``WorkingCalendar.quota_reminder_day``); until the month's last day a missed run catches up.
    What counts is what the tally counts (rule 2: published items, in the month they were first
    sent in); items still waiting for the editorial board are mentioned, not counted. The unit's
    lead and correspondents are told, each in their own language, what is missing ("còn thiếu 1
    tin, 1 bài").

    Idempotent: one ``QuotaReminder`` row per plan, unit and month, written in the transaction that
    notifies, so a second run, a second beat or a retried task sends nothing more. Returns how many
    units were reminded.
    """
    today = today or timezone.localdate()
    month = month_start(today)
    reminded = 0
    plans = (
        Plan.objects.committee_own()
        .filter(period_start__lte=today, period_end__gte=today, quota_reminder_working_days__gt=0)
        .select_related("committee")
    )
    for plan in plans:
        day = calendar_for(plan.committee).quota_reminder_day(today.year, today.month, plan.quota_reminder_working_days)
        if day is None or today < day:
            continue
        units = [
            u
            for u in quota_units(plan)
            if active_in_month(month, active_from=u.active_from, active_until=u.active_until)
        ]
        done = set(QuotaReminder.objects.filter(plan=plan, month=month).values_list("unit_id", flat=True))
        units = [u for u in units if u.pk not in done]
        if not units:
            continue
        rule = quota_rule(plan)
        ids = [u.pk for u in units]
        counted = live_counts(plan, ids, [month])
        waiting = waiting_counts(ids, month)
        for unit in units:
            news_missing, articles_missing = rule.shortfall(*counted.get((unit.pk, month), (0, 0)))
            if news_missing or articles_missing:
                reminded += _remind_shortfall(
                    plan=plan,
                    unit=unit,
                    month=month,
                    missing=(news_missing, articles_missing),
                    waiting=waiting.get((unit.pk, month), (0, 0)),
                    rule=rule,
                )
    return reminded


def _items(news: int, articles: int) -> str:
    """ "1 news item, 1 article" ("1 tin, 1 bài"), leaving out a kind of which there are none."""
    parts = []
    if news:
        parts.append(ngettext("%(count)s news item", "%(count)s news items", news) % {"count": news})
    if articles:
        parts.append(ngettext("%(count)s article", "%(count)s articles", articles) % {"count": articles})
    return ", ".join(parts)


def _remind_shortfall(
    *,
    plan: Plan,
    unit: Unit,
    month: datetime.date,
    missing: tuple[int, int],
    waiting: tuple[int, int],
    rule: QuotaRule,
) -> int:
    last_day = next_month(month) - datetime.timedelta(days=1)

    def message() -> str:
        text = _(
            "Month %(month)s ends on %(last_day)s and %(unit)s still lacks %(missing)s for its quota of "
            "%(quota)s. Items count for the month they are first sent in, once published."
        ) % {
            "month": month.strftime("%m/%Y"),
            "last_day": last_day.strftime("%d/%m/%Y"),
            "unit": unit.short_name or unit.name,
            "missing": _items(*missing),
            "quota": _items(rule.quota_news, rule.quota_articles),
        }
        if any(waiting):
            text += " " + _("Waiting for the editorial board: %(waiting)s.") % {"waiting": _items(*waiting)}
        return text

    try:
        with transaction.atomic():
            QuotaReminder.objects.create(
                plan=plan,
                unit=unit,
                month=month,
                news_missing=missing[0],
                articles_missing=missing[1],
                sent_at=timezone.now(),
            )
            notify_each(
                User.objects.filter(unit=unit, role__in=roles.UNIT, is_active=True).order_by("pk"),
                actor=None,
                kind="quota-reminder",
                message=message,
                url=reverse("emulation:my_unit"),
                dedup_key=f"quota-reminder:{plan.pk}:{unit.pk}:{month:%Y-%m}",
            )
    except IntegrityError:
        return 0  # another run reminded this unit for this month already
    return 1
