"""Background work for items: scheduled publishing, renditions, the slower photo check and the
editors' digest of new submissions. Thin and idempotent; they take IDs and call services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.db import OperationalError, transaction
from django.utils import timezone

from portal.emails import send_templated_mail
from portal.models import Notification, User
from portal.tasks import EMAIL_RETRY

DIGEST_KIND = "submission_new"


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=5)
def publish_scheduled(submission_id: int) -> None:
    """Publish the item if it is approved and its time has come; otherwise do nothing (the item was
    rescheduled, unscheduled or already published: the sweep or a later task handles it)."""
    from submissions.services import publish_due

    publish_due(only_ids=[submission_id])


@shared_task
def publish_due_submissions() -> int:
    """Periodic sweep: publish every approved item whose time has come, so nothing is lost when a
    worker was down at the scheduled moment. Idempotent."""
    from submissions.services import publish_due

    return len(publish_due())


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def make_renditions(submission_id: int) -> None:
    """Make the renditions (thumbnail, page width; no EXIF) of a published item's photos, in case
    one is missing. Photos that have them already are skipped."""
    from submissions.models import Photo
    from submissions.photos import make_renditions

    for photo in Photo.objects.filter(submission_id=submission_id, removed=False):
        make_renditions(photo)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def make_photo_renditions(photo_id: int) -> None:
    """Make the renditions of a photo just stored, so pages only serve files that exist. Idempotent."""
    from submissions.models import Photo
    from submissions.photos import make_renditions

    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return  # removed from its draft before the worker came to it
    make_renditions(photo)  # locks the photo's row: a second run waits, then finds them made


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def deep_check_photo(photo_id: int) -> None:
    """Run the checker's slower pass on a stored photo and update its report when it finds more;
    the photo is then checked (no longer "checking"). Idempotent."""
    from submissions.services.photos import photo_deep_check

    photo_deep_check(photo_id=photo_id)


@shared_task
def sweep_photo_checks() -> dict:
    """Periodic: queue again the slower checks that a stopped worker or web process left unfinished,
    and give up (the quick verdict stands) on a photo that failed too often. Idempotent."""
    from submissions.services.photos import photo_checks_sweep

    return photo_checks_sweep()


@shared_task(autoretry_for=(OperationalError,), retry_backoff=True, max_retries=3)
def purge_abandoned_drafts() -> int:
    """Periodic sweep: the photos of deleted drafts and of drafts the phone form made on a first
    upload and then left empty go, files and all (``services.purge_abandoned_drafts``). Idempotent."""
    from submissions.services import purge_abandoned_drafts

    return purge_abandoned_drafts()


@shared_task(autoretry_for=(OSError, OperationalError), retry_backoff=True, max_retries=3)
def check_duplicates(submission_id: int) -> None:
    """Compare a submitted item's text and photos with the committee's archive and mark it when
    something matches. Idempotent: it replaces the item's matches each time."""
    from submissions.services.duplicates import check_submission

    check_submission(submission_id=submission_id)


@shared_task(**EMAIL_RETRY)
def email_submission_digest() -> int:
    """Mail each editor one digest of the new submissions they have not been emailed about yet.

    Periodic and idempotent, at least once: an editor's pending notifications are locked
    (``skip_locked``, so a concurrent run skips them) while the mail is sent, and marked
    ``emailed_at`` only after the SMTP server took it. A failed send leaves them for the retry.
    Returns the number of mails sent.
    """
    recipients = (
        Notification.objects.filter(kind=DIGEST_KIND, emailed_at__isnull=True)
        .values_list("recipient_id", flat=True)
        .distinct()
    )
    sent = 0
    for recipient in User.objects.filter(pk__in=list(recipients)):
        with transaction.atomic():
            items = list(
                Notification.objects.select_for_update(skip_locked=True)
                .filter(recipient=recipient, kind=DIGEST_KIND, emailed_at__isnull=True)
                .order_by("created_at", "pk")
            )
            if not items:
                continue
            if recipient.email_notifications and recipient.email:
                sent += send_templated_mail(
                    to=recipient,
                    template="submissions_digest",
                    context={
                        "items": [{"message": n.message, "link": settings.PORTAL_BASE_URL + n.url} for n in items],
                        "count": len(items),
                        "queue_link": settings.PORTAL_BASE_URL + "/review/",
                    },
                )
            Notification.objects.filter(pk__in=[n.pk for n in items]).update(emailed_at=timezone.now())
    return sent
