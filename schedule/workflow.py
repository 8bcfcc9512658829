"""The states of a month of the radio-TV column / newspaper page, as one explicit table.

Plain Python (no Django): ``schedule.services.column_month_transition`` checks every change here
and records it. Only the propaganda department (and administrators) move a month; the unit's lead
registers and appoints staff, which does not change the state.

    state        action      next state   needs
    suggested    agree       agreed       the agreed content
    rescheduled  agree       agreed       the agreed content
    agreed       produce     produced
    produced     air         aired        the air or print date
    suggested    reschedule  rescheduled  a comment (why)
    agreed       reschedule  rescheduled  a comment
    produced     reschedule  rescheduled  a comment
    rescheduled  reopen      suggested
"""

from __future__ import annotations

from dataclasses import dataclass

SUGGESTED, AGREED, PRODUCED, AIRED, RESCHEDULED = "suggested", "agreed", "produced", "aired", "rescheduled"
DEPARTMENT = frozenset({"propaganda", "admin"})


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    next_state: str
    roles: frozenset[str] = DEPARTMENT
    needs_content: bool = False
    needs_air_date: bool = False
    needs_comment: bool = False


TRANSITIONS: tuple[Transition, ...] = (
    Transition(SUGGESTED, "agree", AGREED, needs_content=True),
    Transition(RESCHEDULED, "agree", AGREED, needs_content=True),
    Transition(AGREED, "produce", PRODUCED),
    Transition(PRODUCED, "air", AIRED, needs_air_date=True),
    Transition(SUGGESTED, "reschedule", RESCHEDULED, needs_comment=True),
    Transition(AGREED, "reschedule", RESCHEDULED, needs_comment=True),
    Transition(PRODUCED, "reschedule", RESCHEDULED, needs_comment=True),
    Transition(RESCHEDULED, "reopen", SUGGESTED),
)

ACTIONS: tuple[str, ...] = ("agree", "produce", "air", "reschedule", "reopen")


class TransitionNotAllowed(Exception):
    """The action does not apply to the month's state, or the role may not take it."""


def find_transition(state: str, action: str, role: str) -> Transition:
    """The transition for ``action`` from ``state`` by ``role``; raises TransitionNotAllowed."""
    for transition in TRANSITIONS:
        if transition.state == state and transition.action == action:
            if role not in transition.roles:
                raise TransitionNotAllowed(f"{role} may not {action}")
            return transition
    raise TransitionNotAllowed(f"{action} does not apply to {state}")


def available_actions(state: str, role: str) -> list[Transition]:
    """The transitions ``role`` may take from ``state``, in the table's order."""
    return [t for t in TRANSITIONS if t.state == state and role in t.roles]
