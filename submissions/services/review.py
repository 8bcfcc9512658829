"""The editorial board's review steps (and the unit's withdrawal), applied generically from the
workflow table: one row says what changes, who is told, and whether a comment is needed."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.models import User
from portal.outbox import enqueue
from submissions import workflow
from submissions.models import Submission, SubmissionVersion
from submissions.richtext import sanitize_body
from submissions.services._common import (
    apply_effects,
    check,
    item_facts,
    record,
    require_lock_version,
    require_unit_member,
    send,
    snapshot,
)
from submissions.services.drafts import apply_timeliness
from submissions.workflow import Action, Input, Publishing, Transition, TransitionNotAllowed

# The rows this service applies; the others take more input and have their own service.
GENERIC_INPUTS = frozenset({Input.NONE, Input.COMMENT})


def allowed_transitions(submission: Submission, user: User) -> list[Transition]:
    """The rows of the workflow table ``user`` could take on ``submission`` now, in the table's order."""
    return workflow.allowed_actions(item_facts(submission), roles.effective_role(user), user_id=user.pk)


@transaction.atomic
def submission_transition(*, submission: Submission, by: User | None, action: str, comment: str = "") -> Submission:
    """Take one step of the workflow table that needs at most a comment (claim, take over, release,
    request changes, approve, reject, withdraw, publish, unpublish, republish, unschedule); record it
    and notify the people the row names. ``by=None`` is the system (scheduled publishing).

    A shortcut row (approve and publish) is checked whole, every step of it, before anything is
    written; then each step is applied, recorded and notified as if taken alone, in this one
    transaction: the item is never left half-way."""
    spec = workflow.ACTIONS.get(action)
    if spec is None or spec.input not in GENERIC_INPUTS:
        raise ValueError(f"{action!r} is not a step of the generic service.")
    submission = Submission.objects.select_for_update().select_related("unit", "author").get(pk=submission.pk)
    if by is not None and roles.in_group(by, roles.UNIT):
        require_unit_member(submission, by)
    comment = comment.strip()
    transition = check(submission, action, by, comment=comment)
    if not spec.steps:
        return _apply(submission, transition, by, comment)
    for i, step in enumerate(spec.steps):
        # The comment is the unit's, given with the first step (the approval).
        step_comment = comment if i == 0 else ""
        _apply(submission, check(submission, step, by, comment=step_comment), by, step_comment)
    return submission


def _apply(submission: Submission, transition: Transition, by: User | None, comment: str) -> Submission:
    """Apply one row to ``submission`` (locked for update), record it and notify."""
    spec = transition.spec
    action = spec.name
    from_state = submission.state
    previous_holder = submission.held_by
    apply_effects(submission, transition, by, timezone.now())
    submission.save()
    record(submission, by, action, from_state, submission.state, comment, submission.version_count or None)
    url = reverse("submissions:item_detail", args=[submission.pk])
    if spec.to_author:
        send(
            recipients=[submission.author],
            actor=by,
            kind=f"submission_{action}",
            message=lambda: _(spec.to_author) % {"title": submission} + (f" {comment}" if comment else ""),
            url=url,
            email=True,
        )
    if spec.to_previous_holder and previous_holder is not None and previous_holder != by:
        send(
            recipients=[previous_holder],
            actor=by,
            kind="submission_taken_over",  # the review was taken from them
            message=lambda: _(spec.to_previous_holder) % {"name": by, "title": submission},
            url=url,
            email=True,
        )
    if spec.publishing is Publishing.PUBLISH:
        from submissions.tasks import make_renditions

        enqueue(make_renditions, submission.pk)  # durable: portal.outbox
    return submission


