"""Reads of plans and the calendar, for the other apps."""

from __future__ import annotations

import datetime

from django.db.models import Q
from django.utils import timezone

from portal.models import Unit
from schedule.models import CalendarDay, Plan
from schedule.workdays import WorkingCalendar


def plan_for(committee: Unit, on: datetime.date | None = None) -> Plan | None:
    """The committee's plan in force on ``on`` (default today): the latest whose period contains it."""
    day = on or timezone.localdate()
    return (
        Plan.objects.filter(committee=committee, period_start__lte=day, period_end__gte=day)
        .order_by("-period_start", "-pk")
        .first()
    )


def calendar_for(committee: Unit | None) -> WorkingCalendar:
    """The working-day calendar with the administrators' extra days off and make-up days."""
    rows = CalendarDay.objects.filter(Q(committee__isnull=True) | Q(committee=committee)).values_list(
        "date", "is_working_day"
    )
    days_off = {d for d, working in rows if not working}
    working = {d for d, is_working in rows if is_working}
    return WorkingCalendar.build(days_off=days_off, working_days=working)


def coordination_deadline(
    plan: Plan, year: int, month: int, *, calendar: WorkingCalendar | None = None
) -> datetime.date:
    cal = calendar or calendar_for(plan.committee)
    return cal.coordination_deadline(year, month, day=plan.coordination_day, holidays_move=plan.holidays_move_deadline)


def event_news_due_at(committee: Unit, event_date: datetime.date) -> datetime.datetime:
    """The moment event news becomes late (rule 4): the end of the allowed working day, local time.

    The allowance comes from the plan in force on the event date (default 1 working day).
    """
    plan = plan_for(committee, event_date)
    allowance = plan.event_news_allowance_days if plan else 1
    due_day = calendar_for(committee).event_news_due(event_date, allowance=allowance)
    next_midnight = datetime.datetime.combine(due_day + datetime.timedelta(days=1), datetime.time.min)
    return timezone.make_aware(next_midnight)
