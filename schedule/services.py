"""Writes of the schedule app: plans, the column table, registrations, staff, state changes,
reminders and calendar feeds. Views, tasks and commands call these, never bare ``save()``."""

from __future__ import annotations

import datetime
import secrets
from collections.abc import Iterable, Sequence
from contextlib import contextmanager

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from portal import roles
from portal.models import Unit, User
from portal.notifications import notify_each
from schedule import workflow
from schedule.models import (
    CalendarFeedToken,
    ColumnMonth,
    ColumnRegistration,
    ColumnStaff,
    ColumnTransition,
    Plan,
    PlanAttachment,
    PlanRecipient,
    PlanReference,
    Topic,
)
from schedule.selectors import assigned_units, calendar_for, column_months, coordination_deadline

PLAN_FIELDS = (
    "number",
    "title",
    "issuing_unit",
    "issued_on",
    "year",
    "period_start",
    "period_end",
    "signed_by",
    "quota_news",
    "quota_articles",
    "coordination_day",
    "holidays_move_deadline",
    "event_news_allowance_days",
    "reminder_days_before",
    "quota_reminder_working_days",
)


# Settings a form may leave empty: the plan keeps its value (or the default, for a new plan).
OPTIONAL_SETTINGS = frozenset({"quota_reminder_working_days"})


class ScheduleError(Exception):
    """A write the rules do not allow; the message is for the user."""


# --- plans -------------------------------------------------------------------------------------


@contextmanager
def _delete_new_files_on_error(files: list):
    """Uploaded files are written before the transaction commits; on an error remove them again,
    so nothing half-written stays on disk."""
    try:
        yield
    except BaseException:
        for file in files:
            if file and getattr(file, "name", ""):
                file.storage.delete(file.name)
        raise


def plan_save(
    *,
    plan: Plan | None,
    committee: Unit,
    by: User,
    data: dict,
    implements: Iterable[Plan] = (),
    quota_units: Iterable[Unit] = (),
    references: Iterable[dict] = (),
    document=None,
    with_column_table: bool = True,
) -> Plan:
    """Create (``plan=None``) or update a plan with its links and external references.

    A new plan gets its twelve months (empty topics for the department to fill in) unless
    ``with_column_table`` is off (a ward's plan has no column table). A replaced
    document's old file is kept on disk: uploads are never lost.
    """
    plan = plan or Plan(committee=committee)
    stored: list = []
    with _delete_new_files_on_error(stored), transaction.atomic():
        creating = plan.pk is None
        for name in PLAN_FIELDS:
            if name in data and not (name in OPTIONAL_SETTINGS and data[name] is None):
                setattr(plan, name, data[name])
        if document is not None:
            plan.document = document
        plan.save()
        if document is not None:
            stored.append(plan.document)
        plan.implements.set([p for p in implements if p.pk != plan.pk and p.committee_id == committee.pk])
        plan.quota_units.set([u for u in quota_units if u.committee_id == committee.pk])
        plan.references.all().delete()
        PlanReference.objects.bulk_create(
            PlanReference(
                plan=plan,
                number=ref["number"],
                issued_on=ref.get("issued_on"),
                issuer=ref.get("issuer") or "",
                title=ref.get("title") or "",
            )
            for ref in references
            if ref.get("number")
        )
        if creating and with_column_table:
            ColumnMonth.objects.bulk_create(ColumnMonth(plan=plan, month=m) for m in range(1, 13))
    return plan


def plan_attachments_add(*, plan: Plan, by: User, files: Iterable[dict]) -> list[PlanAttachment]:
    """Attach checked files (dicts of ``kind``, ``title``, ``file``) to a plan. Earlier files stay:
    a replaced plan file is a new attachment, so no upload is lost."""
    stored: list = []
    created: list[PlanAttachment] = []
    with _delete_new_files_on_error(stored), transaction.atomic():
        for spec in files:
            upload = spec.get("file")
            if not upload:
                continue
            attachment = PlanAttachment(
                plan=plan,
                kind=spec.get("kind") or PlanAttachment.Kind.PLAN,
                title=spec.get("title") or "",
                original_name=upload.name[:255],
                size=upload.size or 0,
                content_type=(getattr(upload, "content_type", "") or "")[:100],
                uploaded_by=by,
                uploaded_at=timezone.now(),
            )
            attachment.file = upload
            attachment.save()
            stored.append(attachment.file)
            created.append(attachment)
    return created


