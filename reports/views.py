"""Pages of the reports app: a ward's activities, plan and reports (phones first), and the city's
ward-plan status, reports inbox, settings and compilation with its exports. Thin: access helpers
load objects, forms check input, services write."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import fragments
from portal.roles import DEPARTMENT, UNIT, in_group
from reports import access, exports, periods, selectors, services, workflow
from reports.forms import (
    ActionForm,
    ActivityFormForm,
    ActivityValuesForm,
    PhotoForm,
    ReportForm,
    SettingsForm,
    WardPlanForm,
)
from reports.models import ActivityForm, ActivityPhoto, Report, ReportSettings
from schedule import recipients as recipient_text
from schedule.forms import AttachmentFormSet, RecipientsField
from schedule.models import Plan
from schedule.selectors import plan_of_unit, plan_years


def _year(request: HttpRequest) -> int | None:
    raw = request.GET.get("year")
    if not raw:
        return None
    try:
        year = int(raw)
    except ValueError:
        raise Http404 from None
    if not 2000 <= year <= 2100:
        raise Http404
    return year


def _plan(request: HttpRequest, committee) -> Plan | None:
    return selectors.current_plan(committee, _year(request))


def _no_plan(request: HttpRequest, committee) -> HttpResponse:
    return render(request, "reports/no_plan.html", {"committee": committee}, status=200)


def _base(request: HttpRequest, plan: Plan, committee) -> dict:
    return {
        "plan": plan,
        "committee": committee,
        "years": plan_years(committee),
        "is_department": in_group(request.user, DEPARTMENT),
    }


# --- the overview ------------------------------------------------------------------------------


@login_required
@fragments.cached_page(lambda request: request.user.pk)
def overview(request: HttpRequest) -> HttpResponse:
    if in_group(request.user, UNIT) and access.reporting_unit(request.user) is None:
        # A district or department correspondent: these pages are for wards and member organizations.
        return render(request, "reports/no_plan.html", {"not_reporting": True})
    committee, unit = access.require_reader(request.user)
    plan = _plan(request, committee)
    if plan is None:
        return _no_plan(request, committee)
    settings = selectors.settings_of(plan)
    context = _base(request, plan, committee) | {"unit": unit, "settings": settings}
    if unit is not None:
        context |= {
            "our_plan": plan_of_unit(unit, plan),
            "recent": list(selectors.activities(plan, unit=unit)[:5]),
            "forms": selectors.forms_of(plan),
            "rows": selectors.unit_period_rows(plan, settings, unit)[:4] if settings else [],
        }
        return render(request, "reports/unit_overview.html", context)
    period = _period(request, plan, settings)
    context |= {
        "ward_plans": selectors.ward_plan_rows(plan),
        "inbox": selectors.inbox(plan, settings, period) if settings else [],
        "period": period,
    }
    return render(request, "reports/city_overview.html", context)


def _period(request: HttpRequest, plan: Plan, settings: ReportSettings | None) -> periods.Period:
    """The period of ``?period=KEY``, else the plan's last period that has begun."""
    chosen = periods.parse_key(request.GET.get("period", ""))
    if chosen is not None:
        return chosen
    kind = settings.period if settings else periods.QUARTERLY
    today = timezone.localdate()
    day = min(max(today, plan.period_start), plan.period_end)
    return periods.period_of(kind, day)


# --- activities --------------------------------------------------------------------------------


@login_required
def activity_list(request: HttpRequest) -> HttpResponse:
    committee, unit = access.require_reader(request.user)
    plan = _plan(request, committee)
    if plan is None:
        return _no_plan(request, committee)
    qs = selectors.activities(plan, unit=unit)
    form_code = request.GET.get("form")
    if form_code:
        qs = qs.filter(form__code=form_code)
    unit_code = request.GET.get("unit")
    if unit is None and unit_code:
        qs = qs.filter(unit__code=unit_code)
    context = _base(request, plan, committee) | {
        "unit": unit,
        "activities": list(qs[:200]),
        "forms": selectors.forms_of(plan),
        "units": selectors.reporting_units(plan) if unit is None else [],
        "form_code": form_code or "",
        "unit_code": unit_code or "",
    }
    return render(request, "reports/activity_list.html", context)


def _writable_form(request: HttpRequest, code: str) -> tuple[Plan, ActivityForm, object]:
    unit = access.require_reporting_unit(request.user)
    plan = _plan(request, unit.committee)
    if plan is None:
        raise Http404
    form = get_object_or_404(ActivityForm, plan=plan, code=code, is_active=True)
    return plan, form, unit


