"""Authentication backends that load the signed-in user with their unit and committee in one query.

Every signed-in page reads ``user.unit`` and ``user.committee`` (the navigation, the committee scope,
the panels): with Django's backends that is one query for the user and one or two more for the units.
The backends are otherwise Django's and allauth's.
"""

from __future__ import annotations

from allauth.account.auth_backends import AuthenticationBackend as AllauthBackend
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend as DjangoModelBackend


def _get_user(backend, user_id):
    User = get_user_model()
    try:
        user = User._default_manager.select_related("unit__committee", "committee").get(pk=user_id)
    except User.DoesNotExist:
        return None
    if user.unit_id and user.committee_id and user.unit.committee_id == user.committee_id:
        user.committee = user.unit.committee  # one object, so what one panel loads the others see
    return user if backend.user_can_authenticate(user) else None


class ModelBackend(DjangoModelBackend):
    def get_user(self, user_id):
        return _get_user(self, user_id)


class AuthenticationBackend(AllauthBackend):
    def get_user(self, user_id):
        return _get_user(self, user_id)
