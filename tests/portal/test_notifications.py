import pytest
from django.core import mail
from django.urls import reverse

from portal.models import Notification
from portal.notifications import notify

pytestmark = pytest.mark.django_db


def test_nobody_is_notified_of_their_own_action(alice, editor):
    created = notify(recipients=[alice, editor], actor=editor, kind="test", message="Xin chào")
    assert [n.recipient for n in created] == [alice]


def test_a_dedup_key_notifies_once(alice, editor):
    notify(recipients=[alice], actor=editor, kind="reminder", message="Nhắc", dedup_key="r-1")
    notify(recipients=[alice], actor=editor, kind="reminder", message="Nhắc", dedup_key="r-1")
    assert Notification.objects.filter(recipient=alice).count() == 1


def test_notifications_are_emailed_unless_turned_off(alice, lead, editor, django_capture_on_commit_callbacks):
    lead.email_notifications = False
    lead.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(recipients=[alice, lead], actor=editor, kind="test", message="Có tin mới", url="/home/",
               email_template="notification")  # fmt: skip
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]
    assert mail.outbox[0].alternatives


def test_the_notification_list_shows_unread_and_marks_them_read(client, alice, editor):
    notify(recipients=[alice], actor=editor, kind="test", message="Có tin mới")
    client.force_login(alice)
    html = client.get(reverse("portal:notifications")).content.decode()
    assert "Có tin mới" in html
    client.post(reverse("portal:notifications"))
    assert not Notification.objects.filter(recipient=alice, read_at__isnull=True).exists()
