"""Writes on an item's photos: storing an upload with its quality report (rule 3), removing it,
and the acceptance of a photo the checker failed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.models import User
from portal.outbox import enqueue
from submissions.models import Photo, Submission
from submissions.photos import CheckedUpload, check_upload, problem_codes
from submissions.services._common import editors_of, record, require_editable, require_unit_member, send
from submissions.services.duplicates import index_photo
from submissions.workflow import TransitionNotAllowed


def photo_add(
    *,
    submission: Submission,
    by: User,
    upload: UploadedFile,
    caption: str = "",
    credit: str = "",
    checked: CheckedUpload | None = None,
) -> Photo:
    """Store an uploaded photo with its quality report, then (after the commit) its renditions and
    the checker's slower pass. Raises ``photos.UploadRefused`` for a file that is not a photo we
    take; pass ``checked`` when the caller has checked the upload already, so it is checked once.

    The file is written first and deleted again if the database write fails, so nothing half-written
    stays on disk. Call it outside any larger transaction (the views do): only then is the row
    committed when this returns.
    """
    require_unit_member(submission, by)
    checked = checked or check_upload(upload)  # before any write: a refused file leaves no trace
    report = checked.report.to_dict()
    photo = Photo(
        submission=submission,
        original_name=(upload.name or "")[:200],
        caption=caption.strip(),
        credit=credit.strip(),
        size=len(checked.content),
        width=checked.width,
        height=checked.height,
        sha256=checked.sha256,
        quality_report=report,
        verdict=checked.report.verdict,
        problem_codes=problem_codes(report),
        uploaded_by=by,
    )
    photo.file.save(f"upload.{checked.extension}", ContentFile(checked.content), save=False)
    try:
        with transaction.atomic():
            require_editable(Submission.objects.select_for_update().get(pk=submission.pk))
            last = submission.photos.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0
            photo.sort_order = last + 1
            photo.save()
            # Hashed now, not by a worker: the upload's answer tells the correspondent at once
            # when the photo was used before (a few milliseconds on a shrunken decode).
            index_photo(photo, checked.content)
            from submissions.tasks import deep_check_photo, make_photo_renditions

            # Owed in the same transaction (portal.outbox): handed to the broker after the commit,
            # or later by the relay if it is down; the upload succeeds either way.
            enqueue(make_photo_renditions, photo.pk)
            enqueue(deep_check_photo, photo.pk)
    except BaseException:
        photo.file.storage.delete(photo.file.name)
        raise
    return photo


@transaction.atomic
def photo_remove(*, photo: Photo, by: User) -> None:
    """Take a photo off the item. Photos of an item that was ever submitted are kept (marked removed)
    so its versions stay complete; a never-submitted draft's photo is deleted with its file."""
    submission = photo.submission
    require_unit_member(submission, by)
    require_editable(submission)
    if submission.is_submitted:
        photo.removed = True
        photo.removed_at = timezone.now()
        photo.save(update_fields=["removed", "removed_at"])
        return
    names = [f.name for f in (photo.file, photo.thumbnail, photo.page_image) if f]
    storage = photo.file.storage
    photo.delete()
    transaction.on_commit(lambda: [storage.delete(n) for n in names])


@transaction.atomic
def photo_request_acceptance(*, photo: Photo, by: User) -> Photo:
    """The unit asks the editorial board to accept a photo the checker failed (e.g. the only photo
    of an event). Editors are notified in the page and by email."""
    require_unit_member(photo.submission, by)
    if photo.verdict != Photo.Verdict.FAIL or photo.is_accepted or photo.removed:
        return photo
    photo.acceptance_requested_at = timezone.now()
    photo.save(update_fields=["acceptance_requested_at"])
    submission = photo.submission
    send(
        recipients=editors_of(submission),
        actor=by,
        kind="photo_acceptance_requested",
        message=lambda: (
            _("%(unit)s asks you to accept a photo of “%(title)s”.") % {"unit": submission.unit, "title": submission}
        ),
        url=reverse("submissions:item_detail", args=[submission.pk]),
        email=True,
    )
    return photo


@transaction.atomic
def photo_accept(*, photo: Photo, by: User, reason: str) -> Photo:
    """An editor accepts a photo the checker failed, with a reason; recorded in the item's history."""
    if not roles.in_group(by, roles.EDITORIAL):
        raise PermissionDenied
    reason = reason.strip()
    if not reason:
        raise TransitionNotAllowed(_("Say why you accept this photo."))
    if photo.verdict != Photo.Verdict.FAIL or photo.removed:
        raise TransitionNotAllowed(_("Only a photo that failed the check needs accepting."))
    photo.accepted_by = by
    photo.accepted_at = timezone.now()
    photo.acceptance_reason = reason
    photo.save(update_fields=["accepted_by", "accepted_at", "acceptance_reason"])
    submission = photo.submission
    record(
        submission,
        by,
        "accept_photo",
        submission.state,
        submission.state,
        _("Photo “%(photo)s”: %(reason)s") % {"photo": photo, "reason": reason},
    )
    send(
        recipients=[submission.author],
        actor=by,
        kind="photo_accepted",
        message=lambda: _("The editorial board accepted a photo of “%(title)s”.") % {"title": submission},
        url=reverse("submissions:item_detail", args=[submission.pk]),
        email=True,
    )
    return photo
