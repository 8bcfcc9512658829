"""Who may do what, by role: the role groups, a user's effective role, and the committee-scope policy.

This is the one table of roles. Access modules (``portal.access``, ``submissions.access``,
``schedule.access`` and the apps above) fetch objects and ask these questions; workflow tables name
these groups; the navigation names the same group as its view's guard. Plain Python: no Django, so it
can be read and tested alone. A user is anything with ``is_authenticated``, ``is_active``,
``is_superuser``, ``role``, ``committee_id`` and ``unit_id``.

    group            roles                               what it is for
    UNIT             correspondent, unit lead            write their own unit's items and reports
    UNIT_LEAD_ONLY   unit lead                           register for the column month, appoint staff
    EDITORIAL        editor, admin                       act in the review queue, publish
    QUEUE_READERS    editor, propaganda, admin           read the review queue
    DEPARTMENT       propaganda, admin                   plans, the column schedule, units, reports of wards
    DASHBOARD        editor, propaganda, admin           the emulation dashboard
    TALLY_RECOMPUTE  propaganda                          recompute a frozen month's tally (rule 2)
    COMMITTEE_WIDE   editor, propaganda, admin           read every unit of their committee
    ADMINS           admin                               accounts, security policy
    EVERYONE         all of the above                    the signed-in pages every role has

A superuser has the administrator's role whatever their ``role`` field says.

Committee scope (one policy for every page): a user works in exactly one committee, their
``committee`` (or their unit's committee). A user with no committee, a superuser included, works in
no committee: committee-scoped pages show nothing of any committee and ask an administrator to set
the account's committee. Only the Django admin spans committees.
"""

from __future__ import annotations

from typing import Any, Protocol


class RoleName:
    CORRESPONDENT = "correspondent"
    UNIT_LEAD = "unit_lead"
    EDITOR = "editor"
    PROPAGANDA = "propaganda"
    ADMIN = "admin"


UNIT = frozenset({RoleName.CORRESPONDENT, RoleName.UNIT_LEAD})
UNIT_LEAD_ONLY = frozenset({RoleName.UNIT_LEAD})
EDITORIAL = frozenset({RoleName.EDITOR, RoleName.ADMIN})
QUEUE_READERS = frozenset({RoleName.EDITOR, RoleName.PROPAGANDA, RoleName.ADMIN})
DEPARTMENT = frozenset({RoleName.PROPAGANDA, RoleName.ADMIN})
DASHBOARD = frozenset({RoleName.EDITOR, RoleName.PROPAGANDA, RoleName.ADMIN})
TALLY_RECOMPUTE = frozenset({RoleName.PROPAGANDA})
COMMITTEE_WIDE = frozenset({RoleName.EDITOR, RoleName.PROPAGANDA, RoleName.ADMIN})
ADMINS = frozenset({RoleName.ADMIN})
EVERYONE = UNIT | COMMITTEE_WIDE

SYSTEM = None  # the effective role of a scheduled task acting without a user


class UserLike(Protocol):
    is_authenticated: bool
    is_active: bool
    is_superuser: bool
    role: str
    committee_id: Any
    unit_id: Any


def effective_role(user: UserLike | None) -> str | None:
    """The role ``user`` acts with: the administrator's for a superuser; None for an anonymous or
    deactivated user, and for ``None`` (the system)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return None
    return RoleName.ADMIN if user.is_superuser else user.role


def in_group(user: UserLike | None, group: frozenset[str]) -> bool:
    """Whether ``user`` acts with one of the roles of ``group``."""
    role = effective_role(user)
    return role is not None and role in group
