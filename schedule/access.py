"""Who may see and do what in the schedule app: one helper per object, used by every view.

Everyone signed in reads their committee's plans and column schedule; the propaganda department
(and administrators) manage plans and move months through their states; the lead of a unit that
coordinates a month registers for it and appoints its staff; correspondents only read.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404

from portal import roles
from portal.access import committee_for, committee_of
from portal.models import Unit, User
from schedule.models import CalendarFeedToken, ColumnMonth, Plan, Topic
from schedule.selectors import assigned_units


def is_department(user: User) -> bool:
    return roles.in_group(user, roles.DEPARTMENT)


def get_plan_for_user(user: User, pk: int, *, manage: bool = False) -> Plan:
    """A plan of the user's committee (404 otherwise); with ``manage`` the user must be of the
    propaganda department or an administrator (403 otherwise)."""
    plan = Plan.objects.filter(pk=pk, committee=committee_of(user)).first()
    if plan is None:
        raise Http404
    if manage and not is_department(user):
        raise PermissionDenied
    return plan


def get_column_month_for_user(user: User, pk: int, *, action: str = "read") -> ColumnMonth:
    """A month of the user's committee's schedule (404 otherwise), checked for ``action``:

    - ``read``: anyone of the committee;
    - ``register`` (registrations and staff): the lead of a unit that coordinates the month (403 otherwise);
    - ``manage`` (states, agreed content, the table itself): the department (403 otherwise).
    """
    month = (
        ColumnMonth.objects.select_related("plan", "plan__committee")
        .filter(pk=pk, plan__committee=committee_of(user))
        .first()
    )
    if month is None:
        raise Http404
    if action == "register" and lead_unit_for(user, month) is None:
        raise PermissionDenied
    if action == "manage" and not is_department(user):
        raise PermissionDenied
    return month


def lead_unit_for(user: User, month: ColumnMonth) -> Unit | None:
    """The user's unit when the user is its lead and it coordinates ``month``; else None."""
    if not roles.in_group(user, roles.UNIT_LEAD_ONLY) or not user.unit_id:
        return None
    return next((u for u in assigned_units(month) if u.pk == user.unit_id), None)


def get_feed_token_for_owner(user: User, pk: int) -> CalendarFeedToken:
    """One of the user's own calendar feeds (404 for anyone else's)."""
    token = CalendarFeedToken.objects.filter(pk=pk, owner=user).first()
    if token is None:
        raise Http404
    return token


def feed_is_still_allowed(token: CalendarFeedToken) -> bool:
    """A feed answers only while its owner's account is active and still sees what it shows."""
    owner = token.owner
    if token.revoked_at is not None or not owner.is_active:
        return False
    committee = committee_for(owner)
    if committee is None or committee.pk != token.committee_id:
        return False
    if token.unit_id is None:
        return roles.in_group(owner, roles.COMMITTEE_WIDE)
    if roles.in_group(owner, roles.UNIT):
        return owner.unit_id == token.unit_id
    return roles.in_group(owner, roles.COMMITTEE_WIDE)


def get_topic_for_user(user: User, pk: int) -> Topic:
    """A topic of a plan of the user's committee, for the department to manage (404 for another
    committee's topic, 403 for anyone outside the department)."""
    topic = Topic.objects.select_related("plan").filter(pk=pk).first()
    if topic is None:
        raise Http404
    get_plan_for_user(user, topic.plan_id, manage=True)
    return topic
