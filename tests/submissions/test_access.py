"""Who may do what: another unit's correspondent sees nothing, a correspondent cannot approve or
publish, an editor cannot submit for a unit, the propaganda department reads but does not act."""

import pytest
from django.urls import reverse

from submissions.models import Submission

from .conftest import BODY, make_approved, make_draft, make_published, make_submitted, upload

pytestmark = pytest.mark.django_db


def test_another_units_correspondent_gets_404_at_every_step(client, alice, charlie, editor):
    draft = make_draft(alice)
    photo = draft.photos.get()
    client.force_login(charlie)
    gets = [
        reverse("submissions:item_detail", args=[draft.pk]),
        reverse("submissions:item_edit", args=[draft.pk]),
        reverse("submissions:compare", args=[draft.pk]),
        reverse("submissions:photo_file", args=[photo.pk, "original"]),
        reverse("submissions:photo_file", args=[photo.pk, "thumb"]),
    ]
    for url in gets:
        assert client.get(url).status_code == 404, url
    posts = [
        (reverse("submissions:item_edit", args=[draft.pk]), {"title": "x", "kind": "news", "action": "submit"}),
        (reverse("submissions:photo_upload", args=[draft.pk]), {"photo": upload()}),
        (reverse("submissions:photo_remove", args=[draft.pk, photo.pk]), {}),
        (reverse("submissions:item_action", args=[draft.pk, "submit"]), {}),
        (reverse("submissions:item_action", args=[draft.pk, "withdraw"]), {}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 404, url
    submitted = make_submitted(alice, title="Tin đã gửi đi để duyệt")
    assert client.get(reverse("submissions:item_detail", args=[submitted.pk])).status_code == 404
    assert client.post(reverse("submissions:item_action", args=[submitted.pk, "withdraw"])).status_code == 404
    draft.refresh_from_db()
    assert draft.state == "draft" and draft.photos.count() == 1


def test_a_correspondent_cannot_approve_or_publish_their_own_item(client, alice, editor):
    submitted = make_submitted(alice)
    approved = make_approved(alice, editor, title="Tin đã được duyệt chờ đăng")
    client.force_login(alice)
    assert client.post(reverse("submissions:item_action", args=[submitted.pk, "claim"])).status_code == 403
    assert client.post(reverse("submissions:item_action", args=[submitted.pk, "approve"])).status_code == 403
    assert client.post(reverse("submissions:item_action", args=[approved.pk, "publish"])).status_code == 403
    assert (
        client.post(reverse("submissions:review_bulk"), {"action": "approve", "items": [submitted.pk]}).status_code
        == 403
    )
    assert client.get(reverse("submissions:review_queue")).status_code == 403
    assert client.get(reverse("submissions:copy_edit", args=[approved.pk])).status_code == 403
    assert Submission.objects.get(pk=submitted.pk).state == "submitted"
    assert Submission.objects.get(pk=approved.pk).state == "approved"


def test_an_editor_cannot_write_or_submit_for_a_unit(client, alice, editor):
    draft = make_draft(alice)
    client.force_login(editor)
    assert client.get(reverse("submissions:item_create")).status_code == 403
    assert client.post(reverse("submissions:item_action", args=[draft.pk, "submit"])).status_code == 403
    assert client.get(reverse("submissions:item_edit", args=[draft.pk])).status_code == 403
    assert client.post(reverse("submissions:photo_upload", args=[draft.pk]), {"photo": upload()}).status_code == 403
    assert Submission.objects.get(pk=draft.pk).state == "draft"


def test_the_propaganda_department_reads_the_queue_but_cannot_act(client, alice, propaganda):
    submitted = make_submitted(alice)
    client.force_login(propaganda)
    assert submitted.title in client.get(reverse("submissions:review_queue")).content.decode()
    assert client.get(reverse("submissions:item_detail", args=[submitted.pk])).status_code == 200
    assert client.post(reverse("submissions:item_action", args=[submitted.pk, "claim"])).status_code == 403
    assert (
        client.post(reverse("submissions:review_bulk"), {"action": "approve", "items": [submitted.pk]}).status_code
        == 403
    )


def test_a_wrong_state_gets_409_with_the_reason(client, alice, editor):
    published = make_published(alice, editor)
    client.force_login(editor)
    response = client.post(reverse("submissions:item_action", args=[published.pk, "approve"]))
    assert response.status_code == 409
    assert "Đã đăng tải" in response.content.decode()


def test_a_withdrawn_or_rejected_item_stays_readable_to_its_unit_and_the_editors(client, alice, lead, editor):
    withdrawn = make_submitted(alice, title="Tin sẽ được đơn vị rút lại")
    client.force_login(alice)
    client.post(reverse("submissions:item_action", args=[withdrawn.pk, "withdraw"]))
    rejected = make_submitted(alice, title="Tin sẽ không được duyệt")
    client.force_login(editor)
    client.post(reverse("submissions:item_action", args=[rejected.pk, "reject"]), {"comment": "Trùng lặp."})
    for item, state in ((withdrawn, "withdrawn"), (rejected, "rejected")):
        assert Submission.objects.get(pk=item.pk).state == state
        for user in (alice, lead, editor):
            client.force_login(user)
            assert item.title in client.get(reverse("submissions:item_detail", args=[item.pk])).content.decode()


def test_nothing_submitted_can_be_deleted_in_the_admin(client, alice, admin_user):
    submitted = make_submitted(alice)
    client.force_login(admin_user)
    url = reverse("admin:submissions_submission_delete", args=[submitted.pk])
    assert client.post(url, {"post": "yes"}).status_code == 403
    assert Submission.objects.filter(pk=submitted.pk).exists()


def test_the_item_form_is_only_for_unit_members(client, alice, editor):
    client.force_login(alice)
    response = client.get(reverse("submissions:item_create"))
    assert response.status_code == 200
    client.logout()
    assert client.get(reverse("submissions:item_create")).status_code == 302  # to the sign-in page
    assert BODY
