"""Writes of the reports app: activities and their photos, a ward's own plan, the report settings,
activity forms, periodic reports through their workflow, and the reminders. Views, tasks, the demo
and commands call these, never bare ``save()``."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import Unit, User
from portal.notifications import notify_each
from portal.roles import DEPARTMENT, UNIT, effective_role
from reports import periods, selectors, workflow
from reports.models import (
    Activity,
    ActivityForm,
    ActivityPhoto,
    Report,
    ReportReminder,
    ReportSettings,
    ReportTransition,
)
from schedule import services as schedule_services
from schedule.models import Plan
from schedule.selectors import calendar_for
from submissions.photos import UploadRefused, check_upload


class ReportsError(Exception):
    """A write the rules do not allow; the message is for the user."""


def _recipients(*, committee_id: int | None = None, unit: Unit | None = None) -> list[User]:
    if unit is not None:
        return list(User.objects.filter(role__in=UNIT, unit=unit, is_active=True))
    return list(User.objects.filter(role__in=DEPARTMENT, committee_id=committee_id, is_active=True))


# --- activities --------------------------------------------------------------------------------


def _summary(form: ActivityForm, values: dict) -> str:
    """A short line for lists: the first text field's value, else the form's name."""
    for field in form.fields:
        value = values.get(field["name"])
        if field["type"] in ("text", "long_text") and value:
            return str(value)[:300]
    return form.name[:300]


def _occurred_on(form: ActivityForm, values: dict) -> datetime.date:
    raw = values.get(form.date_field)
    if not raw:
        raise ReportsError(_("The form has no date field; ask the propaganda department to fix it."))
    return datetime.date.fromisoformat(raw)


@transaction.atomic
def activity_record(
    *, plan: Plan, form: ActivityForm, unit: Unit, by: User, values: dict, links: list[str]
) -> Activity:
    """Record an activity of ``form`` for ``unit`` (values already validated by the form)."""
    if form.plan_id != plan.pk or unit.committee_id != plan.committee_id:
        raise ReportsError(_("This form does not belong to your committee's plan."))
    now = timezone.now()
    return Activity.objects.create(
        plan=plan,
        form=form,
        unit=unit,
        occurred_on=_occurred_on(form, values),
        summary=_summary(form, values),
        values=values,
        links=links,
        created_by=by,
        created_at=now,
        updated_at=now,
    )


@transaction.atomic
def activity_update(*, activity: Activity, by: User, values: dict, links: list[str]) -> Activity:
    activity.values = values
    activity.links = links
    activity.occurred_on = _occurred_on(activity.form, values)
    activity.summary = _summary(activity.form, values)
    activity.updated_at = timezone.now()
    activity.save(update_fields=["values", "links", "occurred_on", "summary", "updated_at"])
    return activity


def activity_photo_add(*, activity: Activity, by: User, upload, caption: str = "") -> ActivityPhoto:
    """Check a photo like an item's photo (rule 3) and keep it; a photo that fails is refused
    with the checker's plain words."""
    try:
        checked = check_upload(upload)
    except UploadRefused as refused:
        raise ReportsError(str(refused)) from None
    if checked.report.verdict == "fail":
        words = [_(p.message) for p in checked.report.problems if p.severity == "fail"]
        raise ReportsError(" ".join(w for w in words if w) or _("The photo did not pass the quality check."))
    photo = ActivityPhoto(
        activity=activity,
        caption=caption[:300],
        width=checked.width,
        height=checked.height,
        quality=checked.report.to_dict(),
        uploaded_by=by,
        uploaded_at=timezone.now(),
    )
    photo.image.save(f"{checked.sha256[:16]}.{checked.extension}", ContentFile(checked.content), save=False)
    try:
        with transaction.atomic():
            photo.save()
    except BaseException:
        photo.image.storage.delete(photo.image.name)
        raise
    return photo


# --- a ward's own plan -------------------------------------------------------------------------