@login_required
def activity_new(request: HttpRequest, code: str) -> HttpResponse:
    plan, activity_form, unit = _writable_form(request, code)
    form = ActivityValuesForm(request.POST or None, activity_form=activity_form, plan=plan)
    photo_form = PhotoForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid() and photo_form.is_valid():
        activity = services.activity_record(
            plan=plan,
            form=activity_form,
            unit=unit,
            by=request.user,
            values=form.values(),
            links=form.cleaned_data["links"],
        )
        _add_photo(request, activity, photo_form)
        messages.success(request, _("The activity was recorded."))
        return redirect("reports:activity_detail", activity.pk)
    context = _base(request, plan, unit.committee) | {
        "form": form,
        "photo_form": photo_form,
        "activity_form": activity_form,
    }
    return render(request, "reports/activity_form.html", context, status=400 if request.method == "POST" else 200)


def _add_photo(request: HttpRequest, activity, photo_form: PhotoForm) -> bool:
    upload = photo_form.cleaned_data.get("photo")
    if not upload:
        return True
    try:
        services.activity_photo_add(
            activity=activity, by=request.user, upload=upload, caption=photo_form.cleaned_data.get("caption", "")
        )
    except services.ReportsError as error:
        messages.error(request, _("The photo was not kept: %(reason)s") % {"reason": error})
        return False
    return True


@login_required
def activity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access.get_activity_for_user(request.user, pk)
    can_write = access.reporting_unit(request.user) is not None
    facts = []
    for spec in activity.form.fields:
        value = activity.values.get(spec["name"])
        if value in (None, "", []):
            continue
        facts.append({"spec": spec, "value": value})
    context = {
        "activity": activity,
        "facts": facts,
        "photos": list(activity.photos.all()),
        "can_write": can_write,
        "photo_form": PhotoForm(),
    }
    return render(request, "reports/activity_detail.html", context)


@login_required
def activity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access.get_activity_for_user(request.user, pk, write=True)
    initial = ActivityValuesForm.initial_from(activity.values, activity.links)
    form = ActivityValuesForm(request.POST or None, activity_form=activity.form, plan=activity.plan, initial=initial)
    if request.method == "POST" and form.is_valid():
        services.activity_update(
            activity=activity, by=request.user, values=form.values(), links=form.cleaned_data["links"]
        )
        messages.success(request, _("The activity was saved."))
        return redirect("reports:activity_detail", activity.pk)
    context = {"form": form, "activity_form": activity.form, "activity": activity, "plan": activity.plan}
    return render(request, "reports/activity_form.html", context, status=400 if request.method == "POST" else 200)


@require_POST
@login_required
def activity_photo(request: HttpRequest, pk: int) -> HttpResponse:
    activity = access.get_activity_for_user(request.user, pk, write=True)
    photo_form = PhotoForm(request.POST, request.FILES)
    if photo_form.is_valid() and _add_photo(request, activity, photo_form):
        messages.success(request, _("The photo was added."))
    return redirect("reports:activity_detail", activity.pk)


@login_required
def photo_file(request: HttpRequest, pk: int) -> FileResponse:
    photo = get_object_or_404(ActivityPhoto, pk=pk)
    access.get_activity_for_user(request.user, photo.activity_id)
    response = FileResponse(photo.image.open("rb"))
    response["Cache-Control"] = "private, max-age=3600"
    return response


# --- plans -------------------------------------------------------------------------------------


@login_required
def our_plan(request: HttpRequest) -> HttpResponse:
    """The unit's own plan implementing the committee's: shown, and recorded or corrected."""
    unit = access.require_reporting_unit(request.user)
    plan = _plan(request, unit.committee)
    if plan is None:
        return _no_plan(request, unit.committee)
    own = plan_of_unit(unit, plan)
    initial = {}
    if own is not None:
        initial = {
            "number": own.number,
            "title": own.title,
            "issued_on": own.issued_on,
            "signed_by": own.signed_by,
            "recipients": recipient_text.render(
                [recipient_text.Recipient(r.name, r.receives_reports) for r in own.recipients.all()]
            ),
        }
    form = WardPlanForm(request.POST or None, initial=initial)
    files = AttachmentFormSet(request.POST or None, request.FILES or None, prefix="files")
    if request.method == "POST" and form.is_valid() and files.is_valid():
        data = form.cleaned_data
        services.ward_plan_save(
            plan=own,
            unit=unit,
            implementing=plan,
            by=request.user,
            data=data,
            attachments=[f.cleaned_data for f in files if f.cleaned_data.get("file")],
            recipients=data["recipients"],
        )
        messages.success(request, _("Your plan was saved."))
        return redirect("reports:our_plan")
    context = _base(request, plan, unit.committee) | {
        "unit": unit,
        "own": own,
        "form": form,
        "files": files,
        "attachments": list(own.attachments.all()) if own else [],
        "recipients": list(own.recipients.all()) if own else [],
        "city_files": list(plan.attachments.all()),
    }
    return render(request, "reports/our_plan.html", context, status=400 if request.method == "POST" else 200)


