"""Views of the schedule app: thin, each object loaded through ``schedule.access``."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal import fragments, roles
from portal.access import role_required
from schedule import access, feeds, selectors, services, workflow
from schedule.forms import (
    MonthForm,
    PlanForm,
    ReferenceFormSet,
    RegistrationForm,
    StaffForm,
    TopicForm,
    TransitionForm,
)
from schedule.models import CalendarFeedToken, ColumnStaff, Plan

# --- the year view and the months --------------------------------------------------------------


@role_required(roles.EVERYONE)
@fragments.cached_page(lambda request: request.user.pk)
def year(request: HttpRequest, year: int | None = None) -> HttpResponse:
    committee = access.committee_of(request.user)
    year = year or timezone.localdate().year
    plan = selectors.plan_of_year(committee, year)
    rows = selectors.year_schedule(plan) if plan else []
    own_unit_id = request.user.unit_id if roles.in_group(request.user, roles.UNIT) else None
    return render(
        request,
        "schedule/year.html",
        {
            "committee": committee,
            "year": year,
            "plan": plan,
            "rows": rows,
            "own_unit_id": own_unit_id,
            "is_department": access.is_department(request.user),
            "previous_year": year - 1,
            "next_year": year + 1,
            "today": timezone.localdate(),
        },
    )


def _month_page(request: HttpRequest, month, *, status: int = 200, **forms) -> HttpResponse:
    user = request.user
    lead_unit = access.lead_unit_for(user, month)
    role = roles.effective_role(user)
    context = {
        "month": month,
        "plan": month.plan,
        **selectors.month_detail(month),
        "lead_unit": lead_unit,
        "is_department": access.is_department(user),
    }
    if lead_unit is not None:
        own = next((r for r in context["registrations"] if r.unit_id == lead_unit.pk), None)
        context["own_registration"] = own
        context["registration_form"] = forms.get("registration_form") or RegistrationForm(
            initial={"proposed_topic": own.proposed_topic, "note": own.note} if own else None
        )
        context["staff_form"] = forms.get("staff_form") or StaffForm(unit=lead_unit)
    if context["is_department"] and workflow.available_actions(month.state, role):
        context["transition_form"] = forms.get("transition_form") or TransitionForm(month=month, role=role)
    return render(request, "schedule/month_detail.html", context, status=status)


@role_required(roles.EVERYONE)
def month_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _month_page(request, access.get_column_month_for_user(request.user, pk))


@require_POST
@role_required(roles.UNIT_LEAD_ONLY)
def month_register(request: HttpRequest, pk: int) -> HttpResponse:
    month = access.get_column_month_for_user(request.user, pk, action="register")
    form = RegistrationForm(request.POST)
    if form.is_valid():
        try:
            services.column_month_register(
                month=month, unit=access.lead_unit_for(request.user, month), by=request.user, **form.cleaned_data
            )
        except services.ScheduleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Your unit is registered for this month."))
            return redirect("schedule:month_detail", pk=month.pk)
    return _month_page(request, month, status=400, registration_form=form)


@require_POST
@role_required(roles.UNIT_LEAD_ONLY)
def staff_add(request: HttpRequest, pk: int) -> HttpResponse:
    month = access.get_column_month_for_user(request.user, pk, action="register")
    unit = access.lead_unit_for(request.user, month)
    form = StaffForm(request.POST, unit=unit)
    if form.is_valid():
        try:
            services.column_staff_appoint(month=month, unit=unit, by=request.user, **form.cleaned_data)
        except services.ScheduleError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(name)s was appointed.") % {"name": form.cleaned_data["name"]})
            return redirect("schedule:month_detail", pk=month.pk)
    return _month_page(request, month, status=400, staff_form=form)


@require_POST
@role_required(roles.UNIT_LEAD_ONLY)
def staff_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    staff = ColumnStaff.objects.filter(pk=pk).first()
    if staff is None:
        raise Http404
    month = access.get_column_month_for_user(request.user, staff.column_month_id, action="register")
    if staff.unit_id != request.user.unit_id:
        raise Http404
    services.column_staff_withdraw(staff=staff, by=request.user)
    messages.success(request, _("%(name)s was withdrawn.") % {"name": staff.name})
    return redirect("schedule:month_detail", pk=month.pk)


@require_POST
@role_required(roles.DEPARTMENT)
def month_transition(request: HttpRequest, pk: int) -> HttpResponse:
    month = access.get_column_month_for_user(request.user, pk, action="manage")
    role = roles.effective_role(request.user)
    form = TransitionForm(request.POST, month=month, role=role)
    if form.is_valid():
        try:
            services.column_month_transition(month=month, by=request.user, **form.cleaned_data)
        except (services.ScheduleError, workflow.TransitionNotAllowed) as exc:
            form.add_error(None, str(exc))
        else:
            month.refresh_from_db()
            messages.success(request, _("The month is now: %(state)s.") % {"state": month.get_state_display()})
            return redirect("schedule:month_detail", pk=month.pk)
    return _month_page(request, month, status=400, transition_form=form)


@role_required(roles.DEPARTMENT)
def month_edit(request: HttpRequest, pk: int) -> HttpResponse:
    month = access.get_column_month_for_user(request.user, pk, action="manage")
    form = MonthForm(request.POST or None, instance=month, committee=month.plan.committee)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.column_month_update(month=month, by=request.user, **data)
        messages.success(request, _("The month was saved."))
        return redirect("schedule:plan_detail", pk=month.plan_id)
    return render(
        request, "schedule/month_form.html", {"form": form, "month": month}, status=400 if form.errors else 200
    )


# --- plans -------------------------------------------------------------------------------------


@role_required(roles.DEPARTMENT)
def plan_list(request: HttpRequest) -> HttpResponse:
    committee = access.committee_of(request.user)
    plans = (
        Plan.objects.committee_own()
        .filter(committee=committee)
        .select_related("issuing_unit")
        .order_by("-year", "-period_start")
    )
    return render(request, "schedule/plan_list.html", {"plans": plans, "committee": committee})


@role_required(roles.EVERYONE)
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk)
    context = {
        "plan": plan,
        "rows": selectors.year_schedule(plan),
        "implements": plan.implements.all(),
        "implemented_by": plan.implemented_by.all(),
        "references": plan.references.all(),
        "quota_units": plan.quota_units.order_by("sort_order", "name"),
        "topics": selectors.plan_topics(plan),
        "attachments": plan.attachments.all(),
        "recipients": plan.recipients.select_related("unit"),
        "is_department": access.is_department(request.user),
    }
    return render(request, "schedule/plan_detail.html", context)


def _plan_form_page(request: HttpRequest, plan: Plan | None) -> HttpResponse:
    committee = access.committee_of(request.user)
    initial_refs = [
        {"number": r.number, "issued_on": r.issued_on, "issuer": r.issuer, "title": r.title}
        for r in (plan.references.all() if plan else [])
    ]
    form = PlanForm(request.POST or None, request.FILES or None, instance=plan, committee=committee)
    references = ReferenceFormSet(request.POST or None, initial=initial_refs, prefix="refs")
    if request.method == "POST" and form.is_valid() and references.is_valid():
        data = form.cleaned_data
        document = data.get("document")
        saved = services.plan_save(
            plan=plan,
            committee=committee,
            by=request.user,
            data=data,
            implements=data.get("implements") or [],
            quota_units=data.get("quota_units") or [],
            references=[f.cleaned_data for f in references if f.cleaned_data],
            document=document if isinstance(document, UploadedFile) else None,
        )
        messages.success(request, _("The plan was saved."))
        return redirect("schedule:plan_detail", pk=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "schedule/plan_form.html", {"form": form, "references": references, "plan": plan}, status=status
    )


@role_required(roles.DEPARTMENT)
def plan_create(request: HttpRequest) -> HttpResponse:
    return _plan_form_page(request, None)


@role_required(roles.DEPARTMENT)
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _plan_form_page(request, access.get_plan_for_user(request.user, pk, manage=True))


@role_required(roles.EVERYONE)
def plan_document(request: HttpRequest, pk: int) -> FileResponse:
    plan = access.get_plan_for_user(request.user, pk)
    if not plan.document:
        raise Http404
    try:
        handle = plan.document.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=plan.document.name.rsplit("/", 1)[-1])


@role_required(roles.EVERYONE)
def plan_attachment(request: HttpRequest, pk: int, attachment_pk: int) -> FileResponse:
    """A file of a plan (the plan, its outline, an annex), for whoever may read the plan."""
    plan = access.get_plan_for_user(request.user, pk)
    attachment = get_object_or_404(plan.attachments, pk=attachment_pk)
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    return FileResponse(handle, as_attachment=True, filename=attachment.original_name)


# --- topics (rule 7) ---------------------------------------------------------------------------


def _topics_page(
    request: HttpRequest,
    plan: Plan,
    *,
    form: TopicForm | None = None,
    failed: tuple[int, str, str] | None = None,
) -> HttpResponse:
    """The plan's topics with their forms. ``failed``: (topic id, typed name, error) of a rename
    that did not go through, shown on that topic's row."""
    context = {
        "plan": plan,
        "topics": selectors.plan_topics(plan),
        "retired": selectors.plan_topics(plan, retired=True),
        "form": form or TopicForm(),
        "failed": failed,
    }
    status = 400 if form is not None or failed is not None else 200
    return render(request, "schedule/topics.html", context, status=status)


