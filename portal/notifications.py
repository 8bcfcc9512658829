"""Notifying people: one call makes the in-page notifications and queues the emails."""

from __future__ import annotations

from collections.abc import Callable, Iterable

from django.db import IntegrityError, transaction
from django.utils import translation

from portal.models import Notification, User


def notify(
    *,
    recipients: Iterable[User],
    actor: User | None,
    kind: str,
    message: str,
    url: str = "",
    email_template: str | None = None,
    context: dict | None = None,
    dedup_key: str = "",
) -> list[Notification]:
    """Notify each recipient once: nobody is notified of their own action, inactive accounts are
    skipped, and with a ``dedup_key`` a second call for the same recipient does nothing.

    ``message`` is stored as given (pass text already in the recipient's language, or a short
    neutral text). With ``email_template`` an email (``emails/<template>*``) is owed in the outbox
    (``portal.outbox``, sent after commit even if the broker is down now) for recipients who keep email on; without it the notification is in-page only (e.g. when a
    digest task mails it later).
    """
    created: list[Notification] = []
    seen: set[int] = set()
    for user in recipients:
        if user.pk in seen or not user.is_active or (actor is not None and user.pk == actor.pk):
            continue
        seen.add(user.pk)
        try:
            with transaction.atomic():
                created.append(
                    Notification.objects.create(
                        recipient=user, actor=actor, kind=kind, message=message[:500], url=url, dedup_key=dedup_key
                    )
                )
        except IntegrityError:
            continue  # already notified under this key
    if email_template:
        ids = [n.pk for n in created if n.recipient.email_notifications and n.recipient.email]
        if ids:
            from portal.outbox import enqueue
            from portal.tasks import email_notifications

            enqueue(email_notifications, ids, email_template, context or {})
    return created


def mark_read(*, user: User, notification_ids: Iterable[int] | None = None) -> int:
    from django.utils import timezone

    qs = Notification.objects.filter(recipient=user, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    marked = qs.update(read_at=timezone.now())
    forget_unread_count(user.pk)
    return marked


def unread_count(user: User) -> int:
    """The user's unread notifications (the navigation bar's badge, on every signed-in page), kept in
    the cache under a version that a new notification or ``mark_read`` bumps."""
    from portal import versions

    return versions.cached_values([unread_count_spec(user)])[0]


def unread_count_spec(user: User) -> tuple:
    """``unread_count`` as a ``versions.cached_values`` spec, to read it with other cached values at once."""
    return (
        [_unread_version(user.pk)],
        f"notifications:unread:{user.pk}",
        lambda: Notification.objects.filter(recipient=user, read_at__isnull=True).count(),
        3600,
    )


def _unread_version(user_id: int) -> str:
    return f"unread:{user_id}"


def forget_unread_count(user_id: int) -> None:
    from portal import versions

    versions.bump(_unread_version(user_id))


def notification_saved(sender, instance: Notification, **kwargs) -> None:
    forget_unread_count(instance.recipient_id)


def notify_each(
    recipients: Iterable[User],
    *,
    actor: User | None,
    kind: str,
    message: Callable[[], str],
    url: str = "",
    email_template: str | None = "notification",
    context: Callable[[], dict] | None = None,
    dedup_key: str = "",
) -> int:
    """:func:`notify` each person in their own language: ``message`` (and ``context``) are rendered
    under each recipient's language. Returns how many notifications were made."""
    count = 0
    for user in recipients:
        with translation.override(user.language or "vi"):
            count += len(
                notify(
                    recipients=[user],
                    actor=actor,
                    kind=kind,
                    message=str(message()),
                    url=url,
                    email_template=email_template,
                    context=context() if context else None,
                    dedup_key=dedup_key,
                )
            )
    return count
