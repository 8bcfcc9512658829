"""The one way views load an item for a user: 404 when the user may not see it at all, 403 when
they may see it but not do what they asked. Who belongs to which group is ``portal.roles``."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from portal import roles
from portal.access import committee_of
from portal.models import User
from submissions.models import Photo, Submission


def visible_submissions(user: User) -> QuerySet[Submission]:
    """Items a signed-in user may open: their unit's for unit members, their committee's for the
    committee-wide roles (NoCommittee when they work in none). Deleted drafts are nobody's to open
    (their rows and history stay, for the audit trail and the Django admin)."""
    qs = Submission.objects.exclude(state=Submission.State.DELETED)
    if roles.in_group(user, roles.UNIT):
        return qs.filter(unit_id=user.unit_id) if user.unit_id else qs.none()
    if roles.in_group(user, roles.COMMITTEE_WIDE):
        return qs.filter(committee=committee_of(user))
    return qs.none()


def get_submission_for_user(user: User, pk: int, *, for_unit_edit: bool = False) -> Submission:
    """The item ``pk`` if ``user`` may see it (else 404).

    With ``for_unit_edit`` the user must also be a member of its unit (403 for staff): only the
    unit writes its own items; editors change copy through their own edit page.
    """
    try:
        submission = visible_submissions(user).select_related("unit", "author", "held_by", "topic").get(pk=pk)
    except Submission.DoesNotExist:
        raise Http404 from None
    if for_unit_edit and not roles.in_group(user, roles.UNIT):
        raise PermissionDenied
    return submission


def get_photo_for_user(user: User, pk: int) -> Photo:
    """A photo whose item the user may see (else 404)."""
    try:
        return Photo.objects.select_related("submission").get(
            pk=pk, submission__in=visible_submissions(user).values("pk")
        )
    except Photo.DoesNotExist:
        raise Http404 from None
