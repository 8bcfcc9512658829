"""Every write on items and photos: drafting, uploading, submitting, reviewing, publishing.

Views, tasks and commands call these; none of them changes an item with a bare ``save()``. Each
function is atomic, checks the workflow table (``submissions.workflow``) and records the step in the
item's history (``ReviewAction``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.access import has_role
from portal.models import Role, User
from portal.notifications import notify
from schedule.models import Topic
from schedule.selectors import event_news_due_at
from submissions import rules
from submissions.models import Photo, ReviewAction, Submission, SubmissionVersion
from submissions.photos import check_upload, problem_codes
from submissions.richtext import body_text, sanitize_body
from submissions.workflow import Action, TransitionNotAllowed, check_transition

S = Submission.State
UNIT_ROLES = (Role.CORRESPONDENT, Role.UNIT_LEAD)
EDITABLE_BY_UNIT = (S.DRAFT, S.CHANGES_REQUESTED)
DRAFT_FIELDS = ("kind", "title", "summary", "body", "topic", "event_date", "event_place")


class SubmissionIncomplete(Exception):
    """The item cannot be submitted yet; ``messages`` say what is missing, in the user's language."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__("; ".join(messages))
        self.messages = messages


# --- drafting -------------------------------------------------------------------------------------


def _require_unit_member(submission: Submission, by: User) -> None:
    if not has_role(by, *UNIT_ROLES) or by.unit_id != submission.unit_id:
        raise PermissionDenied


def _require_editable(submission: Submission) -> None:
    if submission.state not in EDITABLE_BY_UNIT:
        raise TransitionNotAllowed(
            _("The item is “%(state)s” and can no longer be changed by its unit.")
            % {"state": submission.get_state_display()}
        )


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
    if not has_role(by, *UNIT_ROLES) or by.unit is None:
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


@transaction.atomic
def submission_update(*, submission: Submission, by: User, **fields) -> Submission:
    """Save the unit's changes to a draft or to an item sent back for changes."""
    _require_unit_member(submission, by)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    _require_editable(submission)
    unknown = set(fields) - set(DRAFT_FIELDS)
    if unknown:
        raise TypeError(f"Not draft fields: {unknown}")
    for name, value in fields.items():
        if name == "body":
            value = sanitize_body(value)
        elif isinstance(value, str):
            value = value.strip()
        setattr(submission, name, value)
    submission.save(update_fields=[*fields, "updated_at"])
    return submission


# --- photos ---------------------------------------------------------------------------------------


def photo_add(*, submission: Submission, by: User, upload: UploadedFile, caption: str = "", credit: str = "") -> Photo:
    """Store an uploaded photo with its quality report. Raises ``photos.UploadRefused`` for a file
    that is not a photo we take.

    The file is written first and deleted again if the database write fails, so nothing half-written
    stays on disk. Call it outside any larger transaction (the views do): only then is the row
    committed when this returns.
    """
    _require_unit_member(submission, by)
    checked = check_upload(upload)  # before any write: a refused file leaves no trace
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
            _require_editable(Submission.objects.select_for_update().get(pk=submission.pk))
            last = submission.photos.order_by("-sort_order").values_list("sort_order", flat=True).first() or 0
            photo.sort_order = last + 1
            photo.save()
            from submissions.tasks import deep_check_photo

            transaction.on_commit(lambda: deep_check_photo.delay(photo.pk))
    except BaseException:
        photo.file.storage.delete(photo.file.name)
        raise
    return photo


@transaction.atomic
def photo_update(*, photo: Photo, by: User, caption: str, credit: str) -> Photo:
    _require_unit_member(photo.submission, by)
    _require_editable(photo.submission)
    photo.caption = caption.strip()
    photo.credit = credit.strip()
    photo.save(update_fields=["caption", "credit"])
    return photo