@transaction.atomic
def plan_recipients_set(*, plan: Plan, by: User, recipients: Iterable) -> list[PlanRecipient]:
    """Replace the plan's "Nơi nhận" with ``recipients`` (``schedule.recipients.Recipient``). A line
    that names a unit of the plan's committee exactly is linked to that unit."""
    units = {u.name.casefold(): u for u in Unit.objects.filter(committee_id=plan.committee_id)}
    plan.recipients.all().delete()
    return PlanRecipient.objects.bulk_create(
        PlanRecipient(
            plan=plan,
            unit=units.get(r.name.casefold()),
            name=r.name[:300],
            receives_reports=r.receives_reports,
            sort_order=i,
        )
        for i, r in enumerate(recipients)
    )


@transaction.atomic
def column_month_update(
    *,
    month: ColumnMonth,
    by: User,
    topic: str,
    media: str,
    units: Iterable[Unit],
    all_quota_units: bool,
    units_label: str,
) -> ColumnMonth:
    """The department edits a month of the table (topic, media, coordinating units)."""
    month.topic = topic
    month.media = media
    month.all_quota_units = all_quota_units
    month.units_label = units_label
    month.save(update_fields=["topic", "media", "all_quota_units", "units_label"])
    month.units.set([u for u in units if u.committee_id == month.plan.committee_id])
    return month


# --- registrations and staff -------------------------------------------------------------------


def _month_url(month: ColumnMonth) -> str:
    return reverse("schedule:month_detail", args=[month.pk])


def _department_of(committee_id: int) -> list[User]:
    return list(User.objects.filter(role__in=roles.DEPARTMENT, committee_id=committee_id, is_active=True))


def _leads_of(units: Iterable[Unit]) -> list[User]:
    return list(User.objects.filter(role__in=roles.UNIT_LEAD_ONLY, unit__in=list(units), is_active=True))


@transaction.atomic
def column_month_register(
    *, month: ColumnMonth, unit: Unit, by: User, proposed_topic: str = "", note: str = ""
) -> ColumnRegistration:
    """The unit's lead confirms that the unit takes the month, maybe proposing an adjusted topic.
    Registering again updates the proposal. The department is told."""
    if month.state in (ColumnMonth.State.AIRED,):
        raise ScheduleError(_("This month has already aired; it can no longer be registered for."))
    now = timezone.now()
    registration, created = ColumnRegistration.objects.update_or_create(
        column_month=month,
        unit=unit,
        defaults={
            "proposed_topic": proposed_topic.strip(),
            "note": note.strip(),
            "registered_by": by,
            "updated_at": now,
        },
        create_defaults={
            "proposed_topic": proposed_topic.strip(),
            "note": note.strip(),
            "registered_by": by,
            "registered_at": now,
            "updated_at": now,
        },
    )
    notify_each(
        _department_of(month.plan.committee_id),
        actor=by,
        kind="column-registered",
        message=lambda: _("%(unit)s registered for the column of %(month)s.") % {"unit": unit, "month": month},
        url=_month_url(month),
    )
    return registration


@transaction.atomic
def column_staff_appoint(
    *,
    month: ColumnMonth,
    unit: Unit,
    by: User,
    name: str,
    position: str = "",
    phone: str = "",
    user: User | None = None,
) -> ColumnStaff:
    """The unit's lead appoints a person to produce its month. A portal account, when linked,
    must belong to the same unit."""
    if month.state == ColumnMonth.State.AIRED:
        raise ScheduleError(_("This month has already aired; its staff can no longer change."))
    if user is not None and user.unit_id != unit.pk:
        raise ScheduleError(_("The linked account must belong to your unit."))
    return ColumnStaff.objects.create(
        column_month=month,
        unit=unit,
        name=name.strip(),
        position=position.strip(),
        phone=phone.strip(),
        user=user,
        appointed_by=by,
        appointed_at=timezone.now(),
    )


@transaction.atomic
def column_staff_withdraw(*, staff: ColumnStaff, by: User) -> ColumnStaff:
    """Withdraw an appointment. The row stays, marked withdrawn, so the history is kept."""
    if staff.withdrawn_at is None:
        staff.withdrawn_at = timezone.now()
        staff.withdrawn_by = by
        staff.save(update_fields=["withdrawn_at", "withdrawn_by"])
    return staff


# --- states ------------------------------------------------------------------------------------