def ward_plan_save(
    *,
    plan: Plan | None,
    unit: Unit,
    implementing: Plan,
    by: User,
    data: dict,
    references: Iterable[dict] = (),
    attachments: Iterable[dict] = (),
    recipients: Iterable = (),
) -> Plan:
    """Create or update ``unit``'s plan implementing its committee's plan ``implementing``.

    The plan belongs to the committee's tree with ``unit`` as its issuer, so it is never the
    committee's plan of the year (``schedule.models.PlanQuerySet.committee_own``); it has no quota
    and no column table.
    """
    if unit.committee_id != implementing.committee_id or not implementing.is_committee_plan:
        raise ReportsError(_("A unit's plan implements its own committee's plan."))
    if plan is not None and plan.issuing_unit_id != unit.pk:
        raise ReportsError(_("This plan belongs to another unit."))
    fields = {
        "number": data.get("number") or "",
        "title": data["title"],
        "issuing_unit": unit,
        "issued_on": data.get("issued_on"),
        "signed_by": data.get("signed_by") or "",
        "year": implementing.year,
        "period_start": data.get("period_start") or implementing.period_start,
        "period_end": data.get("period_end") or implementing.period_end,
        "quota_news": 0,
        "quota_articles": 0,
    }
    with transaction.atomic():
        saved = schedule_services.plan_save(
            plan=plan,
            committee=implementing.committee,
            by=by,
            data=fields,
            implements=[implementing],
            references=references,
            with_column_table=False,
        )
        schedule_services.plan_attachments_add(plan=saved, by=by, files=attachments)
        schedule_services.plan_recipients_set(plan=saved, by=by, recipients=recipients)
    return saved


# --- settings and forms ------------------------------------------------------------------------


@transaction.atomic
def settings_save(*, plan: Plan, by: User, data: dict) -> ReportSettings:
    settings, _created = ReportSettings.objects.get_or_create(plan=plan)
    for name in (
        "period",
        "due_day",
        "reminder_days_before",
        "place_name",
        "document_symbol",
        "signer_on_behalf",
        "signer_position",
        "signer_name",
    ):
        if name in data:
            setattr(settings, name, data[name])
    settings.updated_by = by
    settings.updated_at = timezone.now()
    settings.save()
    return settings


@transaction.atomic
def activity_form_save(
    *,
    plan: Plan,
    by: User,
    form: ActivityForm | None,
    code: str,
    name: str,
    description: str,
    fields: list[dict],
    is_active: bool = True,
) -> ActivityForm:
    """Add or change a form of the plan. Its fields must include a required date field (the date
    that places an activity in a period)."""
    if not any(f["name"] == "date" and f["type"] == "date" and f["required"] for f in fields):
        raise ReportsError(_('A form needs a required field named "date" of type date.'))
    form = form or ActivityForm(plan=plan, sort_order=(plan.activity_forms.count() + 1) * 10)
    form.code = code
    form.name = name
    form.description = description
    form.fields = fields
    form.date_field = "date"
    form.is_active = is_active
    try:
        with transaction.atomic():
            form.save()
    except IntegrityError:
        raise ReportsError(_("The plan already has a form with this code.")) from None
    return form


# --- periodic reports --------------------------------------------------------------------------


def _report_url(report: Report) -> str:
    return reverse("reports:report_detail", args=[report.pk])


@transaction.atomic
def report_open(*, plan: Plan, unit: Unit, period: periods.Period, by: User) -> Report:
    """The unit's report for ``period``, created as a draft if it has none yet."""
    settings = selectors.settings_of(plan)
    if settings is None or period.kind != settings.period:
        raise ReportsError(_("The plan asks no report for this period."))
    if period.end < plan.period_start or period.start > plan.period_end:
        raise ReportsError(_("This period is outside the plan."))
    if unit.committee_id != plan.committee_id:
        raise ReportsError(_("This plan belongs to another committee."))
    now = timezone.now()
    report, _created = Report.objects.get_or_create(
        plan=plan,
        unit=unit,
        period_key=period.key,
        defaults={
            "period_kind": period.kind,
            "period_start": period.start,
            "period_end": period.end,
            "due_on": selectors.due_on(settings, period),
            "created_by": by,
            "created_at": now,
            "updated_at": now,
            "counts": selectors.counts_by_form(plan, unit, period),
        },
    )
    return report


REPORT_TEXT_FIELDS = (
    "results",
    "mobilised_count",
    "mobilisation",
    "ideological_situation",
    "difficulties",
    "proposals",
)


@transaction.atomic
def report_update(*, report: Report, by: User, data: dict) -> Report:
    """The unit changes its report's sections while it holds the report (draft or returned)."""
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.state not in workflow.EDITABLE_STATES:
        raise ReportsError(_("The report was sent to the city; it can be changed only if the city returns it."))
    for name in REPORT_TEXT_FIELDS:
        if name in data:
            setattr(report, name, data[name])
    report.counts = selectors.counts_by_form(report.plan, report.unit, report.period)
    report.updated_at = timezone.now()
    report.save(update_fields=[*REPORT_TEXT_FIELDS, "counts", "updated_at"])
    return report


