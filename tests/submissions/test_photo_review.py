"""Photos in the upload form and in review (issue 4, point 4; rule 3 of docs/rules.md): the report at once, a failing photo
blocks submission until replaced or accepted by an editor with a reason (recorded); originals are
access-checked; the public site serves renditions without EXIF."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from portal.models import Notification
from submissions import services
from submissions.models import Photo, ReviewAction, Submission

from .conftest import BODY, make_published, upload

pytestmark = pytest.mark.django_db

BLURRY_VI = "Ảnh bị mờ"


def _draft_with_blurred_photo(client, alice) -> Submission:
    client.force_login(alice)
    client.post(reverse("submissions:item_create"), {"kind": "news", "title": "Tin có ảnh bị mờ nhòe", "body": BODY})
    item = Submission.objects.get()
    response = client.post(
        reverse("submissions:photo_upload", args=[item.pk]),
        {"photo": upload("mo.jpg", blurred=True), "caption": "Ảnh mờ"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    # The report comes back at once, as a card appended to the photo list: thumbnail, verdict, message.
    assert 'hx-swap-oob="beforeend:#photo-list"' in html
    assert "Không dùng được: hãy thay ảnh" in html
    assert BLURRY_VI in html
    assert reverse("submissions:photo_file", args=[item.photos.get().pk, "thumb"]) in html
    return item


def _submit(client, item):
    return client.post(
        reverse("submissions:item_edit", args=[item.pk]),
        {"kind": "news", "title": item.title, "body": BODY, "action": "submit"},
        follow=True,
    )


def test_a_blurred_photo_shows_the_vietnamese_message_and_blocks_submission(client, alice):
    item = _draft_with_blurred_photo(client, alice)
    html = _submit(client, item).content.decode()
    assert "Có ảnh không đạt kiểm tra chất lượng" in html
    assert BLURRY_VI in html
    item.refresh_from_db()
    assert item.state == "draft"


def test_an_editors_acceptance_with_a_reason_unblocks_it_and_is_recorded(client, alice, editor):
    item = _draft_with_blurred_photo(client, alice)
    photo = item.photos.get()
    client.post(reverse("submissions:photo_request_acceptance", args=[item.pk, photo.pk]))
    assert Notification.objects.filter(recipient=editor, kind="photo_acceptance_requested").exists()

    client.force_login(editor)
    queue = client.get(reverse("submissions:review_queue") + "?photo=requested").content.decode()
    assert item.title in queue
    page = client.get(reverse("submissions:item_detail", args=[item.pk])).content.decode()
    assert BLURRY_VI in page and "Chấp nhận ảnh" in page
    # Without a reason nothing is accepted.
    client.post(reverse("submissions:photo_accept", args=[item.pk, photo.pk]), {"reason": " "})
    photo.refresh_from_db()
    assert photo.accepted_at is None
    client.post(
        reverse("submissions:photo_accept", args=[item.pk, photo.pk]),
        {"reason": "Ảnh duy nhất của sự kiện, vẫn nhận rõ các đại biểu."},
    )
    photo.refresh_from_db()
    assert photo.accepted_by == editor and photo.acceptance_reason.startswith("Ảnh duy nhất")
    step = ReviewAction.objects.get(submission=item, action="accept_photo")
    assert step.actor == editor and "Ảnh duy nhất" in step.comment

    client.force_login(alice)
    assert _submit(client, item).redirect_chain[-1][0] == f"/items/{item.pk}/"
    item.refresh_from_db()
    assert item.state == "submitted"


def test_a_warned_photo_can_be_kept(alice):
    item = services.submission_create(by=alice, kind="news", title="Tin có ảnh hơi nhỏ", body=BODY)
    photo = services.photo_add(submission=item, by=alice, upload=upload())
    Photo.objects.filter(pk=photo.pk).update(verdict="warn")
    assert services.submission_submit(submission=item, by=alice).state == "submitted"


def test_a_correspondent_cannot_accept_a_photo(client, alice):
    item = _draft_with_blurred_photo(client, alice)
    photo = item.photos.get()
    response = client.post(reverse("submissions:photo_accept", args=[item.pk, photo.pk]), {"reason": "Tự duyệt"})
    assert response.status_code == 403
    photo.refresh_from_db()
    assert photo.accepted_at is None


def test_the_queue_filters_by_photo_problem(client, alice, editor):
    item = _draft_with_blurred_photo(client, alice)
    Submission.objects.filter(pk=item.pk).update(state="submitted", first_submitted_at=item.created_at)
    clean = services.submission_create(by=alice, kind="news", title="Tin có ảnh đẹp", body=BODY)
    services.photo_add(submission=clean, by=alice, upload=upload())
    services.submission_submit(submission=clean, by=alice)
    client.force_login(editor)
    for query, shown, hidden in (("blurry", item, clean), ("fail", item, clean), ("too_dark", None, item)):
        html = client.get(reverse("submissions:review_queue") + f"?photo={query}").content.decode()
        if shown:
            assert shown.title in html
        assert hidden.title not in html


def test_public_renditions_carry_no_exif_location(client, alice, editor, django_capture_on_commit_callbacks):
    item = make_published(alice, editor)
    # A second item whose photo carries a GPS position.
    draft = services.submission_create(by=alice, kind="news", title="Tin có ảnh mang tọa độ GPS", body=BODY)
    with django_capture_on_commit_callbacks(execute=True):
        photo = services.photo_add(submission=draft, by=alice, upload=upload("gps.jpg", gps=True))
    with photo.file.open("rb") as fh:
        assert 0x8825 in Image.open(fh).getexif()  # the original does carry the position
    photo.refresh_from_db()
    stored_name = photo.page_image.name
    assert stored_name and photo.thumbnail  # made when the photo was stored, not when a page asked
    services.submission_submit(submission=draft, by=alice)
    services.submission_transition(submission=draft, by=editor, action="approve")
    with django_capture_on_commit_callbacks(execute=True):
        services.submission_transition(submission=draft, by=editor, action="publish")
    for size, edge in (("thumb", 480), ("page", 1280)):
        response = client.get(reverse("submissions:public_photo", args=[photo.pk, size]))
        assert response.status_code == 200
        rendition = Image.open(io.BytesIO(b"".join(response.streaming_content)))
        assert not rendition.getexif() and "exif" not in rendition.info
        assert max(rendition.size) == edge
    photo.refresh_from_db()
    assert photo.page_image.name == stored_name  # made once: publishing did not make it again
    assert item.state == "published"


def test_the_public_site_only_serves_renditions_that_exist(client, alice, editor):
    item = make_published(alice, editor)
    photo = item.photos.get()
    assert client.get(reverse("submissions:public_photo", args=[photo.pk, "thumb"])).status_code == 200
    Photo.objects.filter(pk=photo.pk).update(thumbnail="")  # say the worker has not come to it yet
    response = client.get(reverse("submissions:public_photo", args=[photo.pk, "thumb"]))
    assert response.status_code == 302 and response["Location"].endswith("photo-pending.svg")  # a placeholder
    photo.refresh_from_db()
    assert not photo.thumbnail  # the page wrote nothing


def test_until_its_rendition_exists_a_signed_in_reader_sees_the_original(client, alice):
    draft = services.submission_create(by=alice, kind="news", title="Tin mới có ảnh", body=BODY)
    photo = services.photo_add(submission=draft, by=alice, upload=upload())  # the task has not run yet
    assert not photo.thumbnail
    client.force_login(alice)
    response = client.get(reverse("submissions:photo_file", args=[photo.pk, "thumb"]))
    assert response.status_code == 200
    with photo.file.open("rb") as fh:
        assert b"".join(response.streaming_content) == fh.read()
    photo.refresh_from_db()
    assert not photo.thumbnail


def test_originals_are_served_only_to_people_who_may_see_the_item(client, alice, charlie, editor):
    item = make_published(alice, editor)
    photo = item.photos.get()
    client.logout()
    assert client.get(reverse("submissions:photo_file", args=[photo.pk, "original"])).status_code == 302
    client.force_login(charlie)
    assert client.get(reverse("submissions:photo_file", args=[photo.pk, "original"])).status_code == 404
    client.force_login(editor)
    assert client.get(reverse("submissions:photo_file", args=[photo.pk, "original"])).status_code == 200


def test_a_photo_of_an_unpublished_item_is_not_public(client, alice, editor):
    item = make_published(alice, editor)
    photo = item.photos.get()
    assert client.get(reverse("submissions:public_photo", args=[photo.pk, "thumb"])).status_code == 200
    services.submission_transition(submission=item, by=editor, action="unpublish")
    assert client.get(reverse("submissions:public_photo", args=[photo.pk, "thumb"])).status_code == 404
    assert client.get(reverse("submissions:public_item", args=["soc-trang", item.pk])).status_code == 404


def test_removing_a_photo_of_a_submitted_item_keeps_it(client, alice, editor):
    item = make_published(alice, editor)
    photo = item.photos.get()
    Submission.objects.filter(pk=item.pk).update(state="changes_requested")
    client.force_login(alice)
    client.post(reverse("submissions:photo_remove", args=[item.pk, photo.pk]), {"confirm": "1"})
    photo.refresh_from_db()
    assert photo.removed and photo.file.storage.exists(photo.file.name)


def test_the_slower_background_check_updates_the_report_when_it_finds_more(alice, monkeypatch):
    from submissions import photo_quality, tasks

    item = services.submission_create(by=alice, kind="news", title="Tin có ảnh chuyển tiếp qua Zalo", body=BODY)
    photo = services.photo_add(submission=item, by=alice, upload=upload())
    assert photo.verdict == "pass"
    Photo.objects.filter(pk=photo.pk).update(deep_checked_at=None)
    compressed = photo_quality.PhotoReport(
        verdict="fail",
        problems=[photo_quality.Problem("compressed", "fail", photo_quality.MESSAGES[("compressed", "fail")])],
    )
    monkeypatch.setattr(photo_quality, "deep_check_photo", lambda source, thresholds: compressed)
    tasks.deep_check_photo(photo.pk)
    photo.refresh_from_db()
    assert photo.verdict == "fail" and photo.problem_codes == ",compressed," and photo.deep_checked_at
    assert photo.blocks_submission
