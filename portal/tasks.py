from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from celery import shared_task
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from portal.emails import send_templated_mail
from portal.models import Invitation


def invitation_link(invitation: Invitation) -> str:
    user = invitation.user
    path = reverse(
        "account_reset_password_from_key",
        kwargs={"uidb36": user_pk_to_url_str(user), "key": default_token_generator.make_token(user)},
    )
    return settings.PORTAL_BASE_URL + path


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
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


@shared_task(autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def email_notifications(notification_ids: list[int], template: str, context: dict) -> None:
    """Email notifications that have not been emailed yet; running twice sends once.

    ``context`` must be JSON-serialisable (it crosses the broker); the notification itself is in
    the template context as ``notification``.
    """
    from portal.models import Notification

    for notification in Notification.objects.select_related("recipient", "actor").filter(
        pk__in=notification_ids, emailed_at__isnull=True
    ):
        # Claim the notification first, so a concurrent run of this task skips it.
        claimed = Notification.objects.filter(pk=notification.pk, emailed_at__isnull=True).update(
            emailed_at=timezone.now()
        )
        if not claimed or not notification.recipient.email_notifications:
            continue
        url = notification.url
        if url.startswith("/"):
            url = settings.PORTAL_BASE_URL + url
        send_templated_mail(
            to=notification.recipient,
            template=template,
            context={**context, "notification": notification, "link": url},
        )


@shared_task(ignore_result=True)
def beat_heartbeat() -> None:
    """Beat's tick, queued every minute: the worker records the time for the health checks."""
    from portal.health import record_heartbeat

    record_heartbeat()