Need = workflow.Need
_NEED_MESSAGES = {
    Need.CONTENT: gettext_lazy("Write down the agreed content first."),
    Need.AIR_DATE: gettext_lazy("Give the date it aired or was printed."),
    Need.COMMENT: gettext_lazy("Say why in the comment."),
}
# Agreeing (or changing what was agreed) asks for the date it will air or be printed.
_NEED_MESSAGES_BEFORE_AIRING = {
    Need.AIR_DATE: gettext_lazy("Give the agreed air or print date (dd/mm/yyyy)."),
}


@transaction.atomic
def column_month_transition(
    *,
    month: ColumnMonth,
    action: str,
    by: User,
    comment: str = "",
    agreed_content: str | None = None,
    air_date: datetime.date | None = None,
) -> ColumnMonth:
    """Move a month by ``action`` (see ``schedule.workflow``), record who, when and why, and tell
    the coordinating units' leads. PermissionDenied for a role the row does not name;
    TransitionNotAllowed when the action does not apply to the month's state; ScheduleError when
    something the row needs is missing."""
    month = ColumnMonth.objects.select_for_update().select_related("plan").get(pk=month.pk)
    transition = workflow.check(month.state, action, roles.effective_role(by))
    if transition is workflow.Refusal.FORBIDDEN:
        raise PermissionDenied
    if transition is workflow.Refusal.WRONG_STATE:
        raise workflow.TransitionNotAllowed(
            transition,
            _("This cannot be done while the month is “%(state)s”.") % {"state": month.get_state_display()},
        )
    comment = comment.strip()
    month.agreed_content = (agreed_content or "").strip() or month.agreed_content
    if air_date is not None:
        month.air_date = air_date
    given = {
        Need.CONTENT: bool(month.agreed_content),
        Need.AIR_DATE: month.air_date is not None,
        Need.COMMENT: bool(comment),
    }
    for need in Need:
        if need in transition.needs and not given[need]:
            before_airing = transition.next_state == workflow.AGREED
            raise ScheduleError(str((before_airing and _NEED_MESSAGES_BEFORE_AIRING.get(need)) or _NEED_MESSAGES[need]))
    if transition.next_state == workflow.RESCHEDULED:
        month.air_date = None  # the agreed date no longer holds; agreeing again sets a new one
    if month.air_date is not None:
        month.air_date_note = ""  # the conversion's note (migration 0006) is answered
    previous = month.state
    now = timezone.now()
    month.state = transition.next_state
    month.state_changed_at = now
    month.save(update_fields=["state", "state_changed_at", "agreed_content", "air_date", "air_date_note"])
    ColumnTransition.objects.create(
        column_month=month, action=action, from_state=previous, to_state=month.state, comment=comment, by=by, at=now
    )
    notify_each(
        _leads_of(assigned_units(month)),
        actor=by,
        kind="column-state",
        message=lambda: _state_message(month),
        url=_month_url(month),
    )
    return month


def _state_message(month: ColumnMonth) -> str:
    names = {"month": month, "state": month.get_state_display()}
    if month.state == ColumnMonth.State.AGREED and month.air_date:
        return _("The column of %(month)s is now: %(state)s, to air or be printed on %(date)s.") % {
            **names,
            "date": month.air_date.strftime("%d/%m/%Y"),
        }
    return _("The column of %(month)s is now: %(state)s.") % names


# --- reminders ---------------------------------------------------------------------------------

REMINDER_BEFORE, REMINDER_DUE = "before", "due"


def _reminder_kind(*, today: datetime.date, deadline: datetime.date, days_before: int) -> str | None:
    """Which reminder ``today`` calls for: ``before`` from ``days_before`` days ahead until the day
    before (so a missed beat run catches up), ``due`` on the deadline day itself, else None."""
    if today == deadline:
        return REMINDER_DUE
    if days_before and deadline - datetime.timedelta(days=days_before) <= today < deadline:
        return REMINDER_BEFORE
    return None


