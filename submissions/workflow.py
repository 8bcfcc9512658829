"""The review workflow of an item, as one table. Plain Python (no Django): it can be read and tested alone.

``ACTIONS`` says what each action does wherever it applies: the input it takes, its side effects
(the holder, the reviewed-version mark, the publishing time), whether a comment is required, the
message to the author and the words on its button and in the history. ``TRANSITIONS`` says where it
applies: from which state, for which role group (``portal.roles``), to which state, and whether an
editor must hold the item. :func:`check` answers one question: may this role take this action on
this item now? It returns the row, or the reason why not (:class:`Refusal`), which the service maps
to 403 or 409 with a message. The services apply a row generically; the item page, the review
queue's bulk actions and the history read their buttons and labels here.

Unit roles act only on their own unit's items and editors only on their committee's; that is the
job of ``submissions.access``, which loads the item before anything asks this module.

Strings are English msgids marked with :func:`_` (a no-op, so ``makemessages`` collects them);
the Django side translates them when it shows them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from portal import roles


def _(message: str) -> str:
    """Mark ``message`` for translation without translating it here (the callers translate)."""
    return message


class State:
    """The states of an item (the values of ``submissions.models.Submission.State``)."""

    DRAFT = "draft"
    SUBMITTED = "submitted"
    IN_REVIEW = "in_review"
    CHANGES_REQUESTED = "changes_requested"
    APPROVED = "approved"
    PUBLISHED = "published"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    UNPUBLISHED = "unpublished"
    DELETED = "deleted"  # a draft its unit deleted: hidden everywhere, the row and its history kept


# The states in which the unit may still change its item.
EDITABLE_BY_UNIT = frozenset({State.DRAFT, State.CHANGES_REQUESTED})


class Input(enum.Enum):
    """What the action takes besides a click, which decides its form and the service that applies it."""

    NONE = "none"  # a button (the generic service)
    COMMENT = "comment"  # a button in the review form with its comment (the generic service)
    DRAFT = "draft"  # the unit's edit page: the item must be complete (``submission_submit``)
    COPY = "copy"  # the editor's copy-edit page: a new version (``submission_edit_copy``)
    PUBLISH_AT = "publish_at"  # a date and time (``submission_schedule``)


class Holder(enum.Enum):
    KEEP = "keep"
    SET = "set"  # the acting editor now holds the item
    CLEAR = "clear"  # nobody holds it


class Publishing(enum.Enum):
    KEEP = "keep"
    PUBLISH = "publish"  # first publishing time set (kept when published again), schedule cleared
    CLEAR_SCHEDULE = "clear_schedule"  # the scheduled publishing time cleared


@dataclass(frozen=True)
class ActionSpec:
    name: str
    label: str  # the button
    done: str  # the history and the confirmation ("Done: approved.")
    input: Input = Input.NONE
    tone: str = "outline-secondary"  # the button's colour (Bootstrap)
    holder: Holder = Holder.KEEP
    marks_reviewed: bool = False  # the item's current version becomes the one last reviewed
    publishing: Publishing = Publishing.KEEP
    comment_required: bool = False
    bulk: bool = False  # offered for several items at once in the review queue
    only_when_scheduled: bool = False  # applies only while a publishing time is set
    # Returning or rejecting "as a duplicate": offered only while the item is marked as a possible
    # duplicate, and it records the editor's verdict on the mark (the department counts these).
    as_duplicate: bool = False
    # A shortcut of several rows taken one after the other (approve, then publish): each step is
    # checked before anything is written, then applied, recorded and notified as if taken alone.
    steps: tuple[str, ...] = ()
    # Not while the item is marked as a possible duplicate: the editor decides on the mark first.
    needs_no_duplicate_mark: bool = False
    # Asked again before it is done ("Are you sure?"), with %(title)s.
    confirm: str = ""
    to_author: str = ""  # notification to the author, with %(title)s; the comment follows it
    to_editors: str = ""  # notification to the committee's editors, with %(unit)s and %(title)s
    to_previous_holder: str = ""  # notification to the editor who held it, with %(name)s and %(title)s


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
    RETURN_AS_DUPLICATE = "return_duplicate"
    REJECT_AS_DUPLICATE = "reject_duplicate"
    DELETE = "delete"
    APPROVE_PUBLISH = "approve_publish"


_PUBLISHED_MESSAGE = _("“%(title)s” was published on the news site.")

ACTIONS: dict[str, ActionSpec] = {
    spec.name: spec
    for spec in (
        ActionSpec(
            Action.SUBMIT, _("Submit"), _("submitted"), input=Input.DRAFT, holder=Holder.CLEAR,
            to_editors=_("New item from %(unit)s: “%(title)s”"),
        ),
        ActionSpec(
            Action.RESUBMIT, _("Submit again"), _("resubmitted"), input=Input.DRAFT, holder=Holder.CLEAR,
            to_editors=_("Revised item from %(unit)s: “%(title)s”"),
        ),
        ActionSpec(Action.CLAIM, _("Claim for review"), _("claimed for review"), tone="primary", holder=Holder.SET),
        ActionSpec(
            Action.TAKE_OVER, _("Take over from %(name)s"), _("took over the review"), tone="outline-danger",
            holder=Holder.SET, to_previous_holder=_("%(name)s took over the review of “%(title)s”."),
        ),
        ActionSpec(Action.RELEASE, _("Release"), _("released the item"), holder=Holder.CLEAR),
        ActionSpec(Action.EDIT_COPY, _("Edit copy"), _("edited the copy"), input=Input.COPY, tone="outline-primary"),
        ActionSpec(Action.PUBLISH, _("Publish now"), _("published"), tone="success", publishing=Publishing.PUBLISH,
                   to_author=_PUBLISHED_MESSAGE),
        ActionSpec(
            Action.UNSCHEDULE, _("Cancel the scheduled publishing"), _("cancelled the scheduled publishing"),
            publishing=Publishing.CLEAR_SCHEDULE, only_when_scheduled=True,
        ),
        ActionSpec(Action.UNPUBLISH, _("Unpublish"), _("unpublished"), tone="outline-danger",
                   to_author=_("“%(title)s” was taken off the news site."),
                   confirm=_("“%(title)s” will be taken off the news site at once: readers will no longer find it. "
                             "It can be published again later.")),
        ActionSpec(Action.REPUBLISH, _("Publish again"), _("published again"), tone="success",
                   publishing=Publishing.PUBLISH, to_author=_PUBLISHED_MESSAGE),
        ActionSpec(Action.WITHDRAW, _("Withdraw"), _("withdrew"), tone="outline-danger", holder=Holder.CLEAR),
        ActionSpec(Action.DELETE, _("Delete the draft"), _("deleted the draft"), tone="outline-danger"),
        ActionSpec(Action.SCHEDULE, _("Schedule"), _("scheduled publishing"), input=Input.PUBLISH_AT,
                   tone="outline-success"),
        ActionSpec(
            Action.APPROVE, _("Approve"), _("approved"), input=Input.COMMENT, tone="success", holder=Holder.CLEAR,
            marks_reviewed=True, bulk=True, to_author=_("“%(title)s” was approved."),
        ),
        ActionSpec(
            Action.APPROVE_PUBLISH, _("Approve and publish"), _("approved and published"), input=Input.COMMENT,
            tone="success", steps=(Action.APPROVE, Action.PUBLISH), needs_no_duplicate_mark=True,
        ),
        ActionSpec(
            Action.REQUEST_CHANGES, _("Request changes"), _("requested changes"), input=Input.COMMENT,
            tone="warning", holder=Holder.CLEAR, marks_reviewed=True, comment_required=True, bulk=True,
            to_author=_("The editorial board asks for changes to “%(title)s”."),
        ),
        ActionSpec(
            Action.REJECT, _("Reject"), _("rejected"), input=Input.COMMENT, tone="outline-danger",
            holder=Holder.CLEAR, marks_reviewed=True, publishing=Publishing.CLEAR_SCHEDULE, comment_required=True,
            bulk=True, to_author=_("“%(title)s” was rejected."),
        ),
        ActionSpec(
            Action.RETURN_AS_DUPLICATE, _("Return as a duplicate"), _("returned as a duplicate"), input=Input.COMMENT,
            tone="warning", holder=Holder.CLEAR, marks_reviewed=True, comment_required=True, as_duplicate=True,
            to_author=_("The editorial board returned “%(title)s”: it repeats an earlier item or reuses its photo."),
        ),
        ActionSpec(
            Action.REJECT_AS_DUPLICATE, _("Reject as a duplicate"), _("rejected as a duplicate"), input=Input.COMMENT,
            tone="outline-danger", holder=Holder.CLEAR, marks_reviewed=True, publishing=Publishing.CLEAR_SCHEDULE,
            comment_required=True, as_duplicate=True,
            to_author=_("“%(title)s” was rejected: it repeats an earlier item or reuses its photo."),
        ),
    )
}  # fmt: skip

# The actions by which an editor confirms a possible duplicate (the department's dashboard counts them).
DUPLICATE_ACTIONS = tuple(name for name, spec in ACTIONS.items() if spec.as_duplicate)
DISMISS_DUPLICATE = "dismiss_duplicate"
CORRECT_EVENT_DATE = "correct_event_date"

# Steps recorded in an item's history that are not transitions of the table.
RECORDED_ONLY = {
    "accept_photo": _("accepted a photo"),
    DISMISS_DUPLICATE: _("cleared the duplicate mark"),
    CORRECT_EVENT_DATE: _("corrected the event date"),
}


# What a recorded step did to the version it names, to name the versions when they are compared
# ("v2: submitted 03/03 by …, returned 04/03 by …").
VERSION_EVENTS = {
    Action.SUBMIT: _("submitted"),
    Action.RESUBMIT: _("submitted again"),
    Action.EDIT_COPY: _("copy edited"),
    Action.REQUEST_CHANGES: _("returned for changes"),
    Action.RETURN_AS_DUPLICATE: _("returned as a duplicate"),
    Action.APPROVE: _("approved"),
    Action.REJECT: _("rejected"),
    Action.REJECT_AS_DUPLICATE: _("rejected as a duplicate"),
    Action.PUBLISH: _("published"),
    Action.REPUBLISH: _("published again"),
    Action.UNPUBLISH: _("unpublished"),
}


def done_label(action: str) -> str:
    """The msgid that names a recorded step in an item's history ("approved"); the action itself
    for a step this table does not know."""
    spec = ACTIONS.get(action)
    return spec.done if spec else RECORDED_ONLY.get(action, action)


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    group: frozenset[str]
    next_state: str
    # Editors' actions on an item held by another editor need an explicit take-over first.
    needs_hold: bool = False

    @property
    def spec(self) -> ActionSpec:
        return ACTIONS[self.action]


S, UNIT, EDITORIAL = State, roles.UNIT, roles.EDITORIAL

TRANSITIONS: tuple[Transition, ...] = (
    Transition(S.DRAFT, Action.SUBMIT, UNIT, S.SUBMITTED),
    Transition(S.CHANGES_REQUESTED, Action.RESUBMIT, UNIT, S.SUBMITTED),
    Transition(S.SUBMITTED, Action.CLAIM, EDITORIAL, S.IN_REVIEW),
    Transition(S.IN_REVIEW, Action.TAKE_OVER, EDITORIAL, S.IN_REVIEW),
    Transition(S.IN_REVIEW, Action.RELEASE, EDITORIAL, S.SUBMITTED, needs_hold=True),
    Transition(S.IN_REVIEW, Action.EDIT_COPY, EDITORIAL, S.IN_REVIEW, needs_hold=True),
    Transition(S.APPROVED, Action.EDIT_COPY, EDITORIAL, S.APPROVED),
    Transition(S.APPROVED, Action.PUBLISH, EDITORIAL, S.PUBLISHED),
    Transition(S.APPROVED, Action.UNSCHEDULE, EDITORIAL, S.APPROVED),
    Transition(S.PUBLISHED, Action.UNPUBLISH, EDITORIAL, S.UNPUBLISHED),
    Transition(S.UNPUBLISHED, Action.REPUBLISH, EDITORIAL, S.PUBLISHED),
    # A unit may take its item back before an editor starts reviewing it, or instead of revising it.
    Transition(S.SUBMITTED, Action.WITHDRAW, UNIT, S.WITHDRAWN),
    Transition(S.CHANGES_REQUESTED, Action.WITHDRAW, UNIT, S.WITHDRAWN),
    # A draft never sent can be deleted by its unit (soft: the row and its history stay).
    Transition(S.DRAFT, Action.DELETE, UNIT, S.DELETED),
    Transition(S.APPROVED, Action.SCHEDULE, EDITORIAL, S.APPROVED),
    # Approve, request changes and reject work on a claimed item, or straight from the queue
    # (bulk actions), which claims it implicitly.
    Transition(S.SUBMITTED, Action.APPROVE, EDITORIAL, S.APPROVED),
    Transition(S.IN_REVIEW, Action.APPROVE, EDITORIAL, S.APPROVED, needs_hold=True),
    # The editor's shortcut: approve and publish in one click (two steps in the history).
    Transition(S.SUBMITTED, Action.APPROVE_PUBLISH, EDITORIAL, S.PUBLISHED),
    Transition(S.IN_REVIEW, Action.APPROVE_PUBLISH, EDITORIAL, S.PUBLISHED, needs_hold=True),
    Transition(S.SUBMITTED, Action.REQUEST_CHANGES, EDITORIAL, S.CHANGES_REQUESTED),
    Transition(S.IN_REVIEW, Action.REQUEST_CHANGES, EDITORIAL, S.CHANGES_REQUESTED, needs_hold=True),
    Transition(S.SUBMITTED, Action.REJECT, EDITORIAL, S.REJECTED),
    Transition(S.IN_REVIEW, Action.REJECT, EDITORIAL, S.REJECTED, needs_hold=True),
    Transition(S.APPROVED, Action.REJECT, EDITORIAL, S.REJECTED),
    Transition(S.SUBMITTED, Action.RETURN_AS_DUPLICATE, EDITORIAL, S.CHANGES_REQUESTED),
    Transition(S.IN_REVIEW, Action.RETURN_AS_DUPLICATE, EDITORIAL, S.CHANGES_REQUESTED, needs_hold=True),
    Transition(S.SUBMITTED, Action.REJECT_AS_DUPLICATE, EDITORIAL, S.REJECTED),
    Transition(S.IN_REVIEW, Action.REJECT_AS_DUPLICATE, EDITORIAL, S.REJECTED, needs_hold=True),
    Transition(S.APPROVED, Action.REJECT_AS_DUPLICATE, EDITORIAL, S.REJECTED),
)

_BY_KEY = {(t.state, t.action): t for t in TRANSITIONS}
_GROUP_BY_ACTION: dict[str, frozenset[str]] = {}
for _t in TRANSITIONS:
    _GROUP_BY_ACTION[_t.action] = _GROUP_BY_ACTION.get(_t.action, frozenset()) | _t.group

BULK_ACTIONS = tuple(name for name, spec in ACTIONS.items() if spec.bulk)
# Publishing several items from the review queue: each one takes the row that publishes it from
# where it is (an approved item is published; a waiting one is approved and published).
BULK_PUBLISH = "bulk_publish"


def publish_action(state: str) -> str:
    """The action that publishes an item in ``state`` from the review queue."""
    return Action.PUBLISH if state == State.APPROVED else Action.APPROVE_PUBLISH


def submit_action(state: str) -> str:
    """The action that sends an item in ``state`` to the editorial board (submit, or resubmit)."""
    return next((t.action for t in TRANSITIONS if t.state == state and t.spec.input is Input.DRAFT), Action.SUBMIT)


class Refusal(enum.Enum):
    """Why an action cannot be taken: FORBIDDEN is 403 (the role may never do it), the others 409."""

    FORBIDDEN = "forbidden"
    WRONG_STATE = "wrong_state"
    HELD_BY_OTHER = "held_by_other"
    COMMENT_MISSING = "comment_missing"
    DUPLICATE_UNDECIDED = "duplicate_undecided"


class TransitionNotAllowed(Exception):
    """An action the item's state, its holder or the missing comment forbids now (HTTP 409);
    ``message`` is shown to the user, ``refusal`` says why."""

    def __init__(self, message: str, refusal: Refusal = Refusal.WRONG_STATE) -> None:
        super().__init__(message)
        self.message = message
        self.refusal = refusal


@dataclass(frozen=True)
class Item:
    """What the table needs to know of an item."""

    state: str
    holder_id: int | None = None
    scheduled: bool = False
    duplicate_suspected: bool = False


def check(
    item: Item, action: str, role: str | None, *, user_id: int | None = None, comment: str | None = None
) -> Transition | Refusal:
    """The row for ``role`` taking ``action`` on ``item``, or why not. ``role=None`` is the system
    (scheduled publishing), which every row allows. ``comment=None`` skips the comment check (for
    showing buttons)."""
    if role is not None and role not in _GROUP_BY_ACTION.get(action, frozenset()):
        return Refusal.FORBIDDEN
    transition = _BY_KEY.get((item.state, action))
    if transition is None or (transition.spec.only_when_scheduled and not item.scheduled):
        return Refusal.WRONG_STATE
    if transition.spec.as_duplicate and not item.duplicate_suspected:
        return Refusal.WRONG_STATE
    if role is not None and role not in transition.group:
        return Refusal.FORBIDDEN
    if user_id is not None and transition.needs_hold and item.holder_id not in (None, user_id):
        return Refusal.HELD_BY_OTHER
    if comment is not None and transition.spec.comment_required and not comment.strip():
        return Refusal.COMMENT_MISSING
    if transition.spec.needs_no_duplicate_mark and item.duplicate_suspected:
        return Refusal.DUPLICATE_UNDECIDED
    for step in transition.spec.steps:  # a shortcut: every step must be allowed, one after the other
        row = check(item, step, role, user_id=user_id, comment="" if comment is not None else None)
        if not isinstance(row, Transition):
            return row
        item = Item(
            state=row.next_state,
            holder_id=None if row.spec.holder is Holder.CLEAR else item.holder_id,
            scheduled=item.scheduled,
            duplicate_suspected=item.duplicate_suspected,
        )
    return transition


def allowed_actions(item: Item, role: str | None, *, user_id: int | None) -> list[Transition]:
    """The rows ``role`` could take on ``item`` now, in the table's order (for showing buttons).
    Taking over is offered only for an item another editor holds."""
    allowed = []
    for transition in TRANSITIONS:
        if transition.state != item.state:
            continue
        if transition.action == Action.TAKE_OVER and item.holder_id in (None, user_id):
            continue
        if isinstance(check(item, transition.action, role, user_id=user_id), Transition):
            allowed.append(transition)
    return allowed
