"""The review workflow: one table of (state, action) -> (roles allowed, next state), checked by one
function. Services call :func:`check_transition` before every change of an item's state.

Unit roles act only on their own unit's items and editors only on their committee's; that is the
job of ``submissions.access``, which loads the item. This module answers the remaining question:
may this role do this action in this state, and what state follows?
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from portal.models import Role, User
from submissions.models import Submission

S = Submission.State
UNIT = frozenset({Role.CORRESPONDENT, Role.UNIT_LEAD})
EDITORS = frozenset({Role.EDITOR, Role.ADMIN})


class Action:
    SUBMIT = "submit"
    RESUBMIT = "resubmit"
    WITHDRAW = "withdraw"
    CLAIM = "claim"
    TAKE_OVER = "take_over"
    RELEASE = "release"
    REQUEST_CHANGES = "request_changes"
    APPROVE = "approve"
    REJECT = "reject"
    EDIT_COPY = "edit_copy"
    SCHEDULE = "schedule"
    UNSCHEDULE = "unschedule"
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    REPUBLISH = "republish"


ACTION_LABELS = {
    Action.SUBMIT: _("submitted"),
    Action.RESUBMIT: _("resubmitted"),
    Action.WITHDRAW: _("withdrew"),
    Action.CLAIM: _("claimed for review"),
    Action.TAKE_OVER: _("took over the review"),
    Action.RELEASE: _("released the item"),
    Action.REQUEST_CHANGES: _("requested changes"),
    Action.APPROVE: _("approved"),
    Action.REJECT: _("rejected"),
    Action.EDIT_COPY: _("edited the copy"),
    Action.SCHEDULE: _("scheduled publishing"),
    Action.UNSCHEDULE: _("cancelled the scheduled publishing"),
    Action.PUBLISH: _("published"),
    Action.UNPUBLISH: _("unpublished"),
    Action.REPUBLISH: _("published again"),
    "accept_photo": _("accepted a photo"),
}


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    roles: frozenset[str]
    next_state: str
    # Editors' actions on an item held by another editor need an explicit take-over first.
    needs_hold: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.DRAFT, Action.SUBMIT, UNIT, S.SUBMITTED),
    Transition(S.CHANGES_REQUESTED, Action.RESUBMIT, UNIT, S.SUBMITTED),
    # A unit may take its item back before an editor starts reviewing it, or instead of revising it.
    Transition(S.SUBMITTED, Action.WITHDRAW, UNIT, S.WITHDRAWN),
    Transition(S.CHANGES_REQUESTED, Action.WITHDRAW, UNIT, S.WITHDRAWN),
    Transition(S.SUBMITTED, Action.CLAIM, EDITORS, S.IN_REVIEW),
    Transition(S.IN_REVIEW, Action.TAKE_OVER, EDITORS, S.IN_REVIEW),
    Transition(S.IN_REVIEW, Action.RELEASE, EDITORS, S.SUBMITTED, needs_hold=True),
    # Approve, request changes and reject work on a claimed item, or straight from the queue
    # (bulk actions), which claims it implicitly.
    Transition(S.SUBMITTED, Action.REQUEST_CHANGES, EDITORS, S.CHANGES_REQUESTED),
    Transition(S.IN_REVIEW, Action.REQUEST_CHANGES, EDITORS, S.CHANGES_REQUESTED, needs_hold=True),
    Transition(S.SUBMITTED, Action.APPROVE, EDITORS, S.APPROVED),
    Transition(S.IN_REVIEW, Action.APPROVE, EDITORS, S.APPROVED, needs_hold=True),
    Transition(S.SUBMITTED, Action.REJECT, EDITORS, S.REJECTED),
    Transition(S.IN_REVIEW, Action.REJECT, EDITORS, S.REJECTED, needs_hold=True),
    Transition(S.APPROVED, Action.REJECT, EDITORS, S.REJECTED),
    Transition(S.IN_REVIEW, Action.EDIT_COPY, EDITORS, S.IN_REVIEW, needs_hold=True),
    Transition(S.APPROVED, Action.EDIT_COPY, EDITORS, S.APPROVED),
    Transition(S.APPROVED, Action.SCHEDULE, EDITORS, S.APPROVED),
    Transition(S.APPROVED, Action.UNSCHEDULE, EDITORS, S.APPROVED),
    Transition(S.APPROVED, Action.PUBLISH, EDITORS, S.PUBLISHED),
    Transition(S.PUBLISHED, Action.UNPUBLISH, EDITORS, S.UNPUBLISHED),
    Transition(S.UNPUBLISHED, Action.REPUBLISH, EDITORS, S.PUBLISHED),
)

_BY_KEY = {(t.state, t.action): t for t in TRANSITIONS}
_ROLES_BY_ACTION: dict[str, frozenset[str]] = {}
for _t in TRANSITIONS:
    _ROLES_BY_ACTION[_t.action] = _ROLES_BY_ACTION.get(_t.action, frozenset()) | _t.roles


class TransitionNotAllowed(Exception):
    """The action does not apply in the item's current state, or the item is held by someone else
    (HTTP 409). ``message`` is shown to the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


def _role(user: User | None) -> str | None:
    if user is None:
        return None  # the system (a scheduled task)
    return Role.ADMIN if user.is_superuser else user.role


def check_transition(submission: Submission, action: str, user: User | None) -> Transition:
    """The transition ``user`` makes with ``action`` on ``submission``, or an exception:
    PermissionDenied when the role may never do this action (403), TransitionNotAllowed when the
    item's state or its holder forbids it now (409). ``user=None`` is the system (scheduled publishing).
    """
    role = _role(user)
    if role is not None and role not in _ROLES_BY_ACTION.get(action, frozenset()):
        raise PermissionDenied
    transition = _BY_KEY.get((submission.state, action))
    if transition is None:
        raise TransitionNotAllowed(
            str(_("This cannot be done while the item is “%(state)s”.")) % {"state": submission.get_state_display()}
        )
    if role is not None and role not in transition.roles:
        raise PermissionDenied
    if (
        user is not None
        and transition.needs_hold
        and submission.held_by_id is not None
        and submission.held_by_id != user.pk
    ):
        raise TransitionNotAllowed(
            str(_("%(name)s is reviewing this item. Take it over first if you need to act on it."))
            % {"name": submission.held_by}
        )
    return transition


def allowed_actions(submission: Submission, user: User) -> set[str]:
    """The actions ``user`` could take on ``submission`` right now (for showing buttons)."""
    result = set()
    for (state, action), _transition in _BY_KEY.items():
        if state != submission.state:
            continue
        try:
            check_transition(submission, action, user)
        except (PermissionDenied, TransitionNotAllowed):
            continue
        result.add(action)
    if Action.TAKE_OVER in result and submission.held_by_id in (None, user.pk):
        result.discard(Action.TAKE_OVER)
    return result
