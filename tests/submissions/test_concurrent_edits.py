"""Two people at once: a save from a form drawn before someone else's save is a conflict that keeps
the second person's text and shows what differs; a form sent twice makes one item; text typed into
an item that meanwhile went for review is kept and explained; a unit deletes its own draft (soft)."""

import pytest
from django.urls import reverse

from portal.models import AuditEntry
from submissions import services
from submissions.models import ReviewAction, Submission

from .conftest import BODY, make_approved, make_draft

pytestmark = pytest.mark.django_db


def _draft_form(item: Submission, **changes) -> dict:
    data = {
        "kind": item.kind, "title": item.title, "summary": item.summary, "body": item.body, "topic": "",
        "event_date": "", "event_place": "", "lock_version": item.lock_version, "action": "save",
    }  # fmt: skip
    return {**data, **changes}


def test_the_second_save_of_a_draft_is_a_conflict_that_keeps_the_second_persons_text(client, alice, lead):
    item = make_draft(alice, title="Hội nghị tổng kết công tác năm")
    alice_form = _draft_form(item, title="Hội nghị tổng kết công tác năm 2025 của xã")
    lead_form = _draft_form(item, title="Hội nghị sơ kết sáu tháng đầu năm")
    client.force_login(alice)
    assert client.post(reverse("submissions:item_edit", args=[item.pk]), alice_form).status_code == 302
    client.force_login(lead)
    response = client.post(reverse("submissions:item_edit", args=[item.pk]), lead_form)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Người khác đã lưu tin này" in html
    assert 'value="Hội nghị sơ kết sáu tháng đầu năm"' in html  # the lead's text, kept in the form
    assert "<del>" in html and "<ins>" in html and 'id="edit-conflict"' in html
    assert Submission.objects.get(pk=item.pk).title == "Hội nghị tổng kết công tác năm 2025 của xã"
    # Saving again from the re-shown form (now at the current version) keeps the lead's text.
    again = response.context["form"].data
    assert client.post(reverse("submissions:item_edit", args=[item.pk]), again).status_code == 302
    assert Submission.objects.get(pk=item.pk).title == "Hội nghị sơ kết sáu tháng đầu năm"


def test_two_editors_copy_editing_one_item_do_not_overwrite_each_other(client, alice, editor, admin_user):
    item = make_approved(alice, editor)
    url = reverse("submissions:copy_edit", args=[item.pk])
    form = {"title": item.title, "summary": "", "body": BODY, "comment": "", "lock_version": item.lock_version}
    client.force_login(editor)
    assert client.post(url, {**form, "title": "Tiêu đề do biên tập viên thứ nhất sửa"}).status_code == 302
    client.force_login(admin_user)
    response = client.post(url, {**form, "title": "Tiêu đề do người thứ hai sửa"})
    assert response.status_code == 409
    html = response.content.decode()
    assert "Một biên tập viên khác đã lưu tin này" in html
    assert 'value="Tiêu đề do người thứ hai sửa"' in html
    assert Submission.objects.get(pk=item.pk).title == "Tiêu đề do biên tập viên thứ nhất sửa"
    assert item.versions.count() == 2  # the submission and the first editor's edit, no silent third


def test_a_new_item_form_sent_twice_makes_one_item(client, alice):
    client.force_login(alice)
    page = client.get(reverse("submissions:item_create"))
    token = page.context["form"]["form_token"].value()
    data = {"kind": "news", "title": "Ra quân làm sạch đường làng", "summary": "", "body": BODY, "form_token": token,
            "action": "save"}  # fmt: skip
    first = client.post(reverse("submissions:item_create"), data)
    second = client.post(reverse("submissions:item_create"), data)
    assert Submission.objects.filter(title="Ra quân làm sạch đường làng").count() == 1
    assert first["Location"] == second["Location"]


def test_text_typed_into_an_item_sent_for_review_meanwhile_is_kept_and_explained(client, alice, lead):
    item = make_draft(alice)
    stale = _draft_form(item, body="<p>Đoạn văn bổ sung của trưởng ban, gõ trong lúc tin đã được gửi.</p>")
    services.submission_submit(submission=item, by=alice)
    client.force_login(lead)
    response = client.post(reverse("submissions:item_edit", args=[item.pk]), stale)
    assert response.status_code == 409
    html = response.content.decode()
    assert "Đoạn văn bổ sung của trưởng ban" in html
    assert "chưa được lưu" in html
    assert "Đoạn văn bổ sung" not in Submission.objects.get(pk=item.pk).body


def test_a_unit_deletes_its_own_draft_softly_and_it_stays_in_the_history(client, alice, charlie):
    item = make_draft(alice)
    client.force_login(charlie)
    assert client.post(reverse("submissions:item_action", args=[item.pk, "delete"])).status_code == 404
    client.force_login(alice)
    response = client.post(reverse("submissions:item_action", args=[item.pk, "delete"]))
    assert response["Location"] == reverse("submissions:item_list")
    assert Submission.objects.get(pk=item.pk).state == "deleted"
    assert ReviewAction.objects.filter(submission=item, action="delete", actor=alice, to_state="deleted").exists()
    assert AuditEntry.objects.filter(target_id=str(item.pk), details__action="delete").exists()
    assert client.get(reverse("submissions:item_detail", args=[item.pk])).status_code == 404
    assert item.title not in client.get(reverse("submissions:item_list")).content.decode()


def test_a_submitted_item_cannot_be_deleted_only_withdrawn(client, alice):
    item = make_draft(alice)
    services.submission_submit(submission=item, by=alice)
    client.force_login(alice)
    assert client.post(reverse("submissions:item_action", args=[item.pk, "delete"])).status_code == 409
    client.post(reverse("submissions:item_action", args=[item.pk, "withdraw"]))
    assert Submission.objects.get(pk=item.pk).state == "withdrawn"
