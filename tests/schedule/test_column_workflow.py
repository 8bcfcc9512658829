"""The column month's table on its own (plain Python): who moves a month, from where to where, and
what each move needs."""

import pytest

from portal.roles import RoleName
from schedule import workflow
from schedule.workflow import AGREED, PRODUCED, RESCHEDULED, SUGGESTED, TRANSITIONS, Need, Refusal, check


@pytest.mark.parametrize("row", TRANSITIONS, ids=lambda t: f"{t.state}-{t.action}")
def test_every_row_is_open_to_the_department_and_to_administrators_only(row):
    for role in (RoleName.PROPAGANDA, RoleName.ADMIN):
        assert check(row.state, row.action, role) == row
    for role in (RoleName.CORRESPONDENT, RoleName.UNIT_LEAD, RoleName.EDITOR, None):
        assert check(row.state, row.action, role) is Refusal.FORBIDDEN


def test_an_action_that_does_not_apply_to_the_state_says_so():
    assert check(SUGGESTED, "air", RoleName.PROPAGANDA) is Refusal.WRONG_STATE
    assert check(AGREED, "reopen", RoleName.PROPAGANDA) is Refusal.WRONG_STATE


def test_each_move_names_what_it_needs():
    # Rule 5: "thống nhất nội dung và thời gian": the content and the date.
    assert check(SUGGESTED, "agree", RoleName.PROPAGANDA).needs == {Need.CONTENT, Need.AIR_DATE}
    assert check(RESCHEDULED, "agree", RoleName.PROPAGANDA).needs == {Need.CONTENT, Need.AIR_DATE}
    assert check(AGREED, "amend", RoleName.PROPAGANDA).needs == {Need.CONTENT, Need.AIR_DATE}
    assert check(PRODUCED, "air", RoleName.PROPAGANDA).needs == {Need.AIR_DATE}
    assert check(AGREED, "reschedule", RoleName.PROPAGANDA).needs == {Need.COMMENT}
    assert check(RESCHEDULED, "reopen", RoleName.PROPAGANDA).needs == frozenset()


def test_the_actions_offered_follow_the_table_and_every_one_has_a_label():
    assert [t.action for t in workflow.available_actions(AGREED, RoleName.PROPAGANDA)] == [
        "amend",
        "produce",
        "reschedule",
    ]
    assert workflow.available_actions(AGREED, RoleName.EDITOR) == []
    assert all(t.label for t in TRANSITIONS)
