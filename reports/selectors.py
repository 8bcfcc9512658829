"""Reads of the reports app: the plan a page works on, activities, counts, the reports of a period
and the city's compilation."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.utils import timezone

from portal.models import Unit
from reports import fields as F
from reports import periods, workflow
from reports.access import REPORTING_KINDS
from reports.models import Activity, ActivityForm, Report, ReportSettings
from schedule.models import Plan
from schedule.selectors import calendar_for, lower_plans, plan_for, plan_of_year, plan_years
from schedule.workdays import WorkingCalendar


def current_plan(committee: Unit, year: int | None = None) -> Plan | None:
    """The committee's own plan the pages work on: of ``year`` when given, else the one in force
    today, else the newest."""
    if year is not None:
        return plan_of_year(committee, year)
    plan = plan_for(committee)
    if plan is not None:
        return plan
    years = plan_years(committee)
    return plan_of_year(committee, years[0]) if years else None


def settings_of(plan: Plan) -> ReportSettings | None:
    return ReportSettings.objects.filter(plan=plan).first()


def forms_of(plan: Plan, *, active_only: bool = True) -> list[ActivityForm]:
    qs = plan.activity_forms.all()
    if active_only:
        qs = qs.filter(is_active=True)
    return list(qs.order_by("sort_order", "pk"))


def reporting_units(plan: Plan, period: periods.Period | None = None) -> list[Unit]:
    """The committee's wards, communes and member organizations (alive during ``period``)."""
    qs = Unit.objects.filter(committee_id=plan.committee_id, kind__in=REPORTING_KINDS)
    if period is not None:
        qs = qs.filter(Q(active_from__isnull=True) | Q(active_from__lte=period.end)).filter(
            Q(active_until__isnull=True) | Q(active_until__gte=period.start)
        )
    return list(qs.order_by("kind", "sort_order", "name"))


