"""The one way views load an item for a user: 404 when the user may not see it at all, 403 when
they may see it but not do what they asked."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404

from portal.access import COMMITTEE_WIDE_ROLES, EDITORIAL_ROLES, committee_for, has_role
from portal.models import Role, User
from submissions.models import Photo, Submission

UNIT_ROLES = (Role.CORRESPONDENT, Role.UNIT_LEAD)


def visible_submissions(user: User) -> QuerySet[Submission]:
    """Items a signed-in user may open: their unit's for unit members, the committee's for staff."""
    qs = Submission.objects.all()
    if not user.is_authenticated or not user.is_active:
        return qs.none()
    if has_role(user, *UNIT_ROLES):
        return qs.filter(unit_id=user.unit_id) if user.unit_id else qs.none()
    if has_role(user, *COMMITTEE_WIDE_ROLES):
        committee = committee_for(user)
        if committee is None:
            return qs if user.is_superuser else qs.none()
        return qs.filter(committee=committee)
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
    if for_unit_edit and not has_role(user, *UNIT_ROLES):
        raise PermissionDenied
    return submission


def require_editor(user: User) -> None:
    if not has_role(user, *EDITORIAL_ROLES):
        raise PermissionDenied


def get_photo_for_user(user: User, pk: int) -> Photo:
    """A photo whose item the user may see (else 404)."""
    try:
        return Photo.objects.select_related("submission").get(
            pk=pk, submission__in=visible_submissions(user).values("pk")
        )
    except Photo.DoesNotExist:
        raise Http404 from None
