"""The Django side of ``portal.roles``: the view guard, the committee a user works in, and the
units a user may open. Every view goes through these helpers; the groups themselves live in
``portal.roles``."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from portal import roles
from portal.models import Unit, User


class NoCommittee(PermissionDenied):
    """The user works in no committee (see the committee-scope policy in ``portal.roles``): the
    page shows nothing of any committee and asks an administrator to set the account's committee."""


def require_group(user: User, group: frozenset[str]) -> None:
    """403 unless ``user`` acts with one of the roles of ``group``."""
    if not roles.in_group(user, group):
        raise PermissionDenied


def role_required(group: frozenset[str]) -> Callable:
    """View decorator: log in first, then the user's effective role must be in ``group`` (else 403).
    A committee-scoped view that finds the user in no committee answers with the page that says so."""
    if not isinstance(group, frozenset):
        raise TypeError("role_required takes one group of portal.roles")

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require_group(request.user, group)
            try:
                return view(request, *args, **kwargs)
            except NoCommittee:
                return render(request, "portal/no_committee.html", status=403)

        return wrapped

    return decorator


def committee_for(user: User) -> Unit | None:
    """The committee a user works in: their committee, else their unit's; None when neither is set."""
    if user.committee_id:
        return user.committee
    if user.unit_id:
        return user.unit.committee
    return None


def committee_of(user: User) -> Unit:
    """The committee a user works in, for committee-scoped pages; NoCommittee (403, with the page
    that asks an administrator to set it) when there is none, a superuser's included."""
    committee = committee_for(user)
    if committee is None:
        raise NoCommittee
    return committee


def visible_units(user: User) -> QuerySet[Unit]:
    """Units a user may open: their own unit for unit members, their committee's for the others."""
    if roles.in_group(user, roles.UNIT):
        return Unit.objects.filter(pk=user.unit_id) if user.unit_id else Unit.objects.none()
    if roles.in_group(user, roles.COMMITTEE_WIDE):
        return Unit.objects.filter(committee=committee_of(user))
    return Unit.objects.none()


def get_unit_for_user(user: User, code: str) -> Unit:
    """The unit with ``code`` if the user may see it; 404 otherwise, so codes of other units leak nothing."""
    try:
        return visible_units(user).get(code=code)
    except Unit.DoesNotExist:
        raise Http404 from None
