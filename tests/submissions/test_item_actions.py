"""The item page and the queue show the actions of the workflow table, and the one action URL answers
403 for a role the table never allows, 409 (with why, in Vietnamese) for a state it does not allow now."""

import re

import pytest
from django.urls import reverse

from submissions.models import Submission

from .conftest import make_published, make_submitted

pytestmark = pytest.mark.django_db


def _buttons(client, item) -> list[str]:
    html = client.get(reverse("submissions:item_detail", args=[item.pk])).content.decode()
    return re.findall(r'data-action="([a-z_]+)"', html)


def test_an_editor_sees_the_buttons_the_table_allows_in_its_order(client, alice, editor):
    item = make_submitted(alice)
    client.force_login(editor)
    assert _buttons(client, item) == ["claim", "approve", "approve_publish", "request_changes", "reject"]
    client.post(reverse("submissions:item_action", args=[item.pk, "claim"]))
    assert _buttons(client, item) == ["release", "edit_copy", "approve", "approve_publish", "request_changes", "reject"]


def test_the_unit_sees_withdraw_and_the_propaganda_department_no_button(client, alice, propaganda):
    item = make_submitted(alice)
    client.force_login(alice)
    assert _buttons(client, item) == ["withdraw"]
    client.force_login(propaganda)
    assert _buttons(client, item) == []


def test_a_correspondent_who_tries_to_approve_gets_403(client, alice):
    item = make_submitted(alice)
    client.force_login(alice)
    assert client.post(reverse("submissions:item_action", args=[item.pk, "approve"])).status_code == 403
    assert Submission.objects.get(pk=item.pk).state == Submission.State.SUBMITTED


def test_approving_a_published_item_gets_409_with_the_reason(client, alice, editor):
    item = make_published(alice, editor)
    client.force_login(editor)
    response = client.post(reverse("submissions:item_action", args=[item.pk, "approve"]), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 409
    assert "Đã đăng tải" in response.content.decode()


def test_requesting_changes_without_a_comment_asks_for_one_and_changes_nothing(client, alice, editor):
    item = make_submitted(alice)
    client.force_login(editor)
    response = client.post(reverse("submissions:item_action", args=[item.pk, "request_changes"]), follow=True)
    assert "Hãy ghi ý kiến cho đơn vị" in response.content.decode()
    assert Submission.objects.get(pk=item.pk).state == Submission.State.SUBMITTED


def test_an_unknown_action_is_404(client, alice, editor):
    item = make_submitted(alice)
    client.force_login(editor)
    assert client.post(reverse("submissions:item_action", args=[item.pk, "edit_copy"])).status_code == 404
    assert client.post(reverse("submissions:item_action", args=[item.pk, "explode"])).status_code == 404


def test_the_queue_offers_the_bulk_actions_of_the_table(client, alice, editor, propaganda):
    make_submitted(alice)
    client.force_login(editor)
    html = client.get(reverse("submissions:review_queue")).content.decode()
    assert re.findall(r'name="action" value="([a-z_]+)"', html) == [
        "bulk_publish", "approve", "request_changes", "reject"
    ]  # fmt: skip
    assert "Duyệt các tin, bài đã chọn" in html
    client.force_login(propaganda)
    assert 'name="action"' not in client.get(reverse("submissions:review_queue")).content.decode()
