"""The one table of roles, on its own: a user's effective role and the groups."""

from dataclasses import dataclass
from typing import Any

import pytest

from portal import roles
from portal.roles import RoleName


@dataclass
class Person:
    role: str
    is_superuser: bool = False
    is_active: bool = True
    is_authenticated: bool = True
    committee_id: Any = 1
    unit_id: Any = None


def test_a_superuser_acts_as_an_administrator_whatever_their_role_field_says():
    assert roles.effective_role(Person(RoleName.CORRESPONDENT, is_superuser=True)) == RoleName.ADMIN
    assert not roles.in_group(Person(RoleName.CORRESPONDENT, is_superuser=True), roles.UNIT)


@pytest.mark.parametrize(
    "person", [Person(RoleName.EDITOR, is_active=False), Person(RoleName.EDITOR, is_authenticated=False), None]
)
def test_deactivated_anonymous_and_system_users_have_no_role(person):
    assert roles.effective_role(person) is None
    assert not roles.in_group(person, roles.EVERYONE)


def test_every_role_belongs_to_everyone_and_the_groups_are_as_documented():
    names = {v for k, v in vars(RoleName).items() if k.isupper()}
    assert names == roles.EVERYONE
    assert names == roles.UNIT | roles.COMMITTEE_WIDE and not roles.UNIT & roles.COMMITTEE_WIDE
    assert roles.EDITORIAL < roles.QUEUE_READERS and {RoleName.PROPAGANDA} == roles.TALLY_RECOMPUTE


def test_the_models_role_choices_are_the_tables_names():
    from portal.models import Role

    assert {value for value, _label in Role.choices} == {v for k, v in vars(RoleName).items() if k.isupper()}
