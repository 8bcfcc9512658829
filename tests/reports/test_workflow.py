"""The report workflow table, alone (no database)."""

import pytest

from portal.roles import RoleName
from reports.workflow import Action, State, TransitionRefused, available, check


@pytest.mark.parametrize(
    ("state", "action", "role", "next_state"),
    [
        (State.DRAFT, Action.SUBMIT, RoleName.UNIT_LEAD, State.SUBMITTED),
        (State.DRAFT, Action.SUBMIT, RoleName.CORRESPONDENT, State.SUBMITTED),
        (State.SUBMITTED, Action.ACCEPT, RoleName.PROPAGANDA, State.ACCEPTED),
        (State.SUBMITTED, Action.ACCEPT, RoleName.ADMIN, State.ACCEPTED),
        (State.RETURNED, Action.RESUBMIT, RoleName.UNIT_LEAD, State.SUBMITTED),
    ],
)
def test_the_table_moves_reports_along_draft_submitted_accepted(state, action, role, next_state):
    assert check(state, action, role).next_state == next_state


def test_returning_a_report_needs_a_comment():
    with pytest.raises(TransitionRefused) as refused:
        check(State.SUBMITTED, Action.RETURN, RoleName.PROPAGANDA, comment="  ")
    assert refused.value.reason == "comment_required"
    assert check(State.SUBMITTED, Action.RETURN, RoleName.PROPAGANDA, comment="Bổ sung số liệu").next_state == (
        State.RETURNED
    )


@pytest.mark.parametrize(
    ("state", "action", "role"),
    [
        (State.SUBMITTED, Action.ACCEPT, RoleName.UNIT_LEAD),
        (State.SUBMITTED, Action.ACCEPT, RoleName.EDITOR),
        (State.DRAFT, Action.SUBMIT, RoleName.PROPAGANDA),
        (State.ACCEPTED, Action.RETURN, RoleName.PROPAGANDA),
        (State.DRAFT, Action.ACCEPT, RoleName.PROPAGANDA),
        (State.DRAFT, Action.SUBMIT, None),
    ],
)
def test_other_moves_are_refused(state, action, role):
    with pytest.raises(TransitionRefused):
        check(state, action, role, comment="x")


def test_an_accepted_report_has_no_further_action():
    assert available(State.ACCEPTED, RoleName.PROPAGANDA) == []
    assert available(State.ACCEPTED, RoleName.UNIT_LEAD) == []
