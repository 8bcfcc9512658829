"""Handing work to Celery without losing it: a transactional outbox.

``enqueue(task, *args)`` writes an ``OutboxTask`` row in the caller's transaction. After the commit
the row is handed to the broker and deleted; when the broker is unreachable the error is logged,
the request goes on (the user's change is saved and they are told so), and the row waits for the
relay (``relay_outbox``: every minute from beat, and when a worker starts). A row is handed over
under a row lock (``skip_locked``), so two relays never send it twice; a crash between the send and
the delete can send it again, which is why every task the portal queues is idempotent.
"""

from __future__ import annotations

import datetime
import logging

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from portal.models import OutboxTask

log = logging.getLogger(__name__)

# Tasks due within this time are handed to the broker with their ETA; later ones wait in the table.
ETA_HORIZON = datetime.timedelta(minutes=2)
BATCH = 200


def enqueue(task, *args, eta: datetime.datetime | None = None, **kwargs) -> OutboxTask:
    """Owe ``task(*args, **kwargs)`` (at ``eta`` at the earliest), durably with the caller's
    transaction; it is handed to Celery after the commit and never raises into the caller."""
    row = OutboxTask.objects.create(task=task.name, args=list(args), kwargs=kwargs, not_before=eta)
    if eta is None or eta <= timezone.now() + ETA_HORIZON:
        transaction.on_commit(lambda: relay_one(row.pk))
    return row


def relay_one(pk: int) -> bool:
    """Hand one row to the broker and delete it. False when the broker refused (the row stays) or
    another relay has it."""
    try:
        with transaction.atomic():
            row = OutboxTask.objects.select_for_update(skip_locked=True).filter(pk=pk).first()
            if row is None:
                return False
            try:
                with transaction.atomic():
                    _hand_over(row)
            except Exception as exc:
                log.warning("task %s (outbox %s) left for the relay: %r", row.task, row.pk, exc)
                OutboxTask.objects.filter(pk=row.pk).update(
                    attempts=row.attempts + 1, last_error=f"{type(exc).__name__}: {exc}"[:300]
                )
                return False
            row.delete()
            return True
    except Exception:
        # Even the database failing here must not turn a saved change into an error page.
        log.exception("outbox relay of row %s failed", pk)
        return False


def relay_due(*, now: datetime.datetime | None = None) -> int:
    """Hand every row that is due (or nearly) to the broker, oldest first; stop at the first refusal
    (the broker is still down). Returns the number handed over."""
    now = now or timezone.now()
    sent = 0
    while True:
        due = OutboxTask.objects.filter(Q(not_before__isnull=True) | Q(not_before__lte=now + ETA_HORIZON))
        ids = list(due.values_list("pk", flat=True)[:BATCH])
        if not ids:
            return sent
        progressed = False
        for pk in ids:
            if relay_one(pk):
                sent += 1
                progressed = True
            elif OutboxTask.objects.filter(pk=pk).exists():
                return sent  # refused: the broker is down, try again on the next run
        if not progressed:
            return sent


def _hand_over(row: OutboxTask) -> None:
    from portal.celery_app import app

    eta = row.not_before if row.not_before and row.not_before > timezone.now() else None
    if app.conf.task_always_eager:
        app.tasks[row.task].apply_async(args=row.args, kwargs=row.kwargs)
    else:
        app.send_task(row.task, args=row.args, kwargs=row.kwargs, eta=eta)
