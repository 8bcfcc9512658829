"""Who may open the tallies: the one access path of this app, built on ``portal.access``."""

from __future__ import annotations

from portal import roles
from portal.access import committee_of, get_unit_for_user, require_group
from portal.models import Unit, User
from schedule.models import Plan
from schedule.selectors import plan_of_year


def get_committee_plan_for_user(user: User, year: int, *, group: frozenset[str] = roles.DASHBOARD) -> Plan | None:
    """The plan of the user's committee for ``year``, for the committee-wide pages.

    403 for roles outside ``group`` (unit members among them) and, with the page that says so, for a
    user with no committee; None when the committee has no plan for that year.
    """
    require_group(user, group)
    return plan_of_year(committee_of(user), year)


def get_unit_for_tally(user: User, code: str) -> Unit:
    """A unit whose tally the user may read: department roles any unit of their committee, unit
    members only their own (404 for any other, so codes leak nothing)."""
    require_group(user, roles.EVERYONE)
    return get_unit_for_user(user, code)