@transaction.atomic
def photo_remove(*, photo: Photo, by: User) -> None:
    """Take a photo off the item. Photos of an item that was ever submitted are kept (marked removed)
    so its versions stay complete; a never-submitted draft's photo is deleted with its file."""
    submission = photo.submission
    _require_unit_member(submission, by)
    _require_editable(submission)
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
    _require_unit_member(photo.submission, by)
    if photo.verdict != Photo.Verdict.FAIL or photo.is_accepted or photo.removed:
        return photo
    photo.acceptance_requested_at = timezone.now()
    photo.save(update_fields=["acceptance_requested_at"])
    submission = photo.submission
    _notify(
        recipients=_editors_of(submission),
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
    if not has_role(by, Role.EDITOR, Role.ADMIN):
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
    _record(
        submission,
        by,
        "accept_photo",
        submission.state,
        submission.state,
        _("Photo “%(photo)s”: %(reason)s") % {"photo": photo, "reason": reason},
    )
    _notify(
        recipients=[submission.author],
        actor=by,
        kind="photo_accepted",
        message=lambda: _("The editorial board accepted a photo of “%(title)s”.") % {"title": submission},
        url=reverse("submissions:item_detail", args=[submission.pk]),
        email=True,
    )
    return photo


# --- submitting -----------------------------------------------------------------------------------


def missing_for_submission(submission: Submission) -> list[str]:
    """What stops ``submission`` from being submitted, as messages in the current language."""
    photos = [p for p in submission.photos.all() if not p.removed]
    facts = rules.ItemFacts(
        kind=submission.kind,
        title=submission.title,
        body_text=body_text(submission.body),
        usable_photos=sum(1 for p in photos if p.usable),
        blocking_photos=sum(1 for p in photos if p.blocks_submission),
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
                "photo_blocking": lambda p=p: _(
                    "A photo did not pass the quality check: replace it, or ask the editorial board to accept it."
                ),
            }[missing.code]()
        )
    return messages


@transaction.atomic
def submission_submit(*, submission: Submission, by: User) -> Submission:
    """Send a draft to the editorial board, or resubmit an item after the requested changes.

    The first submission fixes ``first_submitted_at`` and ``quota_month`` (rule 2) for good. Event
    news is flagged late when first submitted at or after its due time (rule 4); it is not refused.
    """
    _require_unit_member(submission, by)
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    action = Action.RESUBMIT if submission.state == S.CHANGES_REQUESTED else Action.SUBMIT
    transition = check_transition(submission, action, by)
    missing = missing_for_submission(submission)
    if missing:
        raise SubmissionIncomplete(missing)
    now = timezone.now()
    from_state = submission.state
    if submission.first_submitted_at is None:
        submission.first_submitted_at = now
        submission.quota_month = timezone.localtime(now).date().replace(day=1)
    if submission.kind == Submission.Kind.NEWS and submission.event_date:
        submission.due_at = event_news_due_at(submission.committee, submission.event_date)
        submission.is_late = submission.first_submitted_at >= submission.due_at
    else:
        submission.due_at = None
        submission.is_late = False
    submission.state = transition.next_state
    submission.held_by = None
    submission.held_since = None
    version = _snapshot(submission, by, action)
    submission.save()
    _record(submission, by, action, from_state, submission.state, "", version.number)
    _notify(
        recipients=_editors_of(submission),
        actor=by,
        kind="submission_new",
        message=lambda: (
            (
                _("New item from %(unit)s: “%(title)s”")
                if action == Action.SUBMIT
                else _("Revised item from %(unit)s: “%(title)s”")
            )
            % {"unit": submission.unit, "title": submission}
        ),
        url=reverse("submissions:item_detail", args=[submission.pk]),
        email=False,  # editors get a digest (tasks.email_submission_digest), not one mail per item
    )
    return submission


def _snapshot(submission: Submission, by: User, reason: str) -> SubmissionVersion:
    submission.version_count += 1
    photos = [
        {"id": p.pk, "caption": p.caption, "credit": p.credit, "sha256": p.sha256, "verdict": p.verdict}
        for p in submission.photos.filter(removed=False)
    ]
    return SubmissionVersion.objects.create(
        submission=submission,
        number=submission.version_count,
        reason=reason,
        created_by=by,
        kind=submission.kind,
        title=submission.title,
        summary=submission.summary,
        body=submission.body,
        topic_name=submission.topic.name if submission.topic_id else "",
        event_date=submission.event_date,
        event_place=submission.event_place,
        photos=photos,
    )