def _refusal(reason: str) -> str:
    if reason == "comment_required":
        return _("Say what the unit should correct: a comment is required to return a report.")
    return _("This action is not possible for this report now.")


@transaction.atomic
def report_act(*, report: Report, by: User, action: str, comment: str = "") -> Report:
    """Move a report through its workflow (``reports.workflow``): submit, resubmit, accept or return
    with a comment. Every step is recorded and the people concerned are notified."""
    report = Report.objects.select_for_update().select_related("unit", "plan").get(pk=report.pk)
    try:
        transition = workflow.check(report.state, action, effective_role(by), comment=comment)
    except workflow.TransitionRefused as refused:
        raise ReportsError(_refusal(refused.reason)) from None
    now = timezone.now()
    previous = report.state
    report.state = transition.next_state
    update = ["state", "updated_at"]
    if action in (workflow.Action.SUBMIT, workflow.Action.RESUBMIT):
        report.counts = selectors.counts_by_form(report.plan, report.unit, report.period)
        report.submitted_at = now
        report.first_submitted_at = report.first_submitted_at or now
        update += ["counts", "submitted_at", "first_submitted_at"]
    if action == workflow.Action.ACCEPT:
        report.accepted_at = now
        update.append("accepted_at")
    report.updated_at = now
    report.save(update_fields=update)
    ReportTransition.objects.create(
        report=report, action=action, from_state=previous, to_state=report.state, comment=comment.strip(), by=by, at=now
    )
    _notify_step(report, action=action, by=by, comment=comment.strip())
    return report


def _notify_step(report: Report, *, action: str, by: User, comment: str) -> None:
    names = {"unit": report.unit.name, "period": report.period_key}
    if action in (workflow.Action.SUBMIT, workflow.Action.RESUBMIT):
        recipients = _recipients(committee_id=report.plan.committee_id)

        def message() -> str:
            return _("%(unit)s sent its report for %(period)s.") % names

    elif action == workflow.Action.ACCEPT:
        recipients = _recipients(unit=report.unit)

        def message() -> str:
            return _("The city accepted your report for %(period)s.") % names

    else:
        recipients = _recipients(unit=report.unit)

        def message() -> str:
            return _("The city returned your report for %(period)s: %(comment)s") % {**names, "comment": comment}

    notify_each(recipients, actor=by, kind=f"report_{action}", message=message, url=_report_url(report))


def send_report_reminders(*, today: datetime.date | None = None) -> int:
    """Remind each reporting unit whose report for a period is not filed yet, from
    ``reminder_days_before`` working days before the due day until the due day. Idempotent: one
    ``ReportReminder`` row per unit and period, so a unit is reminded once per period however
    often this runs. Returns how many units were reminded."""
    today = today or timezone.localdate()
    sent = 0
    for settings in ReportSettings.objects.select_related("plan", "plan__committee"):
        plan = settings.plan
        if not (plan.period_start <= today <= plan.period_end + datetime.timedelta(days=62)):
            continue
        calendar = calendar_for(plan.committee)
        for period in selectors.report_periods(plan, settings):
            due = selectors.due_on(settings, period, calendar)
            start = periods.working_days_before(
                due, settings.reminder_days_before, is_working_day=calendar.is_working_day
            )
            if not start <= today <= due:
                continue
            filed = set(
                Report.objects.filter(plan=plan, period_key=period.key, state__in=workflow.FILED_STATES).values_list(
                    "unit_id", flat=True
                )
            )
            for unit in selectors.reporting_units(plan, period):
                if unit.pk in filed:
                    continue
                sent += _remind(plan=plan, unit=unit, period=period, due=due)
    return sent


def _remind(*, plan: Plan, unit: Unit, period: periods.Period, due: datetime.date) -> int:
    try:
        with transaction.atomic():
            ReportReminder.objects.create(plan=plan, unit=unit, period_key=period.key, sent_at=timezone.now())
            recipients = _recipients(unit=unit)

            def message() -> str:
                return _("Your report for %(period)s is due on %(due)s.") % {
                    "period": period.key,
                    "due": due.strftime("%d/%m/%Y"),
                }

            notify_each(
                recipients,
                actor=None,
                kind="report_reminder",
                message=message,
                url=reverse("reports:report_list"),
                dedup_key=f"report-reminder:{plan.pk}:{unit.pk}:{period.key}",
            )
    except IntegrityError:
        return 0  # already reminded for this period
    return 1
