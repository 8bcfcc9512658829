"""Home-page panels of this app: a ward's next report and its plan, and the city's inbox of reports
waiting for a decision with the units that have not reported."""

from __future__ import annotations

from portal.access import committee_for
from portal.models import User
from portal.panels import Panel
from portal.roles import DEPARTMENT, in_group
from reports import access, selectors, workflow
from schedule.selectors import plan_of_unit


def _unit_panel(user: User) -> list[Panel]:
    unit = access.reporting_unit(user)
    if unit is None:
        return []
    plan = selectors.current_plan(unit.committee)
    settings = selectors.settings_of(plan) if plan else None
    if plan is None or settings is None:
        return []
    rows = selectors.unit_period_rows(plan, settings, unit)
    pending = [r for r in rows if not r.filed]
    context = {
        "unit": unit,
        "plan": plan,
        "our_plan": plan_of_unit(unit, plan),
        "next": pending[-1] if pending else None,
        "returned": [r for r in rows if r.report and r.report.state == workflow.State.RETURNED],
        "missing": [r for r in rows if r.missing],
    }
    return [Panel(template="reports/panel_unit.html", context=context, order=25)]


def _city_panel(user: User) -> list[Panel]:
    committee = committee_for(user)
    if committee is None:
        return []
    plan = selectors.current_plan(committee)
    settings = selectors.settings_of(plan) if plan else None
    if plan is None or settings is None:
        return []
    waiting = plan.unit_reports.filter(state=workflow.State.SUBMITTED).count()
    rows = selectors.ward_plan_rows(plan)
    context = {
        "plan": plan,
        "waiting": waiting,
        "units": len(rows),
        "with_plan": sum(1 for r in rows if r.plan),
    }
    return [Panel(template="reports/panel_city.html", context=context, order=45)]


def panels_for(user: User) -> list[Panel]:
    if access.reporting_unit(user) is not None:
        return _unit_panel(user)
    if in_group(user, DEPARTMENT):
        return _city_panel(user)
    return []
