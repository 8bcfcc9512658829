"""Hooks into Django's and allauth's sign-in: an invitation counts as accepted once its password is
set; every sign-in and sign-out goes into the audit trail (failures are recorded by the adapter)."""

from django.utils import timezone

from portal import audit
from portal.client_ip import client_ip
from portal.models import Invitation


def mark_invitation_accepted(sender, request, user, **kwargs) -> None:
    Invitation.objects.filter(user=user, accepted_at__isnull=True).update(accepted_at=timezone.now())


def audit_sign_in(sender, request, user, **kwargs) -> None:
    audit.record(event=audit.Event.SIGN_IN, actor=user, target=user, ip=_address(request))


def audit_sign_out(sender, request, user, **kwargs) -> None:
    if user is not None:
        audit.record(event=audit.Event.SIGN_OUT, actor=user, target=user, ip=_address(request))


def _address(request) -> str | None:
    if request is None:
        return None
    return getattr(request, "client_ip", None) or client_ip(request)
