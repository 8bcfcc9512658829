"""The one-step item form through the test client: the path without JavaScript (text and photos in
one post), the upload and verdict endpoints the page's script calls (only the item's unit, CSRF),
and the sweep of photos nobody will send."""

from __future__ import annotations

import datetime
import json
import os
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from submissions import services, tasks
from submissions.models import Photo, ReviewAction, Submission

from .conftest import BODY, make_draft, phone_jpeg, shows_upright, upload

pytestmark = pytest.mark.django_db

NEW = {"kind": "news", "title": "Ra quân làm sạch đường làng", "summary": "", "body": BODY}


def _jpeg(name: str, **kwargs) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, phone_jpeg(1200, 1600, **kwargs), content_type="image/jpeg")


def _not_a_photo(name: str = "ghi-chu.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"a note, not a photo", content_type="image/jpeg")


# --- without JavaScript: one post with the text and the photos --------------------------------


def test_without_javascript_the_text_and_two_photos_are_sent_in_one_post(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("submissions:item_create"),
        {**NEW, "photo": [_jpeg("a.jpg", seed=1), _jpeg("b.jpg", seed=2)], "action": "submit"},
    )
    item = Submission.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("submissions:item_detail", args=[item.pk])
    assert item.state == "submitted" and item.photos.count() == 2
    for photo in item.photos.all():
        with photo.file.open("rb") as fh:
            assert shows_upright(fh.read())


def test_without_javascript_a_refused_photo_is_named_and_the_rest_is_kept(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("submissions:item_create"),
        {**NEW, "photo": [_jpeg("tot.jpg"), _not_a_photo()], "action": "submit"},
        follow=True,
    )
    html = response.content.decode()
    item = Submission.objects.get()
    # Not sent behind its author's back with a photo missing: the draft waits, saying why.
    assert item.state == "draft" and item.photos.count() == 1
    assert "“ghi-chu.jpg” không phải là ảnh đọc được" in html
    assert "đã được lưu nhưng chưa gửi" in html


def test_without_javascript_a_refused_submit_keeps_the_text_and_the_photos(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("submissions:item_create"),
        {**NEW, "body": "Chỉ một câu.", "photo": [_jpeg("a.jpg")], "action": "submit"},
        follow=True,
    )
    html = response.content.decode()
    item = Submission.objects.get()
    assert item.state == "draft" and item.photos.count() == 1
    assert 'id="submit-problems"' in html and "Nội dung quá ngắn" in html
    assert 'value="Ra quân làm sạch đường làng"' in html and "Chỉ một câu." in html
    assert f'name="caption-{item.photos.get().pk}"' in html
    # The problems are shown once, not again on the next visit.
    assert "Nội dung quá ngắn" not in client.get(reverse("submissions:item_edit", args=[item.pk])).content.decode()


def test_without_javascript_a_wrong_field_keeps_the_chosen_photos(client, alice):
    client.force_login(alice)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(
        reverse("submissions:item_create"),
        {**NEW, "event_date": tomorrow.isoformat(), "photo": [_jpeg("a.jpg")], "action": "submit"},
    )
    html = response.content.decode()
    item = Submission.objects.get()
    assert response.status_code == 200 and "Ngày diễn ra sự kiện không thể ở tương lai" in html
    assert item.state == "draft" and item.event_date is None and item.photos.count() == 1
    assert item.title == NEW["title"]


def test_without_javascript_a_wrong_field_and_no_photo_saves_nothing(client, alice):
    client.force_login(alice)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    response = client.post(reverse("submissions:item_create"), {**NEW, "event_date": tomorrow.isoformat()})
    assert response.status_code == 200 and 'value="Ra quân làm sạch đường làng"' in response.content.decode()
    assert not Submission.objects.exists()


def test_captions_are_saved_with_the_form_and_a_photo_is_removed_by_its_own_button(client, alice):
    item = make_draft(alice)
    second = services.photo_add(submission=item, by=alice, upload=upload(seed=3))
    first = item.photos.exclude(pk=second.pk).get()
    client.force_login(alice)
    url = reverse("submissions:item_edit", args=[item.pk])
    data = {"kind": "news", "title": "Tiêu đề gõ lại trước khi bỏ ảnh", "body": BODY, "lock_version": item.lock_version}
    client.post(url, {**data, f"caption-{first.pk}": "Quang cảnh hội nghị", "remove_photo": second.pk})
    item.refresh_from_db()
    assert item.title == "Tiêu đề gõ lại trước khi bỏ ảnh"
    assert list(item.photos.values_list("caption", flat=True)) == ["Quang cảnh hội nghị"]


def test_a_caption_field_of_another_items_photo_changes_nothing(client, alice, charlie):
    theirs = make_draft(charlie)
    mine = make_draft(alice)
    client.force_login(alice)
    photo = theirs.photos.get()
    client.post(
        reverse("submissions:item_edit", args=[mine.pk]),
        {"kind": "news", "title": mine.title, "body": BODY, f"caption-{photo.pk}": "Không phải ảnh của tôi"},
    )
    assert Photo.objects.get(pk=photo.pk).caption == "Quang cảnh"


def test_the_same_save_sent_again_after_a_lost_answer_is_no_conflict(client, alice):
    item = make_draft(alice)
    client.force_login(alice)
    data = {"kind": "news", "title": "Tiêu đề đã sửa một lần", "body": BODY, "lock_version": item.lock_version}
    url = reverse("submissions:item_edit", args=[item.pk])
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the retry: same text, older version number
    assert client.post(url, {**data, "title": "Một tiêu đề khác hẳn"}).status_code == 409


def test_the_page_states_the_rules_before_any_refusal(client, alice):
    client.force_login(alice)
    html = client.get(reverse("submissions:item_create")).content.decode()
    assert 'id="submit-rules"' in html
    assert "nội dung ít nhất 150 ký tự với tin, 600 ký tự với bài" in html
    assert 'data-min-news="150"' in html and 'name="photo"' in html and "multiple" in html
    assert 'data-max-edge="2560"' in html
    assert "Gửi Ban Biên tập" in html and "Lưu nháp" in html


# --- the endpoints of the page's script ---------------------------------------------------------


def _upload_new(client, token, photo, **text):
    return client.post(
        reverse("submissions:photo_upload_new"),
        {"form_token": str(token), "photo": photo, **text},
        HTTP_ACCEPT="application/json",
    )


def test_the_first_photo_of_a_new_form_makes_the_draft_with_the_text_typed_so_far(client, alice):
    client.force_login(alice)
    token = uuid.uuid4()
    first = _upload_new(client, token, _jpeg("a.jpg", seed=1), kind="article", title="Tiêu đề đang gõ", caption="Ảnh 1")
    second = _upload_new(client, token, _jpeg("b.jpg", seed=2), title="Chữ gõ thêm sau")
    assert first.status_code == second.status_code == 201
    answer = first.json()
    item = Submission.objects.get()
    assert (item.title, item.kind, item.creation_token) == ("Tiêu đề đang gõ", "article", token)
    assert answer["item"] == second.json()["item"] == item.pk
    assert answer["edit_url"] == reverse("submissions:item_edit", args=[item.pk])
    assert 'name="caption-' in answer["html"] and "Ảnh đạt yêu cầu" in answer["html"]
    assert list(item.photos.values_list("caption", flat=True)) == ["Ảnh 1", ""]
    # The form's own post then goes on with that draft, not a second one.
    client.post(reverse("submissions:item_create"), {**NEW, "form_token": str(token), "action": "submit"})
    assert Submission.objects.get().state == "submitted"


def test_a_refused_first_photo_makes_no_draft_and_says_why(client, alice, settings):
    client.force_login(alice)
    response = _upload_new(client, uuid.uuid4(), _not_a_photo(), title="Tiêu đề")
    assert response.status_code == 422
    assert "không phải là ảnh đọc được" in response.json()["error"]
    assert not Submission.objects.exists() and not (settings.MEDIA_ROOT / "photos").exists()


def test_an_upload_to_a_draft_answers_its_card_and_where_to_ask_for_its_verdict(client, alice):
    item = make_draft(alice)
    client.force_login(alice)
    response = client.post(
        reverse("submissions:photo_upload", args=[item.pk]), {"photo": _jpeg("c.jpg")}, HTTP_ACCEPT="application/json"
    )
    answer = response.json()
    photo = item.photos.get(pk=answer["photo"])
    assert response.status_code == 201
    assert answer["verdict_url"] == reverse("submissions:photo_verdict", args=[item.pk, photo.pk])
    refused = client.post(
        reverse("submissions:photo_upload", args=[item.pk]), {"photo": _not_a_photo()}, HTTP_ACCEPT="application/json"
    )
    assert refused.status_code == 422 and "không phải là ảnh" in refused.json()["error"]


def test_the_verdict_says_checking_until_the_slower_check_has_run(client, alice):
    item = make_draft(alice)
    photo = item.photos.get()
    Photo.objects.filter(pk=photo.pk).update(deep_checked_at=None)
    client.force_login(alice)
    url = reverse("submissions:photo_verdict", args=[item.pk, photo.pk])
    response = client.get(url)
    assert response["X-Photo-Checking"] == "1" and "Đang kiểm tra…" in response.content.decode()
    tasks.deep_check_photo(photo.pk)
    response = client.get(url)
    assert response["X-Photo-Checking"] == "0" and "Đang kiểm tra" not in response.content.decode()
    assert "Ảnh đạt yêu cầu" in response.content.decode()
    # A check that never reports (a stopped process) is run again, then given up, by the periodic sweep
    # (tests/submissions/test_photo_checks.py): the card waits exactly as long as the submit button.


def test_only_the_items_unit_reaches_its_upload_and_verdict(client, alice, lead, charlie, editor):
    item = make_draft(alice)
    photo = item.photos.get()
    verdict = reverse("submissions:photo_verdict", args=[item.pk, photo.pk])
    upload_url = reverse("submissions:photo_upload", args=[item.pk])
    client.force_login(charlie)  # another unit: the item does not exist for them
    assert client.get(verdict).status_code == 404
    assert client.post(upload_url, {"photo": _jpeg("x.jpg")}, HTTP_ACCEPT="application/json").status_code == 404
    client.force_login(editor)  # sees the item, but only its unit writes it
    assert client.get(verdict).status_code == 403
    assert client.post(upload_url, {"photo": _jpeg("x.jpg")}, HTTP_ACCEPT="application/json").status_code == 403
    assert client.post(reverse("submissions:photo_upload_new"), {"form_token": str(uuid.uuid4())}).status_code == 403
    client.force_login(lead)  # the unit's lead works on the unit's items
    assert client.get(verdict).status_code == 200
    assert item.photos.count() == 1


def test_another_correspondents_form_token_does_not_reach_their_draft(client, alice, charlie):
    token = uuid.uuid4()
    client.force_login(charlie)
    assert _upload_new(client, token, _jpeg("c.jpg"), title="Của Charlie").status_code == 201
    client.force_login(alice)
    assert _upload_new(client, token, _jpeg("a.jpg", seed=2), title="Của Alice").status_code == 400
    client.post(reverse("submissions:item_create"), {**NEW, "form_token": str(token)})
    theirs = Submission.objects.get(author__username="charlie")
    assert theirs.photos.count() == 1 and theirs.title == "Của Charlie"
    assert Submission.objects.get(author__username="alice").creation_token != token


def test_uploads_and_the_form_need_the_csrf_token(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = _upload_new(client, uuid.uuid4(), _jpeg("a.jpg"), title="Không có mã CSRF")
    assert response.status_code == 403
    assert client.post(reverse("submissions:item_create"), {**NEW, "action": "submit"}).status_code == 403
    assert not Submission.objects.exists()
    page = client.get(reverse("submissions:item_create"))
    token = page.cookies["csrftoken"].value
    response = client.post(
        reverse("submissions:photo_upload_new"),
        {"form_token": str(uuid.uuid4()), "photo": _jpeg("a.jpg")},
        HTTP_ACCEPT="application/json",
        HTTP_X_CSRFTOKEN=token,
    )
    assert response.status_code == 201


def test_the_scripts_post_is_answered_with_the_address_to_go_to(client, alice):
    item = make_draft(alice)
    client.force_login(alice)
    response = client.post(
        reverse("submissions:item_edit", args=[item.pk]),
        {"kind": "news", "title": item.title, "body": BODY, "action": "submit"},
        HTTP_X_COMPOSE="1",
    )
    assert json.loads(response.content) == {"redirect": reverse("submissions:item_detail", args=[item.pk])}
    assert Submission.objects.get(pk=item.pk).state == "submitted"


# --- photos nobody will send ---------------------------------------------------------------------


def test_the_sweep_removes_the_photos_of_abandoned_and_deleted_drafts_only(
    client, alice, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    _upload_new(client, uuid.uuid4(), _jpeg("bo-quen.jpg", seed=1))  # a first photo, then nothing typed
    _upload_new(client, uuid.uuid4(), _jpeg("co-chu.jpg", seed=2), title="Tin đang viết dở")
    deleted = make_draft(alice, title="Bản nháp bị xóa")
    services.submission_transition(submission=deleted, by=alice, action="delete")
    kept = make_draft(alice, title="Bản nháp vẫn dùng")
    week_ago = timezone.now() - datetime.timedelta(days=8)
    Submission.objects.update(updated_at=week_ago)
    files = {p.pk: p.file.path for p in Photo.objects.all()}

    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.purge_abandoned_drafts() == 2
    assert tasks.purge_abandoned_drafts() == 0  # idempotent

    abandoned = Submission.objects.get(title="")
    assert abandoned.state == "deleted" and not abandoned.photos.exists()
    assert ReviewAction.objects.filter(submission=abandoned, action="delete", actor=None).exists()
    assert Submission.objects.get(title="Tin đang viết dở").photos.count() == 1
    assert kept.photos.count() == 1 and not deleted.photos.exists()
    remaining = set(Photo.objects.values_list("pk", flat=True))
    for pk, path in files.items():
        assert (pk in remaining) == os.path.exists(path)


def test_the_sweep_leaves_a_fresh_empty_draft_alone(client, alice):
    client.force_login(alice)
    _upload_new(client, uuid.uuid4(), _jpeg("moi-chon.jpg"))
    assert tasks.purge_abandoned_drafts() == 0
    assert Submission.objects.get().state == "draft" and Photo.objects.count() == 1
