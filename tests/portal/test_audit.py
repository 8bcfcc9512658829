"""The audit trail: sign-ins and failures, account changes, review steps, publishing and tally
recomputes, each with who, when and from which address, kept when the objects change; the
administrators read it in the Django admin, which cannot change it."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import AuditEntry, Role, User
from tests.conftest import PASSWORD
from tests.submissions.conftest import make_published, make_submitted

pytestmark = pytest.mark.django_db


def test_a_sign_in_and_a_failure_are_recorded_with_the_address(alice):
    client = Client(REMOTE_ADDR="192.0.2.44")
    client.post(reverse("account_login"), {"login": "alice@example.com", "password": "wrong"})
    client.post(reverse("account_login"), {"login": "alice", "password": PASSWORD})
    failed = AuditEntry.objects.get(event="sign_in_failed")
    assert (failed.ip, failed.target_id, failed.details["login"]) == ("192.0.2.44", str(alice.pk), "alice@example.com")
    signed_in = AuditEntry.objects.get(event="sign_in")
    assert (signed_in.actor, signed_in.actor_name, signed_in.ip) == (alice, "alice", "192.0.2.44")


def test_every_review_step_and_publishing_is_recorded(client, alice, editor):
    item = make_published(alice, editor)
    client.force_login(editor)
    client.post(
        reverse("submissions:item_action", args=[item.pk, "unpublish"]), {"confirm": "1"}, REMOTE_ADDR="198.51.100.9"
    )
    entries = AuditEntry.objects.filter(target_type="submissions.submission", target_id=str(item.pk)).order_by("id")
    assert [e.details["action"] for e in entries] == ["submit", "claim", "approve", "publish", "unpublish"]
    assert [e.event for e in entries][-2:] == ["publish", "unpublish"]
    unpublish = entries.last()
    assert (unpublish.actor_name, unpublish.actor_role, unpublish.ip) == ("bob", "editor", "198.51.100.9")


def test_an_entry_keeps_the_actor_and_the_item_as_they_were(alice, editor):
    item = make_submitted(alice, title="Tiêu đề ban đầu của tin")
    User.objects.filter(pk=alice.pk).update(username="alice-renamed")
    entry = AuditEntry.objects.get(event="review", details__action="submit")
    assert (entry.actor_name, entry.actor_id_text, entry.target_repr) == ("alice", str(alice.pk), item.title)


def test_account_changes_in_the_admin_are_recorded_and_survive_deletion(client, admin_user, committee):
    temp = User.objects.create_user("tam", "tam@example.com", PASSWORD, role=Role.EDITOR, committee=committee)
    client.force_login(admin_user)
    change = reverse("admin:portal_user_change", args=[temp.pk])
    form = client.get(change).context["adminform"].form
    data = {k: v for k, v in form.initial.items() if v is not None and not isinstance(v, (list, datetime.datetime))}
    data.update({"role": Role.ADMIN, "committee": committee.pk, "username": "tam", "email": "tam@example.com",
                 "language": "vi", "is_active": "on", "date_joined_0": "01/01/2025", "date_joined_1": "08:00:00"})  # fmt: skip
    response = client.post(change, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    changed = AuditEntry.objects.get(event="account_changed")
    assert "role" in changed.details["fields"] and changed.details["role"] == Role.ADMIN
    assert changed.actor == admin_user
    client.post(reverse("admin:portal_user_delete", args=[temp.pk]), {"post": "yes"})
    assert not User.objects.filter(pk=temp.pk).exists()
    deleted = AuditEntry.objects.get(event="account_deleted")
    assert (deleted.target_repr, deleted.target_id, deleted.actor_name) == (str(temp), str(temp.pk), "root")


def test_administrators_read_the_trail_and_cannot_change_it(client, admin_user, alice):
    make_submitted(alice)
    entry = AuditEntry.objects.first()
    client.force_login(admin_user)
    assert client.get(reverse("admin:portal_auditentry_changelist")).status_code == 200
    assert client.get(reverse("admin:portal_auditentry_add")).status_code == 403
    detail = client.get(reverse("admin:portal_auditentry_change", args=[entry.pk]))
    assert detail.status_code == 200 and 'type="submit"' not in detail.content.decode().split('id="content"')[1]
    assert client.post(reverse("admin:portal_auditentry_delete", args=[entry.pk]), {"post": "yes"}).status_code == 403
    assert AuditEntry.objects.filter(pk=entry.pk).exists()


def test_others_cannot_read_the_trail(client, editor):
    client.force_login(editor)
    assert client.get(reverse("admin:portal_auditentry_changelist")).status_code == 302
