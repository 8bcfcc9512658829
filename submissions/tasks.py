"""Background work for items: scheduled publishing, renditions, the slower photo check and the
editors' digest of new submissions. Thin and idempotent; they take IDs and call services."""

from __future__ import annotations

from collections import defaultdict

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from portal.emails import send_templated_mail
from portal.models import Notification, User

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
    from submissions.photos import make_rendition

    for photo in Photo.objects.filter(submission_id=submission_id, removed=False):
        make_rendition(photo, "thumb")
        make_rendition(photo, "page")


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def make_photo_renditions(photo_id: int) -> None:
    """Make the renditions of a photo just stored, so pages only serve files that exist. Idempotent."""
    from submissions.models import Photo
    from submissions.photos import make_rendition

    photo = Photo.objects.filter(pk=photo_id).first()
    if photo is None:
        return  # removed from its draft before the worker came to it
    make_rendition(photo, "thumb")
    make_rendition(photo, "page")


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=3)
def deep_check_photo(photo_id: int) -> None:
    """Run the checker's slower pass on a stored photo and update its report when it finds more."""
    from submissions import photo_quality
    from submissions.models import Photo
    from submissions.photos import problem_codes, thresholds_from_settings

    photo = Photo.objects.filter(pk=photo_id, deep_checked_at__isnull=True).first()
    if photo is None:
        return
    with photo.file.open("rb") as fh:
        report = photo_quality.deep_check_photo(fh.read(), thresholds=thresholds_from_settings())
    fields = {"deep_checked_at": timezone.now()}
    new_codes = {p.code for p in report.problems}
    old_codes = {p["code"] for p in photo.quality_report.get("problems", [])}
    if report.verdict != photo.verdict or new_codes != old_codes:
        data = report.to_dict()
        fields.update(quality_report=data, verdict=report.verdict, problem_codes=problem_codes(data))
    Photo.objects.filter(pk=photo.pk).update(**fields)


@shared_task(autoretry_for=(OSError, OperationalError), retry_backoff=True, max_retries=3)
def check_duplicates(submission_id: int) -> None:
    """Compare a submitted item's text and photos with the committee's archive and mark it when
    something matches. Idempotent: it replaces the item's matches each time."""
    from submissions.services.duplicates import check_submission

    check_submission(submission_id=submission_id)


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_submission_digest() -> int:
    """Mail each editor one digest of the new submissions they have not been emailed about yet.

    Periodic and idempotent: each notification is claimed (``emailed_at`` set) before the mail is
    written, so two runs never mail the same one twice. Returns the number of mails sent.
    """
    pending = Notification.objects.filter(kind=DIGEST_KIND, emailed_at__isnull=True).values_list("pk", "recipient_id")
    by_recipient: dict[int, list[int]] = defaultdict(list)
    for pk, recipient_id in pending:
        by_recipient[recipient_id].append(pk)
    sent = 0
    for recipient in User.objects.filter(pk__in=by_recipient):
        ids = by_recipient[recipient.pk]
        now = timezone.now()
        # Claim first: what another run claimed a moment ago carries its own timestamp, not ours.
        if not Notification.objects.filter(pk__in=ids, emailed_at__isnull=True).update(emailed_at=now):
            continue
        if not recipient.email_notifications or not recipient.email:
            continue
        items = list(Notification.objects.filter(pk__in=ids, emailed_at=now).order_by("created_at"))
        if not items:
            continue
        send_templated_mail(
            to=recipient,
            template="submissions_digest",
            context={
                "items": [{"message": n.message, "link": settings.PORTAL_BASE_URL + n.url} for n in items],
                "count": len(items),
                "queue_link": settings.PORTAL_BASE_URL + "/review/",
            },
        )
        sent += 1
    return sent
