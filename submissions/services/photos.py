"""Writes on an item's photos: storing an upload with its quality report (rule 3), the slower check
and the renditions after it, removing it, and the acceptance of a photo the checker failed; and
``photo_verdict``, a photo's current verdict for the page that waits for it.

An upload is answered with the quick verdict (type, size, pixel limit, a whole decode and the quick
quality check, a few tens of milliseconds even at 48 MP). What is slower runs after the response:
the renditions and, for a phone-sized JPEG, the slower check (every pixel decoded, for the blocking
of a re-saved copy). With a broker these are Celery tasks; in the embedded default (no broker) they
run in the web process's background thread (``portal.background``). Until the slower check is done
the photo is "checking" and its item cannot be submitted; a periodic sweep
(``photo_checks_sweep``) queues a stale check again and gives up after ``MAX_CHECK_ATTEMPTS``.
"""

from __future__ import annotations

import datetime
import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import background, roles
from portal.models import User
from portal.outbox import enqueue
from submissions import photo_quality
from submissions.models import Photo, Submission
from submissions.photos import (
    CheckedUpload,
    check_upload,
    make_renditions,
    needs_deep_check,
    problem_codes,
    report_messages,
    thresholds_from_settings,
)
from submissions.services._common import editors_of, record, require_editable, require_unit_member, send
from submissions.services.duplicates import index_photo
from submissions.workflow import TransitionNotAllowed

log = logging.getLogger(__name__)

# A slower check queued or started this long ago without finishing is queued again by the sweep
# (longer than a worker's time limit, so a check still running is not doubled)...
CHECK_STALE_AFTER = datetime.timedelta(minutes=10)
# ...and after this many runs that never finished, the quick verdict stands (never stuck).
MAX_CHECK_ATTEMPTS = 3


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
    deep = needs_deep_check(checked.report)
    now = timezone.now()
    photo.deep_checked_at = None if deep else now  # checked completely already, or "checking"
    photo.check_started_at = now if deep else None
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
            _queue_after_upload(photo.pk, deep=deep)
    except BaseException:
        photo.file.storage.delete(photo.file.name)
        raise
    return photo


def _embedded() -> bool:
    """No broker: Celery runs tasks in the caller's process (the quick start)."""
    return bool(settings.CELERY_TASK_ALWAYS_EAGER)


def _queue_after_upload(photo_id: int, *, deep: bool) -> None:
    """Queue the renditions and, when needed, the slower check of a photo being stored: Celery
    tasks owed in the same transaction (portal.outbox) with a broker; the background thread after
    the commit in the embedded default, so that the upload's response does not wait for them."""
    if _embedded():
        background.run_after_commit(photo_after_upload, photo_id=photo_id, deep=deep)
        return
    from submissions.tasks import deep_check_photo, make_photo_renditions

    enqueue(make_photo_renditions, photo_id)
    if deep:
        enqueue(deep_check_photo, photo_id)


def photo_after_upload(*, photo_id: int, deep: bool = True) -> None:
    """What follows an upload, in this process: the renditions first (pages show them), then the
    slower check. Idempotent."""
    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return  # removed from its draft before the work came to it
    try:
        make_renditions(photo)
    finally:
        if deep:
            photo_deep_check(photo_id=photo_id)


def photo_deep_check(*, photo_id: int) -> bool:
    """Run the checker's slower pass on a stored photo, update its report when it finds more, and
    mark the photo checked. Idempotent: a photo checked already is left alone. Returns True when it
    checked the photo."""
    claimed = Photo.objects.filter(pk=photo_id, deep_checked_at__isnull=True).update(
        check_attempts=F("check_attempts") + 1, check_started_at=timezone.now()
    )
    photo = Photo.objects.filter(pk=photo_id).first() if claimed else None
    if photo is None:
        return False
    with photo.file.open("rb") as fh:
        report = photo_quality.deep_check_photo(fh.read(), thresholds=thresholds_from_settings())
    fields: dict = {"deep_checked_at": timezone.now()}
    new_codes = {p.code for p in report.problems}
    old_codes = {p["code"] for p in photo.quality_report.get("problems", [])}
    if report.verdict != photo.verdict or new_codes != old_codes:
        data = report.to_dict()
        fields.update(quality_report=data, verdict=report.verdict, problem_codes=problem_codes(data))
    Photo.objects.filter(pk=photo.pk, deep_checked_at__isnull=True).update(**fields)
    return True


