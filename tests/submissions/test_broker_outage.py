"""The broker down does not lose work or lie to the user (issue 11, item 2). The test owns a Redis
server on its own port: with it stopped, creating an item, uploading a photo, approving, publishing
and scheduling all succeed over HTTP and say so; the owed work waits in the outbox; once Redis is
back and a real worker runs, every email, rendition, deep check and the scheduled publish happen,
each once."""

from __future__ import annotations

import datetime
import pathlib
import time

import pytest
from celery.contrib.testing.worker import start_worker
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portal.models import Notification, OutboxTask
from submissions import services
from submissions.models import Photo, Submission
from tests.conftest import wait_for
from tests.faults import RedisServer, celery_on

from .conftest import BODY, make_approved, phone_photo, upload

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def broker():
    server = RedisServer()
    server.start()
    try:
        with celery_on(server.url) as app:
            yield server, app
    finally:
        server.stop()


def _all_done(second: Submission) -> bool:
    photos = Photo.objects.all()
    return (
        not OutboxTask.objects.exists()
        and Submission.objects.filter(pk=second.pk, state=Submission.State.PUBLISHED).exists()
        and not photos.filter(thumbnail="").exists()
        and not photos.filter(deep_checked_at__isnull=True).exists()
        and not Notification.objects.exclude(kind="submission_new").filter(emailed_at__isnull=True).exists()
    )


def test_with_the_broker_down_every_action_succeeds_and_its_work_is_done_once_when_it_is_back(
    client, alice, editor, broker
):
    server, app = broker
    server.stop()

    client.force_login(alice)
    response = client.post(
        reverse("submissions:item_create"), {"kind": "news", "title": "Tin khi mất hàng đợi", "body": BODY}
    )
    assert response.status_code == 302
    item = Submission.objects.get()
    response = client.post(
        reverse("submissions:photo_upload", args=[item.pk]),
        {"photo": upload("quang-canh.jpg"), "caption": "Quang cảnh"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    photo = item.photos.get()
    assert reverse("submissions:photo_file", args=[photo.pk, "thumb"]) in response.content.decode()  # its card
    assert photo.file.storage.exists(photo.file.name)  # kept, not deleted after a 500
    assert client.get(reverse("submissions:photo_file", args=[photo.pk, "thumb"])).status_code == 200
    assert client.post(reverse("submissions:item_action", args=[item.pk, "submit"])).status_code == 302
    # A phone-sized photo also owes the slower check (the blocking it cannot see at 1/8).
    client.post(reverse("submissions:item_create"), {"kind": "news", "title": "Tin có ảnh điện thoại", "body": BODY})
    phone_item = Submission.objects.exclude(pk=item.pk).get()
    response = client.post(
        reverse("submissions:photo_upload", args=[phone_item.pk]),
        {"photo": phone_photo(), "caption": "Ảnh 12 MP"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and phone_item.photos.get().checking

    client.force_login(editor)
    for action in ("claim", "approve", "publish"):
        response = client.post(reverse("submissions:item_action", args=[item.pk, action]), follow=True)
        assert response.status_code == 200, action
        assert "Đã" in response.content.decode()  # "Done: ..." in Vietnamese, not an error page
    item.refresh_from_db()
    assert item.state == Submission.State.PUBLISHED

    second = make_approved(alice, editor, title="Tin hẹn giờ khi mất hàng đợi")
    services.submission_schedule(
        submission=second, by=editor, publish_at=timezone.now() + datetime.timedelta(seconds=3)
    )
    owed = set(OutboxTask.objects.values_list("task", flat=True))
    assert {
        "submissions.tasks.make_photo_renditions",
        "submissions.tasks.deep_check_photo",
        "submissions.tasks.make_renditions",
        "submissions.tasks.publish_scheduled",
        "portal.tasks.email_notifications",
    } <= owed
    assert mail.outbox == []
    assert not Photo.objects.exclude(thumbnail="").exists()

    server.start()
    with start_worker(app, pool="solo", perform_ping_check=False, shutdown_timeout=10):
        app.send_task("portal.tasks.relay_outbox")  # what beat sends every minute
        wait_for(lambda: _all_done(second), timeout=60)
        time.sleep(1.5)  # anything sent twice would arrive now

    emailed = Notification.objects.exclude(kind="submission_new").filter(recipient__email_notifications=True)
    assert len(mail.outbox) == emailed.count() > 0
    assert len({(m.to[0], m.subject) for m in mail.outbox}) == len(mail.outbox)  # no copy twice
    files = list(pathlib.Path(photo.file.storage.path("renditions")).rglob("*.jpg"))
    assert len(files) == 2 * Photo.objects.count()  # each rendition written once, no orphan
