"""Hooks into django-allauth: an invitation counts as accepted once its password is set."""

from django.utils import timezone

from portal.models import Invitation


def mark_invitation_accepted(sender, request, user, **kwargs) -> None:
    Invitation.objects.filter(user=user, accepted_at__isnull=True).update(accepted_at=timezone.now())
