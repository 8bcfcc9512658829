"""Email is sent at least once and never twice (issue 11, item 4), through a real SMTP conversation
with a local sink that refuses the first attempt: the task retries, the notification is marked
emailed only after the server took the mail, and subjects and plain text show titles as typed."""

from __future__ import annotations

import smtplib

import pytest
from django.urls import reverse

from portal.models import Notification
from submissions import tasks
from tests.conftest import wait_for
from tests.faults import SmtpSink, parts, subject

from .conftest import make_submitted

pytestmark = pytest.mark.django_db

TITLE = 'Hội nghị "Dân vận khéo" của xã Tân Long\'s'


@pytest.fixture
def sink(settings):
    """A local SMTP server the portal sends to, refusing the first message with a 451."""
    with SmtpSink(fail_first=True) as server:
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", server.port
        settings.EMAIL_USE_TLS = False
        settings.EMAIL_TIMEOUT = 5
        yield server


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_a_refused_first_attempt_is_retried_by_the_worker_and_the_author_gets_one_mail(
    client, alice, editor, sink, celery_worker_on_redis
):
    item = make_submitted(alice, title=TITLE)
    client.force_login(editor)
    response = client.post(
        reverse("submissions:item_action", args=[item.pk, "request_changes"]), {"comment": 'Sửa "sapo".'}
    )
    assert response.status_code == 302
    note = Notification.objects.get(recipient=alice, kind="submission_request_changes")
    wait_for(lambda: Notification.objects.filter(pk=note.pk, emailed_at__isnull=False).exists(), timeout=30)
    assert sink.attempts == 2  # refused once (451), then taken after the backoff
    assert len(sink.messages) == 1
    # Running the task again (a redelivered message) sends nothing more.
    from portal.tasks import email_notifications

    email_notifications.delay([note.pk], "notification", {})
    tasks.email_submission_digest.delay()  # a later task on the same queue: the first is done by then
    wait_for(lambda: not Notification.objects.filter(emailed_at__isnull=True).exists())
    to_alice = [m for m in sink.messages if m["To"] == "alice@example.com"]
    assert len(to_alice) == 1

    message = to_alice[0]
    body = parts(message)
    assert '"Dân vận khéo"' in subject(message) and "&quot;" not in subject(message)
    assert TITLE in body["text/plain"] and '"sapo"' in body["text/plain"]
    assert "&quot;" not in body["text/plain"] and "&#x27;" not in body["text/plain"]
    assert "&quot;Dân vận khéo&quot;" in body["text/html"]


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_the_editors_digest_survives_a_refused_send_and_is_mailed_once(alice, editor, sink, celery_worker_on_redis):
    for i in range(2):
        make_submitted(alice, title=f'Tin số {i} có "ngoặc kép"')
    tasks.email_submission_digest.delay()  # as beat sends it
    wait_for(lambda: len(sink.messages) == 1, timeout=30)
    tasks.email_submission_digest.delay()
    tasks.email_submission_digest.delay()
    wait_for(lambda: not Notification.objects.filter(recipient=editor, emailed_at__isnull=True).exists())
    assert sink.attempts == 2 and len(sink.messages) == 1
    assert not Notification.objects.filter(recipient=editor, emailed_at__isnull=True).exists()
    assert '"ngoặc kép"' in parts(sink.messages[0])["text/plain"]


def test_a_failed_send_leaves_the_notification_unmarked_for_the_next_try(alice, editor, sink):
    make_submitted(alice)
    with pytest.raises(smtplib.SMTPDataError):
        tasks.email_submission_digest()
    assert Notification.objects.get(recipient=editor).emailed_at is None
    assert tasks.email_submission_digest() == 1
    assert Notification.objects.get(recipient=editor).emailed_at is not None
    assert len(sink.messages) == 1
