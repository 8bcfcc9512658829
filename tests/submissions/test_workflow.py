"""The item workflow table, on its own (plain Python, no database): who may do what in which state,
and what each row does."""

import ast
import pathlib

import pytest

from portal import roles
from portal.roles import RoleName
from submissions import workflow
from submissions.workflow import (
    ACTIONS,
    BULK_ACTIONS,
    TRANSITIONS,
    Action,
    Holder,
    Input,
    Item,
    Publishing,
    Refusal,
    State,
    Transition,
    allowed_actions,
    check,
)

S = State


def item(state: str, holder_id: int | None = None, scheduled: bool = False, duplicate: bool = False) -> Item:
    return Item(state=state, holder_id=holder_id, scheduled=scheduled, duplicate_suspected=duplicate)


@pytest.mark.parametrize("row", TRANSITIONS, ids=lambda t: f"{t.state}-{t.action}")
def test_every_transition_in_the_table_is_allowed_to_each_role_of_its_group(row):
    # Every row's conditions met: scheduled, marked as a possible duplicate unless the row needs no mark.
    duplicate = not row.spec.needs_no_duplicate_mark
    for role in row.group:
        result = check(item(row.state, scheduled=True, duplicate=duplicate), row.action, role, user_id=1, comment="why")
        assert result == row and result.next_state == row.next_state


@pytest.mark.parametrize("action", [Action.APPROVE, Action.PUBLISH, Action.CLAIM, Action.REJECT, Action.UNPUBLISH])
def test_a_correspondent_may_never_review(action):
    assert check(item(S.APPROVED), action, RoleName.CORRESPONDENT) is Refusal.FORBIDDEN


@pytest.mark.parametrize("role", [RoleName.EDITOR, RoleName.PROPAGANDA, RoleName.ADMIN])
def test_only_the_unit_submits(role):
    assert check(item(S.DRAFT), Action.SUBMIT, role) is Refusal.FORBIDDEN


def test_the_propaganda_department_only_reads():
    for t in TRANSITIONS:
        assert check(item(t.state), t.action, RoleName.PROPAGANDA) is Refusal.FORBIDDEN
    assert allowed_actions(item(S.SUBMITTED), RoleName.PROPAGANDA, user_id=1) == []


def test_a_published_item_cannot_be_approved_or_withdrawn():
    assert check(item(S.PUBLISHED), Action.APPROVE, RoleName.EDITOR) is Refusal.WRONG_STATE
    assert check(item(S.PUBLISHED), Action.WITHDRAW, RoleName.CORRESPONDENT) is Refusal.WRONG_STATE


def test_an_item_held_by_another_editor_needs_a_take_over():
    held = item(S.IN_REVIEW, holder_id=2)
    assert check(held, Action.APPROVE, RoleName.EDITOR, user_id=1) is Refusal.HELD_BY_OTHER
    assert check(held, Action.APPROVE, RoleName.EDITOR, user_id=2).next_state == S.APPROVED
    assert Action.TAKE_OVER in [t.action for t in allowed_actions(held, RoleName.EDITOR, user_id=1)]
    assert Action.TAKE_OVER not in [t.action for t in allowed_actions(held, RoleName.EDITOR, user_id=2)]


def test_the_system_may_publish_a_scheduled_item():
    assert check(item(S.APPROVED), Action.PUBLISH, roles.SYSTEM).next_state == S.PUBLISHED


def test_requesting_changes_or_rejecting_needs_a_comment_and_approving_does_not():
    for action in (Action.REQUEST_CHANGES, Action.REJECT):
        assert check(item(S.SUBMITTED), action, RoleName.EDITOR, comment="  ") is Refusal.COMMENT_MISSING
        assert isinstance(check(item(S.SUBMITTED), action, RoleName.EDITOR, comment="Sửa tít"), Transition)
    assert isinstance(check(item(S.SUBMITTED), Action.APPROVE, RoleName.EDITOR, comment=""), Transition)


def test_cancelling_a_schedule_applies_only_while_one_is_set():
    assert check(item(S.APPROVED), Action.UNSCHEDULE, RoleName.EDITOR) is Refusal.WRONG_STATE
    assert isinstance(check(item(S.APPROVED, scheduled=True), Action.UNSCHEDULE, RoleName.EDITOR), Transition)


@pytest.mark.parametrize("action", workflow.DUPLICATE_ACTIONS)
def test_returning_or_rejecting_as_a_duplicate_applies_only_to_a_marked_item_and_needs_a_comment(action):
    assert check(item(S.SUBMITTED), action, RoleName.EDITOR) is Refusal.WRONG_STATE
    assert check(item(S.SUBMITTED, duplicate=True), action, RoleName.EDITOR, comment="") is Refusal.COMMENT_MISSING
    assert isinstance(check(item(S.SUBMITTED, duplicate=True), action, RoleName.EDITOR), Transition)
    assert check(item(S.SUBMITTED, duplicate=True), action, RoleName.CORRESPONDENT) is Refusal.FORBIDDEN


def test_buttons_come_in_the_tables_order():
    actions = [t.action for t in allowed_actions(item(S.APPROVED, scheduled=True), RoleName.EDITOR, user_id=1)]
    assert actions == [
        Action.EDIT_COPY,
        Action.PUBLISH,
        Action.UNSCHEDULE,
        Action.SCHEDULE,
        Action.REJECT,
    ]


def test_the_side_effects_of_the_rows_are_named_in_the_table():
    assert ACTIONS[Action.CLAIM].holder is Holder.SET
    assert ACTIONS[Action.TAKE_OVER].holder is Holder.SET
    for action in (Action.RELEASE, Action.APPROVE, Action.REQUEST_CHANGES, Action.REJECT, Action.WITHDRAW):
        assert ACTIONS[action].holder is Holder.CLEAR
    assert {a for a, s in ACTIONS.items() if s.marks_reviewed} == {
        Action.APPROVE,
        Action.REQUEST_CHANGES,
        Action.REJECT,
        Action.RETURN_AS_DUPLICATE,
        Action.REJECT_AS_DUPLICATE,
    }
    assert ACTIONS[Action.PUBLISH].publishing is ACTIONS[Action.REPUBLISH].publishing is Publishing.PUBLISH
    assert ACTIONS[Action.REJECT].publishing is Publishing.CLEAR_SCHEDULE
    assert set(BULK_ACTIONS) == {Action.APPROVE, Action.REQUEST_CHANGES, Action.REJECT}


def test_every_action_has_a_label_a_history_word_and_a_known_input():
    for name, spec in ACTIONS.items():
        assert spec.name == name and spec.label and spec.done and isinstance(spec.input, Input)
    assert {t.action for t in TRANSITIONS} == set(ACTIONS)


def test_the_submit_action_follows_the_state():
    assert workflow.submit_action(S.DRAFT) == Action.SUBMIT
    assert workflow.submit_action(S.CHANGES_REQUESTED) == Action.RESUBMIT


@pytest.mark.parametrize("module", ["submissions/workflow.py", "schedule/workflow.py", "portal/roles.py"])
def test_the_tables_import_no_django(module):
    tree = ast.parse(pathlib.Path(module).read_text())
    imported = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)} | {
        a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names
    }
    assert not any(name and name.split(".")[0] == "django" for name in imported)
