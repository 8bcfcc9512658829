"""The unit's writes on its items: a new draft, its changes, and sending it to the editorial board."""

from __future__ import annotations

import datetime
import uuid

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, models, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal import roles
from portal.models import User
from portal.outbox import enqueue
from schedule.models import Topic
from schedule.selectors import event_news_due_at
from submissions import rules, workflow
from submissions.models import Photo, Submission
from submissions.richtext import body_text, sanitize_body
from submissions.services._common import (
    apply_effects,
    check,
    editors_of,
    record,
    require_editable,
    require_lock_version,
    require_unit_member,
    send,
    snapshot,
)

DRAFT_FIELDS = ("kind", "title", "summary", "body", "topic", "event_date", "event_place")


class SubmissionIncomplete(Exception):
    """The item cannot be submitted yet; ``messages`` say what is missing, in the user's language."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


@transaction.atomic
def submission_create(
    *,
    by: User,
    kind: str = Submission.Kind.NEWS,
    title: str = "",
    summary: str = "",
    body: str = "",
    topic: Topic | None = None,
    event_date: datetime.date | None = None,
    event_place: str = "",
) -> Submission:
    """A new draft of the author's unit. Drafts may be incomplete."""
    if not roles.in_group(by, roles.UNIT) or by.unit is None:
        raise PermissionDenied
    return Submission.objects.create(
        committee=by.unit.committee,
        unit=by.unit,
        author=by,
        kind=kind,
        title=title.strip(),
        summary=summary.strip(),
        body=sanitize_body(body),
        topic=topic,
        event_date=event_date,
        event_place=event_place.strip(),
    )


def submission_create_once(*, by: User, token: uuid.UUID, **fields) -> tuple[Submission, bool]:
    """The draft the new-item form with one-time ``token`` makes, and whether it was made now: a
    form sent twice (a double click, a resend after a timeout) finds the draft the first one made."""
    existing = Submission.objects.filter(creation_token=token, author=by).first()
    if existing is not None:
        return existing, False
    try:
        with transaction.atomic():
            submission = submission_create(by=by, **fields)
            Submission.objects.filter(pk=submission.pk).update(creation_token=token)
            submission.creation_token = token
            return submission, True
    except IntegrityError:  # the same token, committed by a parallel request a moment ago
        existing = Submission.objects.filter(creation_token=token, author=by).first()
        if existing is None:
            raise
        return existing, False


