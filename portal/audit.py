"""The audit trail: one call, :func:`record`, from the services (and allauth's sign-in signals).

Entries keep the actor's and the target's names and ids as text, so they still read correctly
after the account is renamed or deleted or the item changes. The address is the client's, as the
trusted proxies report it (``portal.client_ip``); a scheduled task records none.
"""

from __future__ import annotations

from typing import Any

from django.db import models

from portal.client_ip import current_ip
from portal.models import AuditEntry, User


class Event:
    SIGN_IN = "sign_in"
    SIGN_IN_FAILED = "sign_in_failed"
    SIGN_IN_BLOCKED = "sign_in_blocked"
    SIGN_OUT = "sign_out"
    ACCOUNT_CREATED = "account_created"
    ACCOUNT_CHANGED = "account_changed"
    ACCOUNT_DELETED = "account_deleted"
    REVIEW = "review"  # one step of an item's workflow (claim, approve, copy edit, withdraw, ...)
    PUBLISH = "publish"
    UNPUBLISH = "unpublish"
    TALLY_RECOMPUTED = "tally_recomputed"


def record(
    *,
    event: str,
    actor: User | None,
    target: models.Model | None = None,
    summary: str = "",
    details: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEntry:
    """Add one entry: ``actor`` did ``event`` to ``target`` (None for the system or an anonymous
    visitor); ``ip`` defaults to the address of the request being served."""
    is_user = actor is not None and getattr(actor, "pk", None) is not None
    return AuditEntry.objects.create(
        event=event,
        actor=actor if is_user else None,
        actor_id_text=str(actor.pk) if is_user else "",
        actor_name=actor.get_username() if is_user else "",
        actor_role=getattr(actor, "role", "") if is_user else "",
        target_type=target._meta.label_lower if target is not None else "",
        target_id=str(target.pk) if target is not None else "",
        target_repr=str(target)[:300] if target is not None else "",
        summary=summary[:500],
        details=details or {},
        ip=ip if ip is not None else current_ip.get(),
    )