@transaction.atomic
def submission_correct_event_date(
    *, submission: Submission, by: User, event_date: datetime.date | None, reason: str = ""
) -> Submission:
    """An editor corrects the date of the event an item reports (rule 4: "the event date is part of
    the item, and an editor can correct it"). The due time and the late flag follow the new date;
    the month the item counts for does not move (rule 2: the month of its first submission). The
    step is recorded with the old and new dates, and the author is told."""
    if not roles.in_group(by, roles.EDITORIAL):
        raise PermissionDenied
    submission = Submission.objects.select_for_update().select_related("committee", "author").get(pk=submission.pk)
    if not submission.is_submitted or submission.state == Submission.State.DELETED:
        raise TransitionNotAllowed(_("Only an item sent to the editorial board can have its event date corrected."))
    old = submission.event_date
    if old == event_date:
        return submission
    submission.event_date = event_date
    apply_timeliness(submission)
    submission.lock_version += 1
    submission.save(update_fields=["event_date", "due_at", "is_late", "lock_version", "updated_at"])

    def day(d: datetime.date | None) -> str:
        return d.strftime("%d/%m/%Y") if d else "—"

    change = f"{day(old)} → {day(event_date)}"
    comment = f"{change}. {reason.strip()}" if reason.strip() else change
    record(submission, by, workflow.CORRECT_EVENT_DATE, submission.state, submission.state, comment,
           submission.version_count or None)  # fmt: skip
    send(
        recipients=[submission.author],
        actor=by,
        kind="submission_event_date",
        message=lambda: (
            _("The editorial board corrected the event date of “%(title)s”: %(change)s.")
            % {"title": submission, "change": change}
        ),
        url=reverse("submissions:item_detail", args=[submission.pk]),
        email=False,
    )
    return submission


@transaction.atomic
def submission_edit_copy(
    *,
    submission: Submission,
    by: User,
    title: str,
    summary: str,
    body: str,
    comment: str = "",
    expected_version: int | None = None,
) -> Submission:
    """An editor's copy edit before publishing: saved as a new version and recorded. With
    ``expected_version``, EditConflict when another editor saved in between."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    check(submission, Action.EDIT_COPY, by)
    require_lock_version(submission, expected_version)
    submission.title = title.strip()
    submission.summary = summary.strip()
    submission.body = sanitize_body(body)
    submission.lock_version += 1
    version = snapshot(submission, by, SubmissionVersion.Reason.COPY_EDIT)
    submission.save()
    record(submission, by, Action.EDIT_COPY, submission.state, submission.state, comment.strip(), version.number)
    return submission


def bulk_transition(
    *, submissions: Iterable[Submission], by: User, action: str, comment: str = ""
) -> tuple[list[Submission], list[tuple[Submission, str]]]:
    """The same review step on several items, each checked and recorded on its own, in its own
    transaction (one failing item does not stop the others, and none is left half-way). With
    ``workflow.BULK_PUBLISH`` each item takes the row that publishes it from its state (approved:
    publish; waiting: approve and publish). Returns (done, [(item, why not)])."""
    if action not in (*workflow.BULK_ACTIONS, workflow.BULK_PUBLISH):
        raise ValueError(f"{action!r} is not a bulk action.")
    done, failed = [], []
    for submission in submissions:
        step = workflow.publish_action(submission.state) if action == workflow.BULK_PUBLISH else action
        try:
            done.append(submission_transition(submission=submission, by=by, action=step, comment=comment))
        except TransitionNotAllowed as exc:
            failed.append((submission, exc.message))
        except PermissionDenied:
            failed.append((submission, _("You may not do this.")))
    return done, failed


def bulk_preview(*, submissions: Iterable[Submission], by: User, action: str) -> list[tuple[Submission, str, str]]:
    """What ``bulk_transition`` would do to each item now, without writing: (item, the step's
    label, "") when it may be done, (item, "", why not) when not. For the confirmation page."""
    preview = []
    for submission in submissions:
        step = workflow.publish_action(submission.state) if action == workflow.BULK_PUBLISH else action
        try:
            transition = check(submission, step, by, comment="")
        except TransitionNotAllowed as exc:
            preview.append((submission, "", exc.message))
        except PermissionDenied:
            preview.append((submission, "", _("You may not do this.")))
        else:
            preview.append((submission, _(transition.spec.label), ""))
    return preview