def photo_checks_sweep(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Periodic: queue again every slower check that was queued or started ``CHECK_STALE_AFTER``
    ago and has not finished (a worker or the web process stopped, or the check crashed); after
    ``MAX_CHECK_ATTEMPTS`` runs, keep the quick verdict and mark the photo checked, so an item is
    never stuck behind a photo that cannot be checked. Returns how many were queued and given up."""
    now = now or timezone.now()
    stale = now - CHECK_STALE_AFTER
    pending = Photo.objects.filter(removed=False, deep_checked_at__isnull=True).filter(
        Q(check_started_at__lt=stale) | Q(check_started_at__isnull=True, created_at__lt=stale)
    )
    given_up = 0
    for photo in pending.filter(check_attempts__gte=MAX_CHECK_ATTEMPTS).only("pk", "quality_report"):
        report = dict(photo.quality_report)
        report["metrics"] = {**report.get("metrics", {}), "deep_check": "failed"}
        given_up += Photo.objects.filter(pk=photo.pk, deep_checked_at__isnull=True).update(
            deep_checked_at=now, quality_report=report
        )
        log.warning(
            "photo %s: the slower check failed %s times; the quick verdict stands", photo.pk, MAX_CHECK_ATTEMPTS
        )
    queued = 0
    for photo_id in pending.filter(check_attempts__lt=MAX_CHECK_ATTEMPTS).values_list("pk", flat=True)[:500]:
        with transaction.atomic():
            if not Photo.objects.filter(pk=photo_id, deep_checked_at__isnull=True).update(check_started_at=now):
                continue
            _queue_after_upload(photo_id, deep=True)
            queued += 1
    return {"queued": queued, "given_up": given_up}


@dataclass(frozen=True)
class PhotoVerdict:
    """A photo's current verdict, for the page that shows it while the slower check runs.

    ``state`` is "checking" until the slower check is done (the verdict may still change), then
    "checked"; ``verdict`` is "pass", "warn" or "fail" (so far); ``messages`` are the report's
    problems in the current language (``code``, ``severity``, ``message``)."""

    photo_id: int
    state: str
    verdict: str
    verdict_label: str
    messages: list[dict]
    blocks_submission: bool
    accepted: bool
    thumbnail_ready: bool

    @property
    def checking(self) -> bool:
        return self.state == "checking"

    def as_dict(self) -> dict:
        return {
            "photo": self.photo_id,
            "state": self.state,
            "verdict": self.verdict,
            "verdict_label": self.verdict_label,
            "messages": self.messages,
            "blocks_submission": self.blocks_submission,
            "accepted": self.accepted,
            "thumbnail_ready": self.thumbnail_ready,
        }


def photo_verdict(*, photo: Photo) -> PhotoVerdict:
    """The photo's current verdict as stored now (reads the row again: the slower check may have
    changed it since ``photo`` was loaded). The caller has checked that the user may see it."""
    current = Photo.objects.filter(pk=photo.pk).first() or photo
    return PhotoVerdict(
        photo_id=current.pk,
        state="checking" if current.checking else "checked",
        verdict=current.verdict,
        verdict_label=str(current.get_verdict_display()),
        messages=report_messages(current),
        blocks_submission=current.blocks_submission,
        accepted=current.is_accepted,
        thumbnail_ready=bool(current.thumbnail),
    )


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
