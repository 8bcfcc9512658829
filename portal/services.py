"""Writes on units and accounts. Views and commands call these, never bare ``save()``."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from portal import audit, roles
from portal.models import Invitation, Role, Unit, UnitChange, User


@transaction.atomic
def committee_code_is_taken(code: str) -> bool:
    """Whether ``/<code>/`` already answers as a page of the portal (``/reports/``, ``/items/``...):
    a committee's public news site lives at its code, so such a code would hide it."""
    from django.urls import Resolver404, resolve

    try:
        resolve(f"/{code}/")
    except Resolver404:
        return False
    return True


def unit_create(
    *,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None = None,
    level_label: str = "",
    carries_quota: bool = False,
    active_from: datetime.date | None = None,
    sort_order: int = 0,
    short_name: str = "",
    by: User | None = None,
) -> Unit:
    """A new unit; a root (``parent`` None) is a committee. Raises ValueError for a committee code
    that is already an address of the portal (see ``committee_code_is_taken``)."""
    if parent is None and committee_code_is_taken(code):
        raise ValueError(f"/{code}/ is already an address of the portal; choose another code.")
    unit = Unit.objects.create(
        code=code,
        name=name,
        short_name=short_name,
        kind=kind,
        parent=parent,
        committee=parent.committee if parent else None,
        level_label=level_label,
        carries_quota=carries_quota,
        active_from=active_from,
        sort_order=sort_order,
    )
    if parent is None:
        # A root is its own committee, so "units of committee X" includes X itself.
        unit.committee = unit
        unit.save(update_fields=["committee"])
    UnitChange.objects.create(
        unit=unit,
        kind=UnitChange.Kind.CREATED,
        new_value=name,
        effective_on=active_from or timezone.localdate(),
        created_by=by,
    )
    return unit


@transaction.atomic
def unit_rename(*, unit: Unit, name: str, effective_on: datetime.date | None = None, by: User | None = None) -> Unit:
    """Rename a unit; its code, items and tallies stay, and the old name is kept in its history."""
    old = unit.name
    if old == name:
        return unit
    unit.name = name
    unit.save(update_fields=["name"])
    UnitChange.objects.create(
        unit=unit,
        kind=UnitChange.Kind.RENAMED,
        old_value=old,
        new_value=name,
        effective_on=effective_on or timezone.localdate(),
        created_by=by,
    )
    return unit


@transaction.atomic
def unit_deactivate(*, unit: Unit, on: datetime.date, by: User | None = None) -> Unit:
    """Close a unit from ``on`` (its last active day). What belongs to it stays with it."""
    unit.active_until = on
    unit.save(update_fields=["active_until"])
    UnitChange.objects.create(unit=unit, kind=UnitChange.Kind.DEACTIVATED, effective_on=on, created_by=by)
    return unit


@transaction.atomic
def unit_merge(*, unit: Unit, into: Unit, on: datetime.date, by: User | None = None) -> Unit:
    """Merge ``unit`` into ``into``: the unit closes on ``on``; its members move to ``into``.

    Its submissions and tallies stay with the unit they belonged to at the time.
    """
    if unit.pk == into.pk or unit.committee_id != into.committee_id:
        raise ValueError("A unit can only be merged into another unit of the same committee.")
    unit.active_until = on
    unit.merged_into = into
    unit.save(update_fields=["active_until", "merged_into"])
    User.objects.filter(unit=unit).update(unit=into)
    UnitChange.objects.create(
        unit=unit, kind=UnitChange.Kind.MERGED, old_value=unit.code, new_value=into.code, effective_on=on, created_by=by
    )
    return unit


def apply_role(user: User) -> None:
    """Derive what follows from a user's role and unit (not saved): administrators are staff and
    superusers, nobody else is; the committee follows from the unit when it is not set."""
    user.is_staff = user.is_superuser = user.role == Role.ADMIN
    if user.committee_id is None and user.unit_id is not None:
        user.committee_id = user.unit.committee_id


@transaction.atomic
def account_create(
    *,
    username: str,
    email: str,
    role: str,
    unit: Unit | None = None,
    committee: Unit | None = None,
    first_name: str = "",
    last_name: str = "",
    password: str | None = None,
    by: User | None = None,
) -> User:
    """Create an account. Unit roles need a unit; the committee follows from the unit when not given.

    With ``password=None`` the account has no usable password until its owner sets one from an invitation.
    """
    if role in roles.UNIT and unit is None:
        raise ValueError("Correspondents and unit leads belong to a unit.")
    user = User(
        username=username,
        email=email,
        role=role,
        unit=unit,
        committee=committee,
        first_name=first_name,
        last_name=last_name,
    )
    apply_role(user)
    if password is None:
        user.set_unusable_password()
    else:
        user.set_password(password)
    user.save()
    if email:
        from allauth.account.models import EmailAddress

        EmailAddress.objects.update_or_create(
            user=user, email=email.lower(), defaults={"primary": True, "verified": True}
        )
    audit.record(
        event=audit.Event.ACCOUNT_CREATED, actor=by, target=user, summary=f"role {role}",
        details={"role": role, "unit": unit.code if unit else None, "committee": committee.code if committee else None},
    )  # fmt: skip
    return user


def account_changed(*, user: User, by: User | None, changed: list[str], created: bool = False) -> None:
    """Record an administrator's change to an account in the Django admin (role, unit, committee,
    active, password, ...): the fields changed and the role and status after the change."""
    audit.record(
        event=audit.Event.ACCOUNT_CREATED if created else audit.Event.ACCOUNT_CHANGED, actor=by, target=user,
        summary=", ".join(changed)[:500],
        details={"fields": changed, "role": user.role, "is_active": user.is_active, "is_superuser": user.is_superuser,
                 "unit_id": user.unit_id, "committee_id": user.committee_id},
    )  # fmt: skip


def account_deleted(*, user: User, by: User) -> None:
    """Record that an administrator deleted ``user`` (called before the row goes)."""
    audit.record(event=audit.Event.ACCOUNT_DELETED, actor=by, target=user, details={"role": user.role})


@transaction.atomic
def account_invite(*, by: User, **fields) -> Invitation:
    """Create an account without a password and send its owner a link to set one (after commit)."""
    from portal.outbox import enqueue
    from portal.tasks import send_invitation

    user = account_create(password=None, by=by, **fields)
    invitation = Invitation.objects.create(user=user, invited_by=by)
    enqueue(send_invitation, invitation.pk)
    return invitation


@transaction.atomic
def user_preferences_update(
    *, user: User, first_name: str, last_name: str, phone: str, language: str, email_notifications: bool
) -> User:
    """A person's own settings: name, phone, interface language and whether to get emails."""
    user.first_name, user.last_name, user.phone = first_name.strip(), last_name.strip(), phone.strip()
    user.language, user.email_notifications = language, email_notifications
    user.save(update_fields=["first_name", "last_name", "phone", "language", "email_notifications"])
    return user
