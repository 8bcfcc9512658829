"""Home-page panels of this app (see portal.panels): a unit's months of the column schedule with
their deadlines, and for the propaganda department the months whose deadline comes next.

Registering for a month and appointing staff are the unit lead's (rule 5, "Chủ động đăng ký và cử
cán bộ": ``roles.UNIT_LEAD_ONLY``): the lead's panel offers them, with the unit's registration and
staff per month; a correspondent's panel names who does it instead (one query either way)."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.db.models import Count
from django.utils import timezone

from portal import roles
from portal.access import committee_for
from portal.models import User
from portal.panels import Panel
from schedule.models import ColumnMonth, ColumnStaff
from schedule.selectors import ScheduleRow, months_for_unit, plan_of_year, year_schedule

OPEN = ColumnMonth.State.SUGGESTED


def panels_for(user: User, *, today: datetime.date | None = None) -> list[Panel]:
    today = today or timezone.localdate()
    if roles.in_group(user, roles.UNIT) and user.unit_id:
        return [_unit_panel(user, today)]
    if roles.in_group(user, roles.DEPARTMENT):
        panel = _department_panel(user, today)
        return [panel] if panel else []
    return []


def _next_open(rows: list[ScheduleRow], today: datetime.date) -> ScheduleRow | None:
    return next((r for r in rows if r.deadline >= today and r.month.state == OPEN), None)


def _unit_panel(user: User, today: datetime.date) -> Panel:
    rows = months_for_unit(user.unit, year=today.year)
    upcoming = _next_open(rows, today)
    reminder_days = rows[0].month.plan.reminder_days_before if rows else 0
    is_lead = roles.in_group(user, roles.UNIT_LEAD_ONLY)
    context = {
        "rows": rows,
        "upcoming": upcoming,
        "days_left": (upcoming.deadline - today).days if upcoming else None,
        "needs_attention": bool(upcoming and (upcoming.deadline - today).days <= reminder_days),
        "year": today.year,
        "unit": user.unit,
        "is_lead": is_lead,
    }
    staff = _staff_counts(user.unit_id, rows) if is_lead else {}
    context["months"] = [
        {
            "row": row,
            "registered": user.unit_id in row.registered_unit_ids,
            "staff": staff.get(row.month.pk, 0),
            "open": row.month.state not in (ColumnMonth.State.AIRED,),
        }
        for row in rows
    ]
    if not is_lead:
        context["leads"] = _lead_names(user.unit_id)
    return Panel(template="schedule/panels/unit.html", context=context, order=20)


def _lead_names(unit_id: int) -> list[str]:
    """Who registers for the unit (its standing board), as shown to a correspondent. Kept in the cache
    for five minutes: a new lead appears on the correspondents' home pages within that time, and the
    home page saves a query on every view."""

    def names() -> list[str]:
        leads = User.objects.filter(unit_id=unit_id, role__in=roles.UNIT_LEAD_ONLY, is_active=True)
        return [str(u) for u in leads.order_by("first_name", "username")]

    return cache.get_or_set(f"schedule:unit-leads:{unit_id}", names, 300)


def _staff_counts(unit_id: int, rows: list[ScheduleRow]) -> dict[int, int]:
    """The unit's appointed staff (not withdrawn) per month id, in one query."""
    if not rows:
        return {}
    counts = (
        ColumnStaff.objects.filter(
            column_month__in=[r.month.pk for r in rows], unit_id=unit_id, withdrawn_at__isnull=True
        )
        .values("column_month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {c["column_month"]: c["n"] for c in counts}


def _department_panel(user: User, today: datetime.date) -> Panel | None:
    committee = committee_for(user)
    plan = plan_of_year(committee, today.year) if committee else None
    if plan is None:
        return None
    rows = year_schedule(plan)
    upcoming = next((r for r in rows if r.deadline >= today), None)
    return Panel(
        template="schedule/panels/department.html",
        context={
            "upcoming": upcoming,
            "days_left": (upcoming.deadline - today).days if upcoming else None,
            "open_count": sum(1 for r in rows if r.month.state == OPEN and r.deadline < today),
            "year": today.year,
        },
        order=20,
    )