def activities(plan: Plan, *, unit: Unit | None = None, period: periods.Period | None = None):
    qs = Activity.objects.filter(plan=plan).select_related("form", "unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    if period is not None:
        qs = qs.filter(occurred_on__gte=period.start, occurred_on__lte=period.end)
    return qs.order_by("-occurred_on", "-pk")


def counts_by_form(plan: Plan, unit: Unit, period: periods.Period) -> dict[str, int]:
    """The unit's number of activities in the period per form code (every form listed)."""
    rows = dict(activities(plan, unit=unit, period=period).order_by().values_list("form__code").annotate(n=Count("pk")))
    return {form.code: rows.get(form.code, 0) for form in forms_of(plan, active_only=False)}


def report_periods(plan: Plan, settings: ReportSettings) -> list[periods.Period]:
    return periods.periods_between(settings.period, plan.period_start, plan.period_end)


def due_on(settings: ReportSettings, period: periods.Period, calendar: WorkingCalendar | None = None) -> datetime.date:
    cal = calendar or calendar_for(settings.plan.committee)
    return periods.due_date(period, settings.due_day, is_working_day=cal.is_working_day)


@dataclass
class PeriodRow:
    """A reporting period of one unit: its due day, its report if any, and the flags."""

    period: periods.Period
    due: datetime.date
    report: Report | None
    today: datetime.date

    @property
    def filed(self) -> bool:
        return self.report is not None and self.report.state in workflow.FILED_STATES

    @property
    def missing(self) -> bool:
        """Due day passed and nothing filed (a returned report counts as not filed)."""
        return not self.filed and self.today > self.due

    @property
    def late(self) -> bool:
        return self.missing or (self.report is not None and self.report.is_late)


def unit_period_rows(plan: Plan, settings: ReportSettings, unit: Unit, *, today: datetime.date | None = None):
    """Every reporting period of the plan for ``unit``, newest first."""
    today = today or timezone.localdate()
    calendar = calendar_for(plan.committee)
    reports = {r.period_key: r for r in Report.objects.filter(plan=plan, unit=unit)}
    rows = [
        PeriodRow(period=p, due=due_on(settings, p, calendar), report=reports.get(p.key), today=today)
        for p in report_periods(plan, settings)
    ]
    return list(reversed(rows))


@dataclass
class InboxRow:
    unit: Unit
    row: PeriodRow


def inbox(plan: Plan, settings: ReportSettings, period: periods.Period, *, today: datetime.date | None = None):
    """Each reporting unit's report for ``period`` (or its absence), filed ones first."""
    today = today or timezone.localdate()
    due = due_on(settings, period)
    reports = {r.unit_id: r for r in Report.objects.filter(plan=plan, period_key=period.key).select_related("unit")}
    rows = [
        InboxRow(unit=u, row=PeriodRow(period=period, due=due, report=reports.get(u.pk), today=today))
        for u in reporting_units(plan, period)
    ]
    order = {workflow.State.SUBMITTED: 0, workflow.State.RETURNED: 1, workflow.State.ACCEPTED: 2}
    return sorted(rows, key=lambda r: order.get(r.row.report.state, 3) if r.row.report else 4)


@dataclass
class WardPlanRow:
    unit: Unit
    plan: Plan | None


def ward_plan_rows(plan: Plan) -> list[WardPlanRow]:
    """For the committee's plan: each ward, commune and member organization with the plan it issued
    to implement it, or None when it has not yet."""
    issued: dict[int, Plan] = {}
    for lower in lower_plans(plan):
        issued.setdefault(lower.issuing_unit_id, lower)
    return [WardPlanRow(unit=u, plan=issued.get(u.pk)) for u in reporting_units(plan)]


# --- the compilation ---------------------------------------------------------------------------


@dataclass
class FormTotal:
    form: ActivityForm
    count: int
    sums: list[tuple[str, int]]  # (label of a number field, its total)


@dataclass
class UnitLine:
    unit: Unit
    counts: list[int]  # aligned with Compilation.forms
    total: int
    reports: list[Report]
    missing: list[periods.Period]


@dataclass
class Compilation:
    plan: Plan
    period: periods.Period
    forms: list[ActivityForm]
    form_totals: list[FormTotal]
    lines: list[UnitLine]
    expected: list[periods.Period]
    today: datetime.date
    settings: ReportSettings | None = None
    grand_total: int = 0
    narratives: list[Report] = field(default_factory=list)

    @property
    def missing_units(self) -> list[UnitLine]:
        return [line for line in self.lines if line.missing]

    @property
    def reported_units(self) -> list[UnitLine]:
        return [line for line in self.lines if not line.missing]


def expected_periods(settings: ReportSettings | None, period: periods.Period) -> list[periods.Period]:
    """The reporting periods a compilation of ``period`` expects reports for: those of the plan's
    kind inside it, or the one that contains it when the plan's periods are longer."""
    kind = settings.period if settings else period.kind
    inside = [p for p in periods.periods_between(kind, period.start, period.end) if p.within(period)]
    return inside or [periods.period_of(kind, period.start)]


def compile_period(plan: Plan, period: periods.Period, *, today: datetime.date | None = None) -> Compilation:
    """The city's compilation of ``period``: activities by form and by unit, the filed reports and
    their narratives, and the units that have not reported. Counts come from the activities
    recorded (so a late record still counts); reports are counted as filed when submitted or
    accepted."""
    today = today or timezone.localdate()
    settings = settings_of(plan)
    forms = forms_of(plan, active_only=False)
    units = reporting_units(plan, period)
    records = list(activities(plan, period=period).only("pk", "form_id", "unit_id", "values"))
    by_unit_form: dict[tuple[int, int], int] = defaultdict(int)
    sums: dict[tuple[int, str], int] = defaultdict(int)
    for record in records:
        by_unit_form[(record.unit_id, record.form_id)] += 1
        for number_field in F.number_fields(next((f.fields for f in forms if f.pk == record.form_id), [])):
            value = record.values.get(number_field["name"])
            if isinstance(value, int):
                sums[(record.form_id, number_field["name"])] += value
    # Units that recorded activities but are not (or no longer) reporting units still count.
    known = {u.pk for u in units}
    extra_ids = {unit_id for unit_id, _form in by_unit_form if unit_id not in known}
    units += list(Unit.objects.filter(pk__in=extra_ids).order_by("sort_order", "name"))

    expected = expected_periods(settings, period)
    keys = [p.key for p in expected]
    reports = list(
        Report.objects.filter(plan=plan, period_key__in=keys).select_related("unit").order_by("period_start")
    )
    filed: dict[int, list[Report]] = defaultdict(list)
    for report in reports:
        if report.state in workflow.FILED_STATES:
            filed[report.unit_id].append(report)

    lines = []
    for unit in units:
        counts = [by_unit_form[(unit.pk, f.pk)] for f in forms]
        filed_keys = {r.period_key for r in filed[unit.pk]}
        missing = [p for p in expected if p.key not in filed_keys] if unit.pk in known else []
        lines.append(UnitLine(unit=unit, counts=counts, total=sum(counts), reports=filed[unit.pk], missing=missing))
    form_totals = [
        FormTotal(
            form=f,
            count=sum(by_unit_form[(u.pk, f.pk)] for u in units),
            sums=[(nf["label"], sums[(f.pk, nf["name"])]) for nf in F.number_fields(f.fields)],
        )
        for f in forms
    ]
    return Compilation(
        plan=plan,
        period=period,
        forms=forms,
        form_totals=form_totals,
        lines=lines,
        expected=expected,
        today=today,
        settings=settings,
        grand_total=sum(t.count for t in form_totals),
        narratives=[r for line in lines for r in line.reports],
    )


def recipients_for_reports(plan: Plan) -> list[str]:
    """The plan's "(b/c)" recipients: whom the committee reports its results to."""
    return [str(r.name or r.unit) for r in plan.recipients.filter(receives_reports=True).select_related("unit")]
