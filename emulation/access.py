"""Who may open the tallies: the one access path of this app, built on ``portal.access``."""

from __future__ import annotations

from django.http import Http404

from portal.access import committee_for, get_unit_for_user, require_role
from portal.models import Role, Unit, User
from schedule.models import Plan
from schedule.selectors import plan_of_year

# The propaganda department runs the scoring; editors and administrators may read it.
DASHBOARD_ROLES = (Role.PROPAGANDA, Role.EDITOR, Role.ADMIN)
# Only the propaganda department may change a frozen month (rule 2).
RECOMPUTE_ROLES = (Role.PROPAGANDA,)
UNIT_PAGE_ROLES = (*DASHBOARD_ROLES, Role.CORRESPONDENT, Role.UNIT_LEAD)


def get_committee_plan_for_user(user: User, year: int, *, roles: tuple[str, ...] = DASHBOARD_ROLES) -> Plan | None:
    """The plan of the user's committee for ``year``, for the committee-wide pages.

    403 for roles other than ``roles`` (unit members among them); 404 for a user with no
    committee; None when the committee has no plan for that year.
    """
    require_role(user, *roles)
    committee = committee_for(user)
    if committee is None:
        raise Http404
    return plan_of_year(committee, year)


def get_unit_for_tally(user: User, code: str) -> Unit:
    """A unit whose tally the user may read: department roles any unit of their committee, unit
    members only their own (404 for any other, so codes leak nothing)."""
    require_role(user, *UNIT_PAGE_ROLES)
    return get_unit_for_user(user, code)