@login_required
def attachment_file(request: HttpRequest, pk: int) -> FileResponse:
    attachment = access.get_attachment_for_user(request.user, pk)
    return FileResponse(attachment.file.open("rb"), as_attachment=True, filename=attachment.original_name)


@login_required
def ward_plans(request: HttpRequest) -> HttpResponse:
    committee = access.require_department(request.user)
    plan = _plan(request, committee)
    if plan is None:
        return _no_plan(request, committee)
    rows = selectors.ward_plan_rows(plan)
    context = _base(request, plan, committee) | {
        "rows": rows,
        "issued": sum(1 for r in rows if r.plan),
        "attachments": list(plan.attachments.all()),
    }
    return render(request, "reports/ward_plans.html", context)


# --- reports -----------------------------------------------------------------------------------


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    unit = access.reporting_unit(request.user)
    if unit is None:
        access.require_department(request.user)
        return redirect("reports:inbox")
    plan = _plan(request, unit.committee)
    if plan is None:
        return _no_plan(request, unit.committee)
    settings = selectors.settings_of(plan)
    rows = selectors.unit_period_rows(plan, settings, unit) if settings else []
    context = _base(request, plan, unit.committee) | {"unit": unit, "settings": settings, "rows": rows}
    return render(request, "reports/report_list.html", context)


@require_POST
@login_required
def report_open(request: HttpRequest, key: str) -> HttpResponse:
    unit = access.require_reporting_unit(request.user)
    plan = _plan(request, unit.committee)
    period = periods.parse_key(key)
    if plan is None or period is None:
        raise Http404
    try:
        report = services.report_open(plan=plan, unit=unit, period=period, by=request.user)
    except services.ReportsError as error:
        messages.error(request, str(error))
        return redirect("reports:report_list")
    return redirect("reports:report_detail", report.pk)


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    unit = access.reporting_unit(request.user)
    editable = unit is not None and report.state in workflow.EDITABLE_STATES
    form = ReportForm(request.POST or None, instance=report) if editable else None
    status = 200
    if request.method == "POST":
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            data = {name: form.cleaned_data[name] for name in form.fields}
            report = services.report_update(report=report, by=request.user, data=data)
            action = request.POST.get("then")
            if action in (workflow.Action.SUBMIT, workflow.Action.RESUBMIT):
                return _act(request, report, action, "")
            messages.success(request, _("The report was saved."))
            return redirect("reports:report_detail", report.pk)
        status = 400
    counts = report.counts
    if editable:
        counts = selectors.counts_by_form(report.plan, report.unit, report.period)
    forms = selectors.forms_of(report.plan, active_only=False)
    role = access.role_of(request.user)
    context = {
        "report": report,
        "form": form,
        "count_rows": [(f, counts.get(f.code, 0)) for f in forms],
        "transitions": list(report.transitions.select_related("by")),
        "actions": [t for t in workflow.available(report.state, role) if unit is None or t.action not in ("accept",)],
        "action_form": ActionForm(),
        "is_unit": unit is not None,
        "period_label": exports.period_label(report.period),
    }
    return render(request, "reports/report_detail.html", context, status=status)


def _act(request: HttpRequest, report: Report, action: str, comment: str) -> HttpResponse:
    try:
        services.report_act(report=report, by=request.user, action=action, comment=comment)
    except services.ReportsError as error:
        messages.error(request, str(error))
        return redirect("reports:report_detail", report.pk)
    done = {
        workflow.Action.SUBMIT: _("The report was sent to the city."),
        workflow.Action.RESUBMIT: _("The corrected report was sent to the city."),
        workflow.Action.ACCEPT: _("The report was accepted."),
        workflow.Action.RETURN: _("The report was returned to the unit with your comment."),
    }
    messages.success(request, done[action])
    return redirect("reports:report_detail", report.pk)


@require_POST
@login_required
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = access.get_report_for_user(request.user, pk)
    form = ActionForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    return _act(request, report, action, comment)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    committee = access.require_department(request.user)
    plan = _plan(request, committee)
    if plan is None:
        return _no_plan(request, committee)
    settings = selectors.settings_of(plan)
    if settings is None:
        return redirect("reports:settings")
    period = _period(request, plan, settings)
    context = _base(request, plan, committee) | {
        "settings": settings,
        "period": period,
        "period_label": exports.period_label(period),
        "choices": selectors.report_periods(plan, settings),
        "rows": selectors.inbox(plan, settings, period),
    }
    return render(request, "reports/inbox.html", context)


