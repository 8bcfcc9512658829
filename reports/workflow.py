"""The periodic report workflow: one table of (state, action) -> (role group, next state), checked
by one function. Plain Python: no Django.

    draft --submit--> submitted --accept--> accepted
                      submitted --return (comment)--> returned --resubmit--> submitted

Unit roles act only on their own unit's reports and the city's propaganda department only on its
committee's: that is ``reports.access``'s job. This module answers: may this role do this action in
this state, what state follows, and must the actor say why?
"""

from __future__ import annotations

from dataclasses import dataclass

from portal.roles import DEPARTMENT, UNIT


class State:
    DRAFT = "draft"
    SUBMITTED = "submitted"
    RETURNED = "returned"
    ACCEPTED = "accepted"


class Action:
    SUBMIT = "submit"
    RESUBMIT = "resubmit"
    ACCEPT = "accept"
    RETURN = "return"


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    roles: frozenset[str]
    next_state: str
    comment_required: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(State.DRAFT, Action.SUBMIT, UNIT, State.SUBMITTED),
    Transition(State.SUBMITTED, Action.ACCEPT, DEPARTMENT, State.ACCEPTED),
    Transition(State.SUBMITTED, Action.RETURN, DEPARTMENT, State.RETURNED, comment_required=True),
    Transition(State.RETURNED, Action.RESUBMIT, UNIT, State.SUBMITTED),
)

# The unit may change the report's text only while it holds the report.
EDITABLE_STATES = frozenset({State.DRAFT, State.RETURNED})
# Reports the city counts as filed.
FILED_STATES = frozenset({State.SUBMITTED, State.ACCEPTED})


class TransitionRefused(Exception):
    """The role may not take this action in this state, or a required comment is missing."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason  # "not_allowed" | "comment_required"


def find(state: str, action: str) -> Transition | None:
    return next((t for t in TRANSITIONS if t.state == state and t.action == action), None)


def check(state: str, action: str, role: str | None, *, comment: str = "") -> Transition:
    """The transition for ``action`` in ``state`` by ``role``; raises TransitionRefused otherwise."""
    transition = find(state, action)
    if transition is None or role is None or role not in transition.roles:
        raise TransitionRefused("not_allowed")
    if transition.comment_required and not comment.strip():
        raise TransitionRefused("comment_required")
    return transition


def available(state: str, role: str | None) -> list[Transition]:
    """The actions ``role`` may take in ``state``, in table order."""
    return [t for t in TRANSITIONS if t.state == state and role is not None and role in t.roles]
