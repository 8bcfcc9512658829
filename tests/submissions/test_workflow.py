"""The transition table, on its own: who may do what in which state."""

import pytest
from django.core.exceptions import PermissionDenied

from portal.models import Role, User
from submissions.models import Submission
from submissions.workflow import TRANSITIONS, Action, TransitionNotAllowed, allowed_actions, check_transition

S = Submission.State


def user(role: str, pk: int = 1) -> User:
    return User(pk=pk, username=f"u{pk}", role=role)


def item(state: str, held_by: int | None = None) -> Submission:
    return Submission(state=state, held_by_id=held_by)


@pytest.mark.parametrize(
    ("state", "action", "role", "next_state"),
    [(t.state, t.action, sorted(t.roles)[0], t.next_state) for t in TRANSITIONS],
)
def test_every_transition_in_the_table_is_allowed_to_its_roles(state, action, role, next_state):
    assert check_transition(item(state), action, user(role)).next_state == next_state


@pytest.mark.parametrize("action", [Action.APPROVE, Action.PUBLISH, Action.CLAIM, Action.REJECT, Action.UNPUBLISH])
def test_a_correspondent_may_never_review(action):
    with pytest.raises(PermissionDenied):
        check_transition(item(S.APPROVED), action, user(Role.CORRESPONDENT))


@pytest.mark.parametrize("role", [Role.EDITOR, Role.PROPAGANDA, Role.ADMIN])
def test_only_the_unit_submits(role):
    with pytest.raises(PermissionDenied):
        check_transition(item(S.DRAFT), Action.SUBMIT, user(role))


def test_the_propaganda_department_only_reads():
    for t in TRANSITIONS:
        with pytest.raises(PermissionDenied):
            check_transition(item(t.state), t.action, user(Role.PROPAGANDA))


def test_a_published_item_cannot_be_approved_or_withdrawn():
    with pytest.raises(TransitionNotAllowed):
        check_transition(item(S.PUBLISHED), Action.APPROVE, user(Role.EDITOR))
    with pytest.raises(TransitionNotAllowed):
        check_transition(item(S.PUBLISHED), Action.WITHDRAW, user(Role.CORRESPONDENT))


@pytest.mark.django_db
def test_an_item_held_by_another_editor_needs_a_take_over():
    User.objects.create(pk=2, username="holder", role=Role.EDITOR)
    held = item(S.IN_REVIEW, held_by=2)
    with pytest.raises(TransitionNotAllowed):
        check_transition(held, Action.APPROVE, user(Role.EDITOR, pk=1))
    assert check_transition(held, Action.APPROVE, user(Role.EDITOR, pk=2)).next_state == S.APPROVED
    assert Action.TAKE_OVER in allowed_actions(held, user(Role.EDITOR, pk=1))
    assert Action.TAKE_OVER not in allowed_actions(held, user(Role.EDITOR, pk=2))


def test_the_system_may_publish_a_scheduled_item():
    assert check_transition(item(S.APPROVED), Action.PUBLISH, None).next_state == S.PUBLISHED