def send_column_reminders(*, today: datetime.date) -> int:
    """Remind of the column's dates (rule 5).

    * A month not yet agreed: the coordinating units' leads and the propaganda department,
      ``plan.reminder_days_before`` days before its coordination deadline and on the day.
    * An agreed (or produced) month: its leads, the staff it appointed who have an account, and the
      department, ``plan.reminder_days_before`` days before its agreed air or print date; and the
      department the day after that date when the month is still not recorded as aired.

    Idempotent: each reminder has a dedup key per month, kind (and agreed date: a changed date is
    reminded again), so running twice (or on two beat processes) notifies and emails each person
    once. Returns how many notifications were made.
    """
    sent = 0
    # Last year's plan too: a December column may air in January.
    years = [today.year - 1, today.year, today.year + 1]
    plans = Plan.objects.committee_own().filter(year__in=years).select_related("committee")
    for plan in plans:
        calendar = calendar_for(plan.committee)
        department = None
        for month in column_months(plan).filter(state=ColumnMonth.State.SUGGESTED):
            deadline = coordination_deadline(plan, plan.year, month.month, calendar=calendar)
            kind = _reminder_kind(today=today, deadline=deadline, days_before=plan.reminder_days_before)
            if kind is None:
                continue
            if department is None:
                department = _department_of(plan.committee_id)
            units = assigned_units(month)
            sent += _send_reminder(month, kind=kind, deadline=deadline, today=today, units=units, department=department)
        dated = column_months(plan).filter(
            state__in=[ColumnMonth.State.AGREED, ColumnMonth.State.PRODUCED], air_date__isnull=False
        )
        for month in dated:
            kind = _air_reminder_kind(today=today, air_date=month.air_date, days_before=plan.reminder_days_before)
            if kind is None:
                continue
            if department is None:
                department = _department_of(plan.committee_id)
            sent += _send_air_reminder(month, kind=kind, today=today, department=department)
    return sent


AIR_SOON, AIR_RECORD = "air-soon", "air-record"
# How long after the agreed date the department is still asked to record the airing.
AIR_RECORD_WINDOW = datetime.timedelta(days=14)


def _air_reminder_kind(*, today: datetime.date, air_date: datetime.date, days_before: int) -> str | None:
    """``air-soon`` from ``days_before`` days before the agreed date until the day before it (a
    missed run catches up), ``air-record`` from the day after it for two weeks, else None."""
    if days_before and air_date - datetime.timedelta(days=days_before) <= today < air_date:
        return AIR_SOON
    if air_date < today <= air_date + AIR_RECORD_WINDOW:
        return AIR_RECORD
    return None


def _send_air_reminder(month: ColumnMonth, *, kind: str, today: datetime.date, department: list[User]) -> int:
    date_text = month.air_date.strftime("%d/%m/%Y")
    units = assigned_units(month)
    if kind == AIR_SOON:
        staff = User.objects.filter(
            column_appointments__column_month=month, column_appointments__withdrawn_at__isnull=True, is_active=True
        )
        recipients = [*_leads_of(units), *staff, *department]

        def message() -> str:
            return _(
                "The column of %(month)s is agreed to air or be printed on %(date)s (in %(days)s days): have it ready."
            ) % {"month": month, "date": date_text, "days": (month.air_date - today).days}

    else:
        recipients = department

        def message() -> str:
            return _(
                "The column of %(month)s was agreed to air or be printed on %(date)s: record it as aired, "
                "or reschedule it."
            ) % {"month": month, "date": date_text}

    return notify_each(
        recipients,
        actor=None,
        kind=f"column-reminder-{kind}",
        message=message,
        url=_month_url(month),
        dedup_key=f"column-reminder:{month.pk}:{kind}:{month.air_date.isoformat()}",
    )


def _send_reminder(
    month: ColumnMonth,
    *,
    kind: str,
    deadline: datetime.date,
    today: datetime.date,
    units: list[Unit],
    department: list[User],
) -> int:
    days_left = (deadline - today).days
    deadline_text = deadline.strftime("%d/%m/%Y")

    def message() -> str:
        if kind == REMINDER_DUE:
            return _(
                "Today (%(deadline)s) is the coordination deadline of the column of %(month)s; "
                "its content is not agreed yet."
            ) % {"deadline": deadline_text, "month": month}
        return _(
            "The coordination deadline of the column of %(month)s is %(deadline)s (in %(days)s days): "
            "agree its content and timing with the propaganda department."
        ) % {"deadline": deadline_text, "month": month, "days": days_left}

    def context() -> dict:
        return {
            "month_label": str(month),
            "deadline": deadline_text,
            "topic": month.topic,
            "units": ", ".join(u.name for u in units) or month.units_label,
            "kind": kind,
        }

    return notify_each(
        [*_leads_of(units), *department],
        actor=None,
        kind=f"column-reminder-{kind}",
        message=message,
        url=_month_url(month),
        email_template="column_reminder",
        context=context,
        dedup_key=f"column-reminder:{month.pk}:{kind}",
    )


# --- calendar feeds ----------------------------------------------------------------------------


