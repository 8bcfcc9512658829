"""Reads of plans and the calendar, for the other apps."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Q
from django.utils import timezone

from portal import versions
from portal.memo import memoized
from portal.models import Unit
from schedule.models import CalendarDay, CalendarFeedToken, ColumnMonth, Plan, Topic
from schedule.workdays import WorkingCalendar


def _own_plans(committee: Unit) -> list[Plan]:
    """The committee's own plans, latest period first, once per request (``portal.memo``): the
    home page's panels and the dashboard each ask for the plan of the year or of the day."""

    def fetch() -> list[Plan]:
        plans = list(Plan.objects.committee_own().filter(committee=committee).order_by("-period_start", "-pk"))
        for plan in plans:
            plan.committee = committee  # the caller's object: no query for plan.committee
        return plans

    return memoized(("schedule.own_plans", committee.pk), fetch)


def plan_for(committee: Unit, on: datetime.date | None = None) -> Plan | None:
    """The committee's own plan in force on ``on`` (default today): the latest whose period contains
    it. Plans of lower units are never it."""
    day = on or timezone.localdate()
    return next((p for p in _own_plans(committee) if p.period_start <= day <= p.period_end), None)


def calendar_for(committee: Unit | None) -> WorkingCalendar:
    """The working-day calendar with the administrators' extra days off and make-up days.

    The days are read once per request and kept in the cache under the version ``calendar``, which
    every change of a calendar day bumps (``schedule.apps``)."""
    committee_id = committee.pk if committee is not None else None

    def build() -> WorkingCalendar:
        rows = versions.cached_value(
            CALENDAR_VERSION,
            f"schedule:calendar:{committee_id}",
            lambda: list(
                CalendarDay.objects.filter(Q(committee__isnull=True) | Q(committee_id=committee_id)).values_list(
                    "date", "is_working_day"
                )
            ),
            24 * 3600,
        )
        days_off = {d for d, working in rows if not working}
        working = {d for d, is_working in rows if is_working}
        return WorkingCalendar.build(days_off=days_off, working_days=working)

    return memoized(("schedule.calendar", committee_id), build)


CALENDAR_VERSION = "calendar"


def plan_quota_units(plan: Plan) -> list[Unit]:
    """The plan's quota units (with the unit each was merged into), in the plan's order, once per
    request: the column schedule and the tallies both read them."""
    return memoized(
        ("schedule.quota_units", plan.pk),
        lambda: list(plan.quota_units.select_related("merged_into").order_by("sort_order", "name")),
    )


def coordination_deadline(
    plan: Plan, year: int, month: int, *, calendar: WorkingCalendar | None = None
) -> datetime.date:
    cal = calendar or calendar_for(plan.committee)
    return cal.coordination_deadline(year, month, day=plan.coordination_day, holidays_move=plan.holidays_move_deadline)