@role_required(roles.DEPARTMENT)
def topic_list(request: HttpRequest, pk: int) -> HttpResponse:
    plan = access.get_plan_for_user(request.user, pk, manage=True)
    if request.method != "POST":
        return _topics_page(request, plan)
    form = TopicForm(request.POST)
    if form.is_valid():
        try:
            topic = services.topic_create(plan=plan, name=form.cleaned_data["name"], by=request.user)
        except services.ScheduleError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("The topic “%(name)s” was added.") % {"name": topic.name})
            return redirect("schedule:topic_list", pk=plan.pk)
    return _topics_page(request, plan, form=form)


@require_POST
@role_required(roles.DEPARTMENT)
def topic_rename(request: HttpRequest, pk: int) -> HttpResponse:
    topic = access.get_topic_for_user(request.user, pk)
    form = TopicForm(request.POST)
    if form.is_valid():
        try:
            services.topic_rename(topic=topic, name=form.cleaned_data["name"], by=request.user)
        except services.ScheduleError as exc:
            form.add_error("name", str(exc))
        else:
            messages.success(request, _("The topic was renamed."))
            return redirect("schedule:topic_list", pk=topic.plan_id)
    error = " ".join(str(e) for e in form.errors["name"])
    return _topics_page(request, topic.plan, failed=(topic.pk, request.POST.get("name", ""), error))


