"""The editorial board's review steps (and the unit's withdrawal), applied generically from the
workflow table: one row says what changes, who is told, and whether a comment is needed."""

from __future__ import annotations

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
    and notify the people the row names. ``by=None`` is the system (scheduled publishing)."""
    spec = workflow.ACTIONS.get(action)
    if spec is None or spec.input not in GENERIC_INPUTS:
        raise ValueError(f"{action!r} is not a step of the generic service.")
    submission = Submission.objects.select_for_update().select_related("unit", "author").get(pk=submission.pk)
    if by is not None and roles.in_group(by, roles.UNIT):
        require_unit_member(submission, by)
    comment = comment.strip()
    transition = check(submission, action, by, comment=comment)
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
    """The same review step on several items, each checked and recorded on its own (one failing
    item does not stop the others). Returns (done, [(item, why not)])."""
    if action not in workflow.BULK_ACTIONS:
        raise ValueError(f"{action!r} is not a bulk action.")
    done, failed = [], []
    for submission in submissions:
        try:
            done.append(submission_transition(submission=submission, by=by, action=action, comment=comment))
        except TransitionNotAllowed as exc:
            failed.append((submission, exc.message))
        except PermissionDenied:
            failed.append((submission, _("You may not do this.")))
    return done, failed