# --- review ---------------------------------------------------------------------------------------

# Actions that need the editor to say something to the unit.
COMMENT_REQUIRED = {Action.REQUEST_CHANGES, Action.REJECT}

_AUTHOR_MESSAGES = {
    Action.REQUEST_CHANGES: lambda s: _("The editorial board asks for changes to “%(title)s”.") % {"title": s},
    Action.APPROVE: lambda s: _("“%(title)s” was approved.") % {"title": s},
    Action.REJECT: lambda s: _("“%(title)s” was rejected.") % {"title": s},
    Action.PUBLISH: lambda s: _("“%(title)s” was published on the news site.") % {"title": s},
    Action.REPUBLISH: lambda s: _("“%(title)s” was published on the news site.") % {"title": s},
    Action.UNPUBLISH: lambda s: _("“%(title)s” was taken off the news site.") % {"title": s},
}


@transaction.atomic
def submission_transition(*, submission: Submission, by: User | None, action: str, comment: str = "") -> Submission:
    """Make one review step (claim, take over, release, request changes, approve, reject, withdraw,
    publish, unpublish, republish, unschedule) after checking the workflow table; record it and
    notify the people it concerns. ``by=None`` is the system (scheduled publishing)."""
    submission = Submission.objects.select_for_update().select_related("unit", "author").get(pk=submission.pk)
    if action in (Action.SUBMIT, Action.RESUBMIT, Action.EDIT_COPY, Action.SCHEDULE):
        raise ValueError(f"Use the dedicated service for {action}.")
    if by is not None and by.is_unit_member:
        _require_unit_member(submission, by)
    transition = check_transition(submission, action, by)
    comment = comment.strip()
    if action in COMMENT_REQUIRED and not comment:
        raise TransitionNotAllowed(_("Write a comment for the unit: say what to change or why."))
    now = timezone.now()
    from_state = submission.state
    previous_holder = submission.held_by
    if action in (Action.CLAIM, Action.TAKE_OVER):
        submission.held_by, submission.held_since = by, now
    elif action in (Action.RELEASE, Action.REQUEST_CHANGES, Action.REJECT, Action.APPROVE, Action.WITHDRAW):
        submission.held_by, submission.held_since = None, None
    if action in (Action.REQUEST_CHANGES, Action.APPROVE, Action.REJECT):
        submission.reviewed_version = submission.version_count or None
    if action in (Action.PUBLISH, Action.REPUBLISH):
        # published_at keeps the FIRST publishing time: republishing after a correction does not
        # move the item to the top of the site again. (Quotas count by quota_month, not by this.)
        submission.published_at = submission.published_at or now
        submission.publish_at = None
    if action in (Action.UNSCHEDULE, Action.REJECT):
        submission.publish_at = None
    submission.state = transition.next_state
    submission.save()
    _record(submission, by, action, from_state, submission.state, comment, submission.version_count or None)
    url = reverse("submissions:item_detail", args=[submission.pk])
    if action in _AUTHOR_MESSAGES:
        _notify(
            recipients=[submission.author],
            actor=by,
            kind=f"submission_{action}",
            message=lambda: _AUTHOR_MESSAGES[action](submission) + (f" {comment}" if comment else ""),
            url=url,
            email=True,
        )
    if action == Action.TAKE_OVER and previous_holder is not None and previous_holder != by:
        _notify(
            recipients=[previous_holder],
            actor=by,
            kind="submission_taken_over",
            message=lambda: _("%(name)s took over the review of “%(title)s”.") % {"name": by, "title": submission},
            url=url,
            email=True,
        )
    if action in (Action.PUBLISH, Action.REPUBLISH):
        from submissions.tasks import make_renditions

        transaction.on_commit(lambda: make_renditions.delay(submission.pk))
    return submission


