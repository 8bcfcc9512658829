"""What every write on items shares: the workflow check mapped to HTTP answers, the side effects of
a row, the unit-member guard, the history, the versions and the notifications."""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from portal import audit, roles
from portal.models import User
from portal.notifications import notify_each
from submissions import workflow
from submissions.models import DuplicateStatus, ReviewAction, Submission, SubmissionVersion
from submissions.workflow import Holder, Publishing, Refusal, Transition, TransitionNotAllowed


class EditConflict(Exception):
    """Someone saved the item after the form was drawn (its ``lock_version`` moved on). ``current``
    is the item as saved now; nothing was written."""

    def __init__(self, current: Submission) -> None:
        super().__init__(f"item {current.pk} is at version {current.lock_version}")
        self.current = current


def require_lock_version(submission: Submission, expected: int | None) -> None:
    """EditConflict unless ``submission`` (locked for update) is still at ``expected`` (None: no check)."""
    if expected is not None and submission.lock_version != expected:
        raise EditConflict(submission)


def item_facts(submission: Submission) -> workflow.Item:
    return workflow.Item(
        state=submission.state,
        holder_id=submission.held_by_id,
        scheduled=submission.publish_at is not None,
        duplicate_suspected=submission.duplicate_status == DuplicateStatus.SUSPECTED,
    )


def check(submission: Submission, action: str, by: User | None, *, comment: str | None = None) -> Transition:
    """The workflow row ``by`` takes with ``action`` on ``submission``: PermissionDenied (403) when the
    role may never do it, TransitionNotAllowed (409, with why) when the item's state, its holder or
    a missing comment forbids it now. ``by=None`` is the system (scheduled publishing)."""
    result = workflow.check(
        item_facts(submission),
        action,
        roles.effective_role(by) if by is not None else roles.SYSTEM,
        user_id=by.pk if by is not None else None,
        comment=comment,
    )
    if isinstance(result, Transition):
        return result
    if result is Refusal.FORBIDDEN:
        raise PermissionDenied
    raise TransitionNotAllowed(_refusal_message(result, submission), result)


def _refusal_message(refusal: Refusal, submission: Submission) -> str:
    if refusal is Refusal.HELD_BY_OTHER:
        return _("%(name)s is reviewing this item. Take it over first if you need to act on it.") % {
            "name": submission.held_by
        }
    if refusal is Refusal.COMMENT_MISSING:
        return _("Write a comment for the unit: say what to change or why.")
    if refusal is Refusal.DUPLICATE_UNDECIDED:
        return _("The item is marked as a possible duplicate: decide on the mark before publishing it.")
    return _("This cannot be done while the item is “%(state)s”.") % {"state": submission.get_state_display()}


def apply_effects(submission: Submission, transition: Transition, by: User | None, now: datetime.datetime) -> None:
    """Set what the row says on ``submission`` (not saved): the holder, the reviewed mark, the
    publishing times and the next state."""
    spec = transition.spec
    if spec.holder is Holder.SET:
        submission.held_by, submission.held_since = by, now
    elif spec.holder is Holder.CLEAR:
        submission.held_by, submission.held_since = None, None
    if spec.marks_reviewed:
        submission.reviewed_version = submission.version_count or None
    if spec.publishing is Publishing.PUBLISH:
        # published_at keeps the FIRST publishing time: republishing after a correction does not
        # move the item to the top of the site again. (Quotas count by quota_month, not by this.)
        submission.published_at = submission.published_at or now
        submission.publish_at = None
    elif spec.publishing is Publishing.CLEAR_SCHEDULE:
        submission.publish_at = None
    if spec.as_duplicate:
        submission.duplicate_status = DuplicateStatus.CONFIRMED
    submission.state = transition.next_state
    submission.lock_version += 1


def require_unit_member(submission: Submission, by: User) -> None:
    if not roles.in_group(by, roles.UNIT) or by.unit_id != submission.unit_id:
        raise PermissionDenied


def require_editable(submission: Submission) -> None:
    if submission.state not in workflow.EDITABLE_BY_UNIT:
        raise TransitionNotAllowed(
            _("The item is “%(state)s” and can no longer be changed by its unit.")
            % {"state": submission.get_state_display()}
        )


def snapshot(submission: Submission, by: User, reason: str) -> SubmissionVersion:
    """Keep the item as it is now as its next version."""
    submission.version_count += 1
    photos = [
        {"id": p.pk, "caption": p.caption, "credit": p.credit, "sha256": p.sha256, "verdict": p.verdict}
        for p in submission.photos.filter(removed=False)
    ]
    return SubmissionVersion.objects.create(
        submission=submission,
        number=submission.version_count,
        reason=reason,
        created_by=by,
        kind=submission.kind,
        title=submission.title,
        summary=submission.summary,
        body=submission.body,
        topic_name=submission.topic.name if submission.topic_id else "",
        event_date=submission.event_date,
        event_place=submission.event_place,
        photos=photos,
    )


def record(
    submission: Submission,
    by: User | None,
    action: str,
    from_state: str,
    to_state: str,
    comment: str = "",
    version_number: int | None = None,
) -> ReviewAction:
    """Record one step in the item's history and in the audit trail (with who, when, from where)."""
    event = {workflow.Action.PUBLISH: audit.Event.PUBLISH, workflow.Action.REPUBLISH: audit.Event.PUBLISH,
             workflow.Action.UNPUBLISH: audit.Event.UNPUBLISH}.get(action, audit.Event.REVIEW)  # fmt: skip
    audit.record(
        event=event,
        actor=by,
        target=submission,
        summary=f"{action}: {from_state} → {to_state}",
        details={"action": action, "from": from_state, "to": to_state, "comment": comment[:1000],
                 "version": version_number},
    )  # fmt: skip
    return ReviewAction.objects.create(
        submission=submission,
        actor=by,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        version_number=version_number,
    )


def editors_of(submission: Submission) -> list[User]:
    return list(User.objects.filter(committee_id=submission.committee_id, role=roles.RoleName.EDITOR, is_active=True))


def send(
    *, recipients: Iterable[User], actor: User | None, kind: str, message: Callable[[], str], url: str, email: bool
) -> None:
    """Notify each recipient in their own language; ``email`` False: in the page only (a digest mails it)."""
    notify_each(
        recipients, actor=actor, kind=kind, message=message, url=url, email_template="notification" if email else None
    )
