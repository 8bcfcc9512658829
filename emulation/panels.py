"""Home-page panels of this app (see portal.panels): this month's quota progress for unit members,
a compliance summary for the propaganda department (and the editors and administrators who read it)."""

from __future__ import annotations

from django.utils import timezone

from emulation.scoring import month_start
from emulation.selectors import month_close, plan_months, quota_units, year_matrix
from portal import roles
from portal.access import committee_for
from portal.models import User
from portal.panels import Panel
from schedule.selectors import plan_for


def _progress_panel(user: User) -> list[Panel]:
    unit = user.unit
    if unit is None:
        return []
    today = timezone.localdate()
    plan = plan_for(unit.committee, today)
    if plan is None or not any(u.pk == unit.pk for u in quota_units(plan)):
        return []
    this_month = month_start(today)
    matrix = year_matrix(plan, units=[unit], months=[this_month], today=today)
    cell = matrix.rows[0].cells[0]
    if not cell.active:
        return []
    context = {"cell": cell, "rule": matrix.rule, "close": month_close(plan, this_month)}
    return [Panel(template="emulation/panel_progress.html", context=context, order=20)]


def _compliance_panel(user: User) -> list[Panel]:
    committee = committee_for(user)
    if committee is None:
        return []
    today = timezone.localdate()
    plan = plan_for(committee, today)
    if plan is None:
        return []
    this_month = month_start(today)
    months = [m for m in plan_months(plan) if m <= this_month][-2:]  # last month and this one
    matrix = year_matrix(plan, months=months, today=today)
    context = {"totals": list(reversed(matrix.month_totals)), "year": plan.year}
    return [Panel(template="emulation/panel_compliance.html", context=context, order=40)]


def panels_for(user: User) -> list[Panel]:
    if roles.in_group(user, roles.UNIT):
        return _progress_panel(user)
    if roles.in_group(user, roles.DASHBOARD):
        return _compliance_panel(user)
    return []