@transaction.atomic
def submission_schedule(*, submission: Submission, by: User, publish_at: datetime.datetime) -> Submission:
    """Publish an approved item at ``publish_at`` (a task at that time, with a periodic sweep behind it)."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    check_transition(submission, Action.SCHEDULE, by)
    if publish_at <= timezone.now():
        raise TransitionNotAllowed(_("Choose a time in the future, or publish now."))
    submission.publish_at = publish_at
    submission.save(update_fields=["publish_at", "updated_at"])
    local = timezone.localtime(publish_at)
    _record(submission, by, Action.SCHEDULE, submission.state, submission.state, local.strftime("%d/%m/%Y %H:%M"))
    from submissions.tasks import publish_scheduled

    transaction.on_commit(lambda: publish_scheduled.apply_async((submission.pk,), eta=publish_at))
    return submission


@transaction.atomic
def submission_edit_copy(
    *, submission: Submission, by: User, title: str, summary: str, body: str, comment: str = ""
) -> Submission:
    """An editor's copy edit before publishing: saved as a new version and recorded."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    check_transition(submission, Action.EDIT_COPY, by)
    submission.title = title.strip()
    submission.summary = summary.strip()
    submission.body = sanitize_body(body)
    version = _snapshot(submission, by, SubmissionVersion.Reason.COPY_EDIT)
    submission.save()
    _record(submission, by, Action.EDIT_COPY, submission.state, submission.state, comment.strip(), version.number)
    return submission


def publish_due(*, now: datetime.datetime | None = None, only_ids: list[int] | None = None) -> list[int]:
    """Publish every approved item whose ``publish_at`` has come (optionally only ``only_ids``).
    Idempotent; on PostgreSQL rows another sweep is publishing are skipped (``skip_locked``), so
    two sweeps never clash. Returns the published items' ids."""
    now = now or timezone.now()
    published = []
    due = Submission.objects.filter(state=S.APPROVED, publish_at__lte=now)
    if only_ids is not None:
        due = due.filter(pk__in=only_ids)
    due_ids = list(due.order_by("publish_at").values_list("pk", flat=True)[:500])
    for pk in due_ids:
        with transaction.atomic():
            row = (
                Submission.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, state=S.APPROVED, publish_at__lte=now)
                .first()
            )
            if row is None:
                continue
            submission_transition(submission=row, by=None, action=Action.PUBLISH)
            published.append(pk)
    return published


def bulk_transition(
    *, submissions: Iterable[Submission], by: User, action: str, comment: str = ""
) -> tuple[list[Submission], list[tuple[Submission, str]]]:
    """The same review step on several items, each checked and recorded on its own (one failing
    item does not stop the others). Returns (done, [(item, why not)])."""
    done, failed = [], []
    for submission in submissions:
        try:
            done.append(submission_transition(submission=submission, by=by, action=action, comment=comment))
        except TransitionNotAllowed as exc:
            failed.append((submission, exc.message))
        except PermissionDenied:
            failed.append((submission, _("You may not do this.")))
    return done, failed


# --- history and notifications -------------------------------------------------------------------


def _record(
    submission: Submission,
    by: User | None,
    action: str,
    from_state: str,
    to_state: str,
    comment: str = "",
    version_number: int | None = None,
) -> ReviewAction:
    return ReviewAction.objects.create(
        submission=submission,
        actor=by,
        action=action,
        from_state=from_state,
        to_state=to_state,
        comment=comment,
        version_number=version_number,
    )


def _editors_of(submission: Submission) -> list[User]:
    return list(User.objects.filter(committee_id=submission.committee_id, role=Role.EDITOR, is_active=True))


def _notify(*, recipients: Iterable[User], actor: User | None, kind: str, message, url: str, email: bool) -> None:
    """Notify each recipient in their own language (``message`` is a callable run under it)."""
    for user in recipients:
        with translation.override(user.language or "vi"):
            text = str(message())
        notify(
            recipients=[user],
            actor=actor,
            kind=kind,
            message=text,
            url=url,
            email_template="notification" if email else None,
        )
