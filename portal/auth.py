"""Authentication backends that load the signed-in user with their unit and committee in one query.

Every signed-in page reads ``user.unit`` and ``user.committee`` (the navigation, the committee scope,
the panels): with Django's backends that is one query for the user and one or two more for the units.
The user is kept in the cache between requests (``portal.writes``: until the user or unit tables are
written, at most ``USER_SECONDS``): a password change, a new role or a deactivation is a write to the
user table, so the next request loads the user afresh (and Django's session hash check signs out the
sessions of a changed password as before). The backends are otherwise Django's and allauth's.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend

USER_SECONDS = 300
USER_TABLES = ("portal_user", "portal_unit")


def _load_user(user_id):
    User = get_user_model()
    try:
        user = User._default_manager.select_related("unit__committee", "committee").get(pk=user_id)
    except (User.DoesNotExist, ValueError, TypeError):
        return None
    if user.unit_id and user.committee_id and user.unit.committee_id == user.committee_id:
        user.committee = user.unit.committee  # one object, so what one panel loads the others see
    return user


def _get_user(backend, user_id):
    from portal import writes

    user = writes.cached_for(
        f"auth:user:{user_id}",
        writes.tables(*USER_TABLES),
        lambda: _load_user(user_id),
        timeout=USER_SECONDS,
        per_language=False,
    )
    return user if user is not None and backend.user_can_authenticate(user) else None


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        return _get_user(self, user_id)


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        return _get_user(self, user_id)
