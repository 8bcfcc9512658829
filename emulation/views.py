"""The tally pages: the department's dashboard, a unit's page, a unit member's own quota, exports."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from emulation import services
from emulation.access import get_committee_plan_for_user, get_unit_for_tally
from emulation.chart import monthly_output
from emulation.dashboard_cache import dashboard_stamp
from emulation.exports import matrix_workbook
from emulation.forms import RecomputeForm
from emulation.models import TallyRecompute
from emulation.scoring import month_start
from emulation.selectors import (
    YearMatrix,
    counted_items,
    duplicate_rows,
    month_close,
    plan_months,
    year_matrix,
)
from portal import fragments, roles
from portal.access import committee_for, role_required
from schedule.models import Plan
from schedule.selectors import calendar_for, plan_for, plan_of_year, plan_years


def _year(request: HttpRequest) -> int:
    raw = request.GET.get("year") or request.POST.get("year")
    if not raw:
        return timezone.localdate().year
    try:
        year = int(raw)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _chart(matrix: YearMatrix):
    totals = matrix.month_totals
    return monthly_output(
        [t.month for t in totals],
        [t.news for t in totals],
        [t.articles for t in totals],
        # What the quota asked that month of the units that existed then.
        [t.units * (matrix.rule.quota_news + matrix.rule.quota_articles) for t in totals],
    )


def _dashboard_context(request: HttpRequest, plan: Plan, form: RecomputeForm | None = None) -> dict:
    # The matrix, its chart and the months' closing days are computed only when the template asks
    # for them: while the cached fragment (dashboard_cache) is fresh, it does not.
    matrix = SimpleLazyObject(lambda: year_matrix(plan))
    today = timezone.localdate()
    begun = [m for m in plan_months(plan) if m <= today]

    def closes() -> list:
        calendar = calendar_for(plan.committee)
        return [(m, month_close(plan, m, calendar=calendar)) for m in matrix.months]

    return {
        "plan": plan,
        "year": plan.year,
        "years": plan_years(plan.committee),
        "matrix": matrix,
        "dashboard_stamp": dashboard_stamp(plan),
        "closes": SimpleLazyObject(closes),
        "chart": SimpleLazyObject(lambda: _chart(matrix)),
        "can_recompute": roles.in_group(request.user, roles.TALLY_RECOMPUTE),
        "form": form or RecomputeForm(months=begun),
        "recomputes": TallyRecompute.objects.filter(plan=plan).select_related("by")[:10],
        "duplicate_rows": duplicate_rows(plan),
    }


@role_required(roles.DASHBOARD)
@fragments.cached_page(lambda request: request.user.pk)
def dashboard(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    plan = get_committee_plan_for_user(request.user, year)
    committee = committee_for(request.user)
    if plan is None and "year" not in request.GET and committee is not None:
        # No plan this year yet: open the latest year that has one rather than an empty page.
        years = plan_years(committee)
        if years:
            plan = get_committee_plan_for_user(request.user, years[0])
    if plan is None:
        return render(
            request, "emulation/no_plan.html", {"year": year, "years": plan_years(committee) if committee else []}
        )
    return render(request, "emulation/dashboard.html", _dashboard_context(request, plan))


@require_POST
@role_required(roles.TALLY_RECOMPUTE)
def recompute(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    plan = get_committee_plan_for_user(request.user, year, group=roles.TALLY_RECOMPUTE)
    if plan is None:
        raise Http404
    today = timezone.localdate()
    begun = [m for m in plan_months(plan) if m <= today]
    form = RecomputeForm(request.POST, months=begun)
    if not form.is_valid():
        messages.error(request, _("The month was not recomputed: correct the form below."))
        return render(request, "emulation/dashboard.html", _dashboard_context(request, plan, form), status=400)
    log = services.tally_recompute(
        plan=plan, month=form.chosen_month(), by=request.user, reason=form.cleaned_data["reason"]
    )
    messages.success(
        request,
        _("Month %(month)s was recomputed; %(count)s unit(s) changed.")
        % {"month": f"{log.month:%m/%Y}", "count": len(log.changes)},
    )
    return redirect(f"{reverse('emulation:dashboard')}?year={year}")


@role_required(roles.DASHBOARD)
def export_xlsx(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    plan = get_committee_plan_for_user(request.user, year)
    if plan is None:
        raise Http404
    content = matrix_workbook(year_matrix(plan))
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="thi-dua-{plan.committee.code}-{year}.xlsx"'
    return response


@role_required(roles.DASHBOARD)
def print_view(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    plan = get_committee_plan_for_user(request.user, year)
    if plan is None:
        raise Http404
    return render(request, "emulation/print.html", {"plan": plan, "matrix": year_matrix(plan)})


def _items_by_month(months: list, items: dict) -> list[tuple]:
    return [(m, items[m]) for m in months if m in items]


@role_required(roles.EVERYONE)
def unit_page(request: HttpRequest, code: str) -> HttpResponse:
    unit = get_unit_for_tally(request.user, code)
    year = _year(request)
    plan = plan_of_year(unit.committee, year)
    context = {"unit": unit, "year": year, "plan": plan, "row": None, "items": []}
    if plan is not None:
        matrix = year_matrix(plan, units=[unit])
        context.update(
            matrix=matrix,
            row=matrix.rows[0],
            carries_quota=plan.quota_units.filter(pk=unit.pk).exists(),
            items=_items_by_month(matrix.months, counted_items(plan, unit)),
            years=plan_years(unit.committee),
        )
    return render(request, "emulation/unit.html", context)


@role_required(roles.UNIT)
@fragments.cached_page(lambda request: request.user.pk)
def my_unit(request: HttpRequest) -> HttpResponse:
    unit = request.user.unit
    if unit is None:
        raise Http404
    today = timezone.localdate()
    plan = plan_for(unit.committee, today)
    context: dict = {"unit": unit, "plan": plan, "today": today}
    if plan is not None:
        matrix = year_matrix(plan, units=[unit], today=today)
        row = matrix.rows[0]
        this_month = month_start(today)
        context.update(
            matrix=matrix,
            row=row,
            current=next((c for c in row.cells if c.month == this_month), None),
            close=month_close(plan, this_month),
        )
    return render(request, "emulation/my_unit.html", context)
