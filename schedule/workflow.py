"""The states of a month of the radio-TV column / newspaper page, as one explicit table.

Plain Python (no Django): ``schedule.services.column_month_transition`` checks every change with
:func:`check` and applies the row generically: it asks for what the row ``needs`` and moves the
month to the next state. Only the department group of ``portal.roles`` moves a month; the unit's
lead registers and appoints staff, which does not change the state.

    state        action      next state   needs
    suggested    agree       agreed       the agreed content and the agreed air or print date
    rescheduled  agree       agreed       the agreed content and the agreed air or print date
    agreed       amend       agreed       the agreed content and the agreed air or print date
    agreed       produce     produced
    produced     air         aired        the air or print date (the agreed one, or the real one)
    suggested    reschedule  rescheduled  a comment (why)
    agreed       reschedule  rescheduled  a comment
    produced     reschedule  rescheduled  a comment
    rescheduled  reopen      suggested

Labels are English msgids marked with :func:`_` (a no-op, so ``makemessages`` collects them); the
Django side translates them when it shows them.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from portal import roles


def _(message: str) -> str:
    """Mark ``message`` for translation without translating it here (the callers translate)."""
    return message


SUGGESTED, AGREED, PRODUCED, AIRED, RESCHEDULED = "suggested", "agreed", "produced", "aired", "rescheduled"


class Need(enum.Enum):
    """What a transition needs besides the click; the service asks for each with its own message."""

    CONTENT = "agreed_content"
    AIR_DATE = "air_date"
    COMMENT = "comment"


LABELS = {
    "agree": _("Agree the content"),
    "amend": _("Change the agreed content or date"),
    "produce": _("Mark as produced"),
    "air": _("Record as aired/printed"),
    "reschedule": _("Reschedule"),
    "reopen": _("Reopen"),
}


@dataclass(frozen=True)
class Transition:
    state: str
    action: str
    next_state: str
    needs: frozenset[Need] = frozenset()
    group: frozenset[str] = roles.DEPARTMENT

    @property
    def label(self) -> str:
        return LABELS[self.action]


TRANSITIONS: tuple[Transition, ...] = (
    # Rule 5: the unit and the department agree "nội dung và thời gian": the content and the date.
    Transition(SUGGESTED, "agree", AGREED, frozenset({Need.CONTENT, Need.AIR_DATE})),
    Transition(RESCHEDULED, "agree", AGREED, frozenset({Need.CONTENT, Need.AIR_DATE})),
    Transition(AGREED, "amend", AGREED, frozenset({Need.CONTENT, Need.AIR_DATE})),
    Transition(AGREED, "produce", PRODUCED),
    Transition(PRODUCED, "air", AIRED, frozenset({Need.AIR_DATE})),
    Transition(SUGGESTED, "reschedule", RESCHEDULED, frozenset({Need.COMMENT})),
    Transition(AGREED, "reschedule", RESCHEDULED, frozenset({Need.COMMENT})),
    Transition(PRODUCED, "reschedule", RESCHEDULED, frozenset({Need.COMMENT})),
    Transition(RESCHEDULED, "reopen", SUGGESTED),
)


class Refusal(enum.Enum):
    FORBIDDEN = "forbidden"  # the role may not move months (403)
    WRONG_STATE = "wrong_state"  # the action does not apply to the month's state (409)


class TransitionNotAllowed(Exception):
    """The action does not apply to the month's state, or the role may not take it."""

    def __init__(self, refusal: Refusal, message: str = "") -> None:
        super().__init__(message or refusal.value)
        self.refusal = refusal


def check(state: str, action: str, role: str | None) -> Transition | Refusal:
    """The row for ``role`` taking ``action`` from ``state``, or why not."""
    for transition in TRANSITIONS:
        if transition.state == state and transition.action == action:
            return transition if role in transition.group else Refusal.FORBIDDEN
    return Refusal.WRONG_STATE


def available_actions(state: str, role: str | None) -> list[Transition]:
    """The transitions ``role`` may take from ``state``, in the table's order."""
    return [t for t in TRANSITIONS if t.state == state and role in t.group]