# --- settings ----------------------------------------------------------------------------------


@login_required
def settings_view(request: HttpRequest) -> HttpResponse:
    committee = access.require_department(request.user)
    plan = _plan(request, committee)
    if plan is None:
        return _no_plan(request, committee)
    settings = selectors.settings_of(plan) or ReportSettings(plan=plan)
    form = SettingsForm(request.POST or None, instance=settings, prefix="s")
    recipients_field = RecipientsField()
    current = recipient_text.render(
        [recipient_text.Recipient(r.name, r.receives_reports) for r in plan.recipients.all()]
    )
    raw_recipients = request.POST.get("recipients", current) if request.method == "POST" else current
    files = AttachmentFormSet(request.POST or None, request.FILES or None, prefix="files")
    if request.method == "POST" and form.is_valid() and files.is_valid():
        from schedule import services as schedule_services

        data = {name: form.cleaned_data[name] for name in form.fields}
        services.settings_save(plan=plan, by=request.user, data=data)
        schedule_services.plan_recipients_set(
            plan=plan, by=request.user, recipients=recipients_field.clean(raw_recipients)
        )
        schedule_services.plan_attachments_add(
            plan=plan, by=request.user, files=[f.cleaned_data for f in files if f.cleaned_data.get("file")]
        )
        messages.success(request, _("The settings were saved."))
        return redirect("reports:settings")
    context = _base(request, plan, committee) | {
        "form": form,
        "files": files,
        "recipients": raw_recipients,
        "attachments": list(plan.attachments.all()),
        "forms": selectors.forms_of(plan, active_only=False),
    }
    return render(request, "reports/settings.html", context, status=400 if request.method == "POST" else 200)


@login_required
def form_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    committee = access.require_department(request.user)
    plan = _plan(request, committee)
    if plan is None:
        return _no_plan(request, committee)
    existing = get_object_or_404(ActivityForm, pk=pk, plan__committee=committee) if pk else None
    if existing is not None:
        plan = existing.plan
    from reports.fields import render_spec

    initial = {}
    if existing is not None:
        initial = {
            "code": existing.code,
            "name": existing.name,
            "description": existing.description,
            "fields_spec": render_spec(existing.fields),
            "is_active": existing.is_active,
        }
    form = ActivityFormForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.activity_form_save(
                plan=plan,
                by=request.user,
                form=existing,
                code=data["code"],
                name=data["name"],
                description=data["description"],
                fields=data["fields_spec"],
                is_active=data["is_active"],
            )
        except services.ReportsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, _("The form was saved."))
            return redirect("reports:settings")
    context = {"form": form, "existing": existing, "plan": plan}
    return render(request, "reports/form_edit.html", context, status=400 if request.method == "POST" else 200)


# --- the compilation ---------------------------------------------------------------------------


def _compilation(request: HttpRequest):
    committee = access.require_department(request.user)
    plan = _plan(request, committee)
    if plan is None:
        raise Http404
    settings = selectors.settings_of(plan)
    period = _period(request, plan, settings)
    return plan, settings, period, selectors.compile_period(plan, period)


def _period_choices(plan: Plan) -> list[tuple[str, str]]:
    choices = []
    for kind in (periods.YEARLY, periods.HALF_YEARLY, periods.QUARTERLY, periods.MONTHLY):
        for p in periods.periods_between(kind, plan.period_start, plan.period_end):
            choices.append((p.key, exports.period_label(p)))
    return choices


@login_required
def compilation(request: HttpRequest) -> HttpResponse:
    committee = access.require_department(request.user)
    if _plan(request, committee) is None:
        return _no_plan(request, committee)
    plan, settings, period, result = _compilation(request)
    context = _base(request, plan, committee) | {
        "c": result,
        "period": period,
        "period_label": exports.period_label(period),
        "choices": _period_choices(plan),
        "recipients": selectors.recipients_for_reports(plan),
    }
    return render(request, "reports/compilation.html", context)


def _filename(plan: Plan, period: periods.Period, extension: str) -> str:
    return f"tong-hop-{plan.committee.code}-{period.key}.{extension}"


@login_required
def compilation_xlsx(request: HttpRequest) -> HttpResponse:
    plan, _settings, period, result = _compilation(request)
    response = HttpResponse(
        exports.compilation_workbook(result),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(plan, period, "xlsx")}"'
    return response


@login_required
def compilation_docx(request: HttpRequest) -> HttpResponse:
    plan, _settings, period, result = _compilation(request)
    response = HttpResponse(
        exports.compilation_document(result),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="{_filename(plan, period, "docx")}"'
    return response
