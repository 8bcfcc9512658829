"""The one place that decides who may see what. Every view goes through these helpers."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from portal.models import Role, Unit, User

EDITORIAL_ROLES = frozenset({Role.EDITOR, Role.ADMIN})
DEPARTMENT_ROLES = frozenset({Role.PROPAGANDA, Role.ADMIN})
# Roles that read every unit of their committee.
COMMITTEE_WIDE_ROLES = frozenset({Role.EDITOR, Role.PROPAGANDA, Role.ADMIN})


def has_role(user: User, *roles: str) -> bool:
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser and Role.ADMIN in roles:
        return True
    return user.role in roles


def require_role(user: User, *roles: str) -> None:
    if not has_role(user, *roles):
        raise PermissionDenied


def role_required(*roles: str) -> Callable:
    """View decorator: log in first, then the user's role must be one of ``roles`` (else 403)."""

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @login_required
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def committee_for(user: User) -> Unit | None:
    """The committee a user works in; None for a superuser with no committee set."""
    if user.committee_id:
        return user.committee
    if user.unit_id:
        return user.unit.committee
    return None


def visible_units(user: User):
    """Units a user may open: their own unit for unit members, the committee's for the others."""
    if not user.is_authenticated:
        return Unit.objects.none()
    if user.role in (Role.CORRESPONDENT, Role.UNIT_LEAD):
        return Unit.objects.filter(pk=user.unit_id) if user.unit_id else Unit.objects.none()
    committee = committee_for(user)
    if committee is None:
        return Unit.objects.all() if user.is_superuser else Unit.objects.none()
    return Unit.objects.filter(committee=committee)


def get_unit_for_user(user: User, code: str) -> Unit:
    """The unit with ``code`` if the user may see it; 404 otherwise, so codes of other units leak nothing."""
    try:
        return visible_units(user).get(code=code)
    except Unit.DoesNotExist:
        raise Http404 from None
