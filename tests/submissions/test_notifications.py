"""Who hears about what: editors get one digest for many new items, the author hears the editor's
request by email, nobody is told of their own action, and email can be turned off."""

import pytest
from django.core import mail
from django.urls import reverse

from portal.models import Notification
from submissions import services, tasks

from .conftest import make_draft, make_submitted

pytestmark = pytest.mark.django_db


def test_editors_get_one_digest_for_many_new_submissions(alice, editor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for i in range(3):
            make_submitted(alice, title=f"Tin mới gửi số {i} trong ngày")
    assert mail.outbox == []  # no mail per item
    assert Notification.objects.filter(recipient=editor, kind="submission_new").count() == 3
    assert tasks.email_submission_digest() == 1
    assert tasks.email_submission_digest() == 0  # idempotent: each notification is mailed once
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["bob@example.com"] and "3 tin, bài mới đang chờ duyệt" in message.subject
    assert all(f"Tin mới gửi số {i}" in message.body for i in range(3))
    assert message.alternatives


def test_an_editor_who_turned_email_off_gets_no_digest(alice, editor):
    editor.email_notifications = False
    editor.save()
    make_submitted(alice)
    assert tasks.email_submission_digest() == 0
    assert mail.outbox == []
    assert Notification.objects.get(recipient=editor).emailed_at is not None


def test_the_editors_request_reaches_the_author_by_email(client, alice, editor, django_capture_on_commit_callbacks):
    item = make_submitted(alice)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("submissions:item_action", args=[item.pk, "request_changes"]), {"comment": "Thêm số liệu."})
    note = Notification.objects.get(recipient=alice, kind="submission_request_changes")
    assert "Ban Biên tập đề nghị chỉnh sửa" in note.message and "Thêm số liệu." in note.message
    assert [m.to for m in mail.outbox] == [["alice@example.com"]]


def test_nobody_is_notified_of_their_own_action(alice, editor, committee):
    from portal import services as portal_services
    from portal.models import Role

    # An editor who is also the author would not hear of their own approval; here the author
    # submits (editors hear) and the editor acts (only the author hears).
    other_editor = portal_services.account_create(username="eve", email="eve@example.com", role=Role.EDITOR,
                                                  committee=committee, password="x-Strong-passw0rd")  # fmt: skip
    item = make_submitted(alice)
    assert not Notification.objects.filter(recipient=alice).exists()
    services.submission_transition(submission=item, by=editor, action="claim")
    services.submission_transition(submission=item, by=editor, action="approve")
    assert not Notification.objects.filter(recipient=editor, kind__in=["submission_approve"]).exists()
    assert Notification.objects.filter(recipient=alice, kind="submission_approve").exists()
    assert not Notification.objects.filter(recipient=other_editor, kind="submission_approve").exists()


def test_a_draft_notifies_nobody(alice, editor):
    make_draft(alice)
    assert not Notification.objects.exists()