@transaction.atomic
def feed_token_create(*, owner: User, committee: Unit, unit: Unit | None) -> CalendarFeedToken:
    """A new secret subscription address for ``unit``'s months (or the committee's when None)."""
    return CalendarFeedToken.objects.create(
        owner=owner, committee=committee, unit=unit, token=secrets.token_urlsafe(32), created_at=timezone.now()
    )


@transaction.atomic
def feed_token_revoke(*, token: CalendarFeedToken) -> CalendarFeedToken:
    """Stop an address from answering. Calendars subscribed to it get 404 from now on."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def feed_token_regenerate(*, token: CalendarFeedToken) -> CalendarFeedToken:
    """Revoke an address and give its owner a new one for the same feed."""
    feed_token_revoke(token=token)
    return feed_token_create(owner=token.owner, committee=token.committee, unit=token.unit)


# --- topics (rule 7) ---------------------------------------------------------------------------

TOPIC_NAME_MAX = 200


def clean_topic_name(plan: Plan, name: str, *, exclude: Topic | None = None) -> str:
    """A topic's name, checked: not empty, not too long, not the name of another active topic."""
    name = " ".join(name.split())
    if not name:
        raise ScheduleError(_("Give the topic a name."))
    if len(name) > TOPIC_NAME_MAX:
        raise ScheduleError(_("A topic's name has at most %(max)s characters.") % {"max": TOPIC_NAME_MAX})
    # Compared in Python: SQLite's case-insensitive match folds ASCII only ("Ô" != "ô"), and a
    # plan has a handful of topics.
    others = Topic.objects.filter(plan=plan, retired_at__isnull=True)
    if exclude is not None and exclude.pk is not None:
        others = others.exclude(pk=exclude.pk)
    if any(other.casefold() == name.casefold() for other in others.values_list("name", flat=True)):
        raise ScheduleError(_("The plan already has a topic with this name."))
    return name


@transaction.atomic
def topic_create(*, plan: Plan, name: str, by: User) -> Topic:
    """Add a content focus to the plan, after its current topics."""
    name = clean_topic_name(plan, name)
    last = Topic.objects.filter(plan=plan).aggregate(last=Max("sort_order"))["last"]
    return Topic.objects.create(plan=plan, name=name, sort_order=0 if last is None else last + 1)


@transaction.atomic
def topic_rename(*, topic: Topic, name: str, by: User) -> Topic:
    """Rename a topic. Items that point at it show the new name; their saved versions keep the old one."""
    topic.name = clean_topic_name(topic.plan, name, exclude=topic)
    topic.save(update_fields=["name"])
    return topic


@transaction.atomic
def topic_reorder(*, plan: Plan, topic_ids: Sequence[int], by: User) -> list[Topic]:
    """Put the plan's topics in the order of ``topic_ids``; topics left out follow, in their order."""
    topics = {t.pk: t for t in Topic.objects.select_for_update().filter(plan=plan).order_by("sort_order", "pk")}
    ordered = [topics[pk] for pk in dict.fromkeys(topic_ids) if pk in topics]
    ordered += [t for t in topics.values() if t not in ordered]
    for position, topic in enumerate(ordered):
        topic.sort_order = position
    Topic.objects.bulk_update(ordered, ["sort_order"])
    return ordered


@transaction.atomic
def topic_move(*, topic: Topic, offset: int, by: User) -> list[Topic]:
    """Move an active topic ``offset`` places among the plan's active topics (-1: up, 1: down)."""
    active = list(
        Topic.objects.filter(plan=topic.plan_id, retired_at__isnull=True)
        .order_by("sort_order", "pk")
        .values_list("pk", flat=True)
    )
    if topic.pk not in active:
        raise ScheduleError(_("A retired topic has no place in the order."))
    position = max(0, min(len(active) - 1, active.index(topic.pk) + offset))
    active.remove(topic.pk)
    active.insert(position, topic.pk)
    return topic_reorder(plan=topic.plan, topic_ids=active, by=by)


@transaction.atomic
def topic_retire(*, topic: Topic, by: User) -> Topic:
    """Stop offering a topic for new items. Never a deletion: the items that point at it keep it."""
    if topic.retired_at is None:
        topic.retired_at = timezone.now()
        topic.save(update_fields=["retired_at"])
    return topic


@transaction.atomic
def topic_restore(*, topic: Topic, by: User) -> Topic:
    """Offer a retired topic again, unless an active topic has taken its name meanwhile."""
    if topic.retired_at is not None:
        clean_topic_name(topic.plan, topic.name, exclude=topic)
        topic.retired_at = None
        topic.save(update_fields=["retired_at"])
    return topic
