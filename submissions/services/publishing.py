"""Publishing at a set time: scheduling an approved item, and the sweep that publishes what is due."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User
from portal.outbox import enqueue
from submissions.models import Submission
from submissions.services._common import check, record
from submissions.services.review import submission_transition
from submissions.workflow import Action, TransitionNotAllowed

S = Submission.State


@transaction.atomic
def submission_schedule(*, submission: Submission, by: User, publish_at: datetime.datetime) -> Submission:
    """Publish an approved item at ``publish_at`` (a task at that time, with a periodic sweep behind it)."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    check(submission, Action.SCHEDULE, by)
    if publish_at <= timezone.now():
        raise TransitionNotAllowed(_("Choose a time in the future, or publish now."))
    submission.publish_at = publish_at
    submission.save(update_fields=["publish_at", "updated_at"])
    local = timezone.localtime(publish_at)
    record(submission, by, Action.SCHEDULE, submission.state, submission.state, local.strftime("%d/%m/%Y %H:%M"))
    from submissions.tasks import publish_scheduled

    # Owed in the outbox until nearly due (no long ETA in the broker); the per-minute sweep
    # (publish_due_submissions) publishes it even if this task is lost.
    enqueue(publish_scheduled, submission.pk, eta=publish_at)
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