@transaction.atomic
def submission_update(*, submission: Submission, by: User, expected_version: int | None = None, **fields) -> Submission:
    """Save the unit's changes to a draft or to an item sent back for changes. With
    ``expected_version`` (the ``lock_version`` the form was drawn with), EditConflict when someone
    saved in between; TransitionNotAllowed when the item has meanwhile left the unit's hands."""
    require_unit_member(submission, by)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    require_editable(submission)
    require_lock_version(submission, expected_version)
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"Not draft fields: {unknown}")
    for name, value in fields.items():
        if name == "body":
            value = sanitize_body(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(submission, name, value)
    submission.lock_version += 1
    submission.save(update_fields=[*fields, "lock_version", "updated_at"])
    return submission


def missing_for_submission(submission: Submission) -> list[str]:
    """What stops ``submission`` from being submitted, as messages in the current language."""
    photos = [p for p in submission.photos.all() if not p.removed]
    facts = rules.ItemFacts(
        kind=submission.kind,
        title=submission.title,
        body_text=body_text(submission.body),
        usable_photos=sum(1 for p in photos if p.usable),
        blocking_photos=sum(1 for p in photos if p.blocks_submission),
        checking_photos=sum(1 for p in photos if p.checking),
    )
    messages = []
    for missing in rules.missing_for_submission(facts):
        p = missing.params
        messages.append(
            {
                "title": lambda p=p: _("Give the item a title of at least %(min)s characters.") % p,
                "body_short": lambda p=p: (
                    _("The body is too short: %(length)s characters, at least %(min)s are needed.") % p
                ),
                "body_long": lambda p=p: _("The body is too long: %(length)s characters, at most %(max)s.") % p,
                "photo_missing": lambda p=p: _("Add at least one illustrative photo."),
                "photo_checking": lambda p=p: _(
                    "A photo is still being checked: wait a few seconds until its verdict shows, then send the item."
                ),
                "photo_blocking": lambda p=p: _(
                    "A photo did not pass the quality check: replace it, or ask the editorial board to accept it."
                ),
            }[missing.code]()
        )
    return messages


def apply_timeliness(submission: Submission) -> None:
    """Set ``due_at`` and ``is_late`` from the item's event date and first submission (rule 4), in
    memory; the caller saves. Also for a corrected event date: the due time follows the new date."""
    if rules.has_event_deadline(kind=submission.kind, event_date=submission.event_date):
        submission.due_at = event_news_due_at(submission.committee, submission.event_date)
    else:
        submission.due_at = None
    submission.is_late = rules.is_late(first_submitted_at=submission.first_submitted_at, due_at=submission.due_at)


@transaction.atomic
def submission_submit(*, submission: Submission, by: User) -> Submission:
    """Send a draft to the editorial board, or resubmit an item after the requested changes.

    The first submission fixes ``first_submitted_at`` and ``quota_month`` (rule 2) for good. An item
    about an event, news or article, is flagged late when first submitted at or after its due time
    (rule 4); it is not refused.
    """
    require_unit_member(submission, by)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    transition = check(submission, workflow.submit_action(submission.state), by)
    missing = missing_for_submission(submission)
    if missing:
        raise SubmissionIncomplete(missing)
    now = timezone.now()
    from_state = submission.state
    if submission.first_submitted_at is None:
        submission.first_submitted_at = now
        submission.quota_month = timezone.localtime(now).date().replace(day=1)
    apply_timeliness(submission)
    apply_effects(submission, transition, by, now)
    version = snapshot(submission, by, transition.action)
    submission.save()
    record(submission, by, transition.action, from_state, submission.state, "", version.number)
    from submissions.tasks import check_duplicates

    enqueue(check_duplicates, submission.pk)  # durable: the outbox hands it over when the broker can take it
    send(
        recipients=editors_of(submission),
        actor=by,
        kind="submission_new",
        message=lambda: _(transition.spec.to_editors) % {"unit": submission.unit, "title": submission},
        url=reverse("submissions:item_detail", args=[submission.pk]),
        email=False,  # editors get a digest (tasks.email_submission_digest), not one mail per item
    )
    return submission


@transaction.atomic
def photo_captions_update(*, submission: Submission, by: User, captions: dict[int, str]) -> int:
    """Save the captions typed beside an editable item's photos on the one-step form (photo id →
    caption; ids of other items' photos are ignored). Returns how many changed."""
    require_unit_member(submission, by)
    require_editable(Submission.objects.select_for_update().get(pk=submission.pk))
    changed = 0
    for photo in Photo.objects.filter(submission=submission, removed=False, pk__in=list(captions)):
        caption = captions[photo.pk].strip()[: Photo._meta.get_field("caption").max_length]
        if caption != photo.caption:
            photo.caption = caption
            photo.save(update_fields=["caption"])
            changed += 1
    return changed


# A draft the phone form made when its first photo went up, and that was then left with no title
# and no text, is abandoned after this long: its photos are deleted (files and rows).
ABANDONED_DRAFT_AGE = datetime.timedelta(days=7)


def purge_abandoned_drafts(*, now: datetime.datetime | None = None) -> int:
    """Periodic and idempotent: delete the photos nobody will send.

    * a draft made by the one-step form (it has a ``creation_token``) that never got a title or
      any text and was last changed more than ``ABANDONED_DRAFT_AGE`` ago is deleted (soft, as its
      unit would: state "deleted", the step recorded with no actor);
    * the photos of deleted drafts that were never submitted are removed with their files (a
      submitted item keeps every photo for its versions; a deleted draft's are no one's to open).

    Returns the number of photos removed.
    """
    now = now or timezone.now()
    abandoned = Submission.objects.filter(
        state=Submission.State.DRAFT,
        first_submitted_at__isnull=True,
        creation_token__isnull=False,
        title="",
        body="",
        updated_at__lt=now - ABANDONED_DRAFT_AGE,
    )
    for submission in abandoned:
        with transaction.atomic():
            locked = Submission.objects.select_for_update().filter(pk=submission.pk, state=Submission.State.DRAFT)
            if locked.update(state=Submission.State.DELETED, lock_version=models.F("lock_version") + 1):
                record(submission, None, workflow.Action.DELETE, Submission.State.DRAFT, Submission.State.DELETED,
                       "abandoned: no title or text")  # fmt: skip
    removed = 0
    orphans = Photo.objects.filter(
        submission__state=Submission.State.DELETED, submission__first_submitted_at__isnull=True
    ).values_list("pk", flat=True)
    for pk in list(orphans):
        with transaction.atomic():
            photo = Photo.objects.select_for_update().filter(pk=pk).first()
            if photo is None:
                continue
            names = [f.name for f in (photo.file, photo.thumbnail, photo.page_image) if f]
            storage = photo.file.storage
            photo.delete()
            transaction.on_commit(lambda names=names, storage=storage: [storage.delete(n) for n in names])
            removed += 1
    return removed
