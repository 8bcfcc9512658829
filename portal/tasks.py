from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from celery import shared_task
from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from portal.emails import send_templated_mail
from portal.models import Invitation

# SMTP errors are OSErrors (smtplib.SMTPException, refused or timed-out connections): retried with
# growing, jittered delays (1 s, 2 s, 4 s, ... at most 10 minutes), up to about an hour in all.
EMAIL_RETRY = {"autoretry_for": (OSError,), "retry_backoff": True, "retry_backoff_max": 600, "max_retries": 10}


def invitation_link(invitation: Invitation) -> str:
    user = invitation.user
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return settings.PORTAL_BASE_URL + path


@shared_task(**EMAIL_RETRY)
def send_invitation(invitation_id: int) -> None:
    """Email the invited person a link that lets them set their password. Sending twice is harmless."""
    invitation = Invitation.objects.select_related("user", "invited_by").filter(pk=invitation_id).first()
    if invitation is None or invitation.accepted_at:
        return
    send_templated_mail(
        to=invitation.user,
        template="invitation",
        context={"invitation": invitation, "link": invitation_link(invitation)},
    )
    invitation.sent_at = timezone.now()
    invitation.save(update_fields=["sent_at"])


@shared_task(**EMAIL_RETRY)
def email_notifications(notification_ids: list[int], template: str, context: dict) -> int:
    """Email notifications that have not been emailed yet: at least once, and never twice on success.

    Each notification is locked (``select_for_update(skip_locked)``) while its mail is sent and is
    marked ``emailed_at`` in the same transaction, only after the SMTP server took the mail: a
    failed send leaves it unmarked for the retry, and a concurrent run skips it. A worker killed
    between the send and the commit sends it again on redelivery (at least once).

    ``context`` must be JSON-serialisable (it crosses the broker); the notification itself is in
    the template context as ``notification``. Returns the number of mails sent.
    """
    from portal.models import Notification

    sent = 0
    for pk in notification_ids:
        with transaction.atomic():
            notification = (
                Notification.objects.select_for_update(skip_locked=True).filter(pk=pk, emailed_at__isnull=True).first()
            )
            if notification is None:
                continue  # emailed already, or another run is sending it right now
            if notification.recipient.email_notifications:
                url = notification.url
                if url.startswith("/"):
                    url = settings.PORTAL_BASE_URL + url
                sent += send_templated_mail(
                    to=notification.recipient,
                    template=template,
                    context={**context, "notification": notification, "link": url},
                )
            notification.emailed_at = timezone.now()
            notification.save(update_fields=["emailed_at"])
    return sent


@shared_task
def relay_outbox() -> int:
    """Hand the tasks the outbox still owes to the broker (see ``portal.outbox``). Periodic, and run
    when a worker starts; idempotent."""
    from portal.outbox import relay_due

    return relay_due()


@shared_task(ignore_result=True)
def beat_heartbeat() -> None:
    """Beat's tick, queued every minute: the worker records the time for the health checks."""
    from portal.health import record_heartbeat

    record_heartbeat()