def event_news_due_at(committee: Unit, event_date: datetime.date) -> datetime.datetime:
    """The moment an item about an event, news item or article, becomes late (rule 4): the end of
    the allowed working day, local time.

    The allowance comes from the plan in force on the event date (default 1 working day).
    """
    plan = plan_for(committee, event_date)
    allowance = plan.event_news_allowance_days if plan else 1
    due_day = calendar_for(committee).event_news_due(event_date, allowance=allowance)
    next_midnight = datetime.datetime.combine(due_day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(next_midnight)


def plan_years(committee: Unit) -> list[int]:
    """The years the committee has a plan for, newest first."""
    return sorted({p.year for p in _own_plans(committee)}, reverse=True)


def plan_of_year(committee: Unit, year: int) -> Plan | None:
    """The committee's own plan for ``year`` (the latest issued if there are several), or None.
    Plans of wards, communes and member organizations are never it."""
    return next((p for p in _own_plans(committee) if p.year == year), None)


def assigned_units(month: ColumnMonth) -> list[Unit]:
    """The units that coordinate ``month``: its own units, or, for a month of all district-level
    units (month 12 in Sóc Trăng), the plan's quota units. Uses prefetched units when present."""
    units = month.plan.quota_units.all() if month.all_quota_units else month.units.all()
    return sorted(units, key=lambda u: (u.sort_order, u.name))


def column_months(plan: Plan):
    """The plan's months with what the year view and the reminders need, in two or three queries."""
    return plan.column_months.select_related("plan").prefetch_related("units", "plan__quota_units").order_by("month")


@dataclass(frozen=True)
class ScheduleRow:
    month: ColumnMonth
    deadline: datetime.date
    units: list[Unit]
    registered_unit_ids: frozenset[int]

    @property
    def is_open(self) -> bool:
        return self.month.state == ColumnMonth.State.SUGGESTED


def year_schedule(plan: Plan, *, calendar: WorkingCalendar | None = None) -> list[ScheduleRow]:
    """The plan's table as it prints it, with each month's deadline, state and registrations."""
    cal = calendar or calendar_for(plan.committee)
    months = list(plan.column_months.prefetch_related("units", "registrations").order_by("month"))
    quota = plan_quota_units(plan) if any(m.all_quota_units for m in months) else []
    rows = []
    for m in months:
        m.plan = plan
        units = quota if m.all_quota_units else m.units.all()
        rows.append(
            ScheduleRow(
                month=m,
                deadline=coordination_deadline(plan, plan.year, m.month, calendar=cal),
                units=sorted(units, key=lambda u: (u.sort_order, u.name)),
                registered_unit_ids=frozenset(r.unit_id for r in m.registrations.all()),
            )
        )
    return rows


def months_for_unit(unit: Unit, *, year: int) -> list[ScheduleRow]:
    """The months of ``year`` that ``unit`` coordinates (its own or all-units months), with deadlines."""
    committee = unit.committee
    if committee is None:
        return []
    plan = plan_of_year(committee, year)
    if plan is None:
        return []
    return [row for row in year_schedule(plan) if any(u.pk == unit.pk for u in row.units)]


def month_detail(month: ColumnMonth) -> dict:
    """Everything the month page shows, loaded once."""
    return {
        "units": assigned_units(month),
        "registrations": list(month.registrations.select_related("unit", "registered_by")),
        "staff": list(month.staff.filter(withdrawn_at__isnull=True).select_related("unit", "user")),
        "transitions": list(month.transitions.select_related("by")),
        "deadline": coordination_deadline(month.plan, month.plan.year, month.month),
    }


def feed_rows(*, committee: Unit, unit: Unit | None) -> list[ScheduleRow]:
    """The months a calendar feed lists, over every year with a plan (twelve rows a year, so even
    a decade stays small): the committee's whole table, or only ``unit``'s months."""
    rows: list[ScheduleRow] = []
    calendar = calendar_for(committee)
    for year in sorted(plan_years(committee)):
        plan = plan_of_year(committee, year)
        if plan is None:
            continue
        for row in year_schedule(plan, calendar=calendar):
            if unit is None or any(u.pk == unit.pk for u in row.units):
                rows.append(row)
    return rows


def active_feed_tokens(owner) -> list[CalendarFeedToken]:
    """The owner's calendar subscription addresses that still answer."""
    return list(CalendarFeedToken.objects.filter(owner=owner, revoked_at__isnull=True).select_related("unit"))


def plan_topics(plan: Plan, *, retired: bool = False) -> list[Topic]:
    """The plan's topics in their order: the active ones, or (``retired``) the retired ones."""
    return list(Topic.objects.filter(plan=plan, retired_at__isnull=not retired).order_by("sort_order", "pk"))


def lower_plans(plan: Plan):
    """The plans of wards, communes and member organizations that implement ``plan``."""
    return (
        Plan.objects.lower_level()
        .filter(implements=plan)
        .select_related("issuing_unit")
        .prefetch_related("attachments")
        .order_by("issuing_unit__sort_order", "issuing_unit__name", "-issued_on", "-pk")
    )


def plan_of_unit(unit: Unit, implementing: Plan) -> Plan | None:
    """The newest plan that ``unit`` issued to implement ``implementing``, or None."""
    return lower_plans(implementing).filter(issuing_unit=unit).first()