@require_POST
@role_required(roles.DEPARTMENT)
def topic_move(request: HttpRequest, pk: int) -> HttpResponse:
    topic = access.get_topic_for_user(request.user, pk)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    if offset is None:
        return HttpResponse(status=400)
    try:
        services.topic_move(topic=topic, offset=offset, by=request.user)
    except services.ScheduleError as exc:
        messages.error(request, str(exc))
    return redirect("schedule:topic_list", pk=topic.plan_id)


@require_POST
@role_required(roles.DEPARTMENT)
def topic_retire(request: HttpRequest, pk: int) -> HttpResponse:
    topic = access.get_topic_for_user(request.user, pk)
    services.topic_retire(topic=topic, by=request.user)
    messages.success(
        request,
        _("The topic “%(name)s” is no longer offered for new items; items that have it keep it.")
        % {"name": topic.name},
    )
    return redirect("schedule:topic_list", pk=topic.plan_id)


@require_POST
@role_required(roles.DEPARTMENT)
def topic_restore(request: HttpRequest, pk: int) -> HttpResponse:
    topic = access.get_topic_for_user(request.user, pk)
    try:
        services.topic_restore(topic=topic, by=request.user)
    except services.ScheduleError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("The topic “%(name)s” is offered again.") % {"name": topic.name})
    return redirect("schedule:topic_list", pk=topic.plan_id)


# --- calendar feeds ----------------------------------------------------------------------------


@role_required(roles.EVERYONE)
def feed_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    committee = access.committee_of(user)
    if request.method == "POST":
        unit = user.unit if roles.in_group(user, roles.UNIT) else None
        if unit is None and not roles.in_group(user, roles.COMMITTEE_WIDE):
            raise Http404
        services.feed_token_create(owner=user, committee=committee, unit=unit)
        messages.success(request, _("A new calendar address was made. Copy it into your calendar app."))
        return redirect("schedule:feeds")
    tokens = selectors.active_feed_tokens(user)
    return render(
        request,
        "schedule/feeds.html",
        {"tokens": [(t, request.build_absolute_uri(feeds.feed_path(t))) for t in tokens], "committee": committee},
    )


@require_POST
@login_required
def feed_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = access.get_feed_token_for_owner(request.user, pk)
    services.feed_token_revoke(token=token)
    messages.success(request, _("The calendar address no longer works."))
    return redirect("schedule:feeds")


@require_POST
@login_required
def feed_regenerate(request: HttpRequest, pk: int) -> HttpResponse:
    token = access.get_feed_token_for_owner(request.user, pk)
    services.feed_token_regenerate(token=token)
    messages.success(request, _("The old calendar address no longer works; use the new one."))
    return redirect("schedule:feeds")


def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The subscribable calendar: no login (calendar apps cannot sign in), the secret token is the key."""
    feed_token = CalendarFeedToken.objects.select_related("owner", "committee", "unit").filter(token=token).first()
    if feed_token is None or not access.feed_is_still_allowed(feed_token):
        raise Http404
    body = feeds.build_feed(feed_token, host=request.get_host())
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="lich.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response
