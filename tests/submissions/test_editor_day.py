"""The editor's day through HTTP: approve and publish in one step (two steps in the history, the
audit and the author's notifications), bulk publishing from the queue after one confirmation with a
summary of what was refused and why (never a half-done item), a confirmation before unpublishing or
removing a photo, versions named by what happened to them, photos compared by caption and thumbnail."""

import re

import pytest
from django.test import TestCase
from django.urls import reverse

from portal.models import AuditEntry, Notification
from submissions import services
from submissions.models import DuplicateStatus, ReviewAction, Submission

from .conftest import make_approved, make_published, make_submitted, upload

pytestmark = pytest.mark.django_db

S = Submission.State


def _steps(item: Submission) -> list[str]:
    return list(ReviewAction.objects.filter(submission=item).order_by("id").values_list("action", flat=True))


def test_approve_and_publish_is_one_click_recorded_as_two_steps(client, alice, editor):
    item = make_submitted(alice)
    client.force_login(editor)
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(
            reverse("submissions:item_action", args=[item.pk, "approve_publish"]), {"comment": "Tin tốt."}
        )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.state == S.PUBLISHED and item.published_at is not None and item.held_by is None
    assert _steps(item) == ["submit", "approve", "publish"]
    approve = ReviewAction.objects.get(submission=item, action="approve")
    assert (approve.actor, approve.comment, approve.from_state, approve.to_state) == (
        editor,
        "Tin tốt.",
        S.SUBMITTED,
        S.APPROVED,
    )
    audit = AuditEntry.objects.filter(target_type="submissions.submission", target_id=str(item.pk)).order_by("id")
    assert [e.details["action"] for e in audit] == ["submit", "approve", "publish"]
    told = list(Notification.objects.filter(recipient=alice).order_by("id").values_list("kind", flat=True))
    assert told == ["submission_approve", "submission_publish"]
    # On the public site at once.
    assert client.get(reverse("submissions:public_item", args=[item.committee.code, item.pk])).status_code == 200


def test_approve_and_publish_is_offered_beside_approve_on_the_item_page(client, alice, editor):
    item = make_submitted(alice)
    client.force_login(editor)
    html = client.get(reverse("submissions:item_detail", args=[item.pk])).content.decode()
    assert 'data-action="approve_publish"' in html and "Duyệt và đăng tải" in html


def test_a_possible_duplicate_is_not_published_in_one_step_and_nothing_is_half_done(client, alice, editor):
    item = make_submitted(alice)
    Submission.objects.filter(pk=item.pk).update(duplicate_status=DuplicateStatus.SUSPECTED)
    client.force_login(editor)
    response = client.post(reverse("submissions:item_action", args=[item.pk, "approve_publish"]))
    assert response.status_code == 409
    assert "có thể trùng lặp" in response.content.decode()
    item.refresh_from_db()
    assert item.state == S.SUBMITTED and _steps(item) == ["submit"]


def test_an_item_another_editor_holds_is_refused_whole(client, alice, editor, django_user_model):
    from portal import services as portal_services
    from portal.models import Role

    other = portal_services.account_create(
        username="dan", email="dan@example.com", role=Role.EDITOR, committee=editor.committee, password="x" * 12
    )
    item = make_submitted(alice)
    services.submission_transition(submission=item, by=other, action="claim")
    client.force_login(editor)
    assert client.post(reverse("submissions:item_action", args=[item.pk, "approve_publish"])).status_code == 409
    item.refresh_from_db()
    assert item.state == S.IN_REVIEW and _steps(item) == ["submit", "claim"]


def test_bulk_publish_asks_once_then_publishes_each_item_and_says_what_was_refused(client, alice, editor):
    approved = make_approved(alice, editor, title="Tin đã duyệt chờ đăng tải")
    waiting = make_submitted(alice, title="Tin mới gửi chờ duyệt và đăng")
    marked = make_submitted(alice, title="Tin có thể trùng lặp với tin cũ")
    Submission.objects.filter(pk=marked.pk).update(duplicate_status=DuplicateStatus.SUSPECTED)
    client.force_login(editor)
    data = {"action": "bulk_publish", "items": [approved.pk, waiting.pk, marked.pk], "back": "/review/"}

    # One confirmation page: what will be published, what cannot be and why; nothing written yet.
    page = client.post(reverse("submissions:review_bulk"), data)
    html = page.content.decode()
    assert page.status_code == 200
    to_publish = html.split('id="to-publish"')[1].split("</ul>")[0]
    refused = html.split('id="refused"')[1].split("</ul>")[0]
    assert "Tin đã duyệt chờ đăng tải" in to_publish and "Tin mới gửi chờ duyệt và đăng" in to_publish
    assert "Tin có thể trùng lặp" in refused and "có thể trùng lặp: hãy xử lý" in refused
    assert re.findall(r'name="items" value="(\d+)"', html) == [str(approved.pk), str(waiting.pk)]
    assert {s.state for s in Submission.objects.filter(pk__in=[approved.pk, waiting.pk])} == {S.APPROVED, S.SUBMITTED}

    # Confirmed (as the page would send it, with the refused one still among the items).
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(reverse("submissions:review_bulk"), {**data, "confirm": "1"}, follow=True)
    summary = [str(m) for m in response.context["messages"]]
    assert summary[0].startswith("Đã đăng tải 2 tin, bài:") and "Tin mới gửi chờ duyệt và đăng" in summary[0]
    assert summary[1].startswith("Chưa đăng tải “Tin có thể trùng lặp với tin cũ”: ")
    assert Submission.objects.get(pk=approved.pk).state == S.PUBLISHED
    assert Submission.objects.get(pk=waiting.pk).state == S.PUBLISHED
    assert _steps(waiting) == ["submit", "approve", "publish"]
    assert _steps(approved)[-1] == "publish" and "approve_publish" not in _steps(approved)
    # The refused item is untouched: no step of it was taken.
    assert Submission.objects.get(pk=marked.pk).state == S.SUBMITTED and _steps(marked) == ["submit"]


def test_bulk_publish_refuses_what_is_not_in_a_publishable_state(client, alice, editor):
    published = make_published(alice, editor, title="Tin đã đăng tải từ trước")
    client.force_login(editor)
    response = client.post(
        reverse("submissions:review_bulk"),
        {"action": "bulk_publish", "items": [published.pk], "confirm": "1"},
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages == [
        "Chưa đăng tải “Tin đã đăng tải từ trước”: Không thể thực hiện khi tin, bài đang ở trạng thái “Đã đăng tải”."
    ]


def test_the_propaganda_department_cannot_bulk_publish(client, alice, propaganda):
    item = make_submitted(alice)
    client.force_login(propaganda)
    response = client.post(
        reverse("submissions:review_bulk"), {"action": "bulk_publish", "items": [item.pk], "confirm": "1"}
    )
    assert response.status_code == 403
    assert Submission.objects.get(pk=item.pk).state == S.SUBMITTED


def test_unpublishing_asks_first_and_the_confirmation_works_without_script(client, alice, editor):
    item = make_published(alice, editor)
    client.force_login(editor)
    detail = client.get(reverse("submissions:item_detail", args=[item.pk])).content.decode()
    assert re.search(r'<form method="post" action="[^"]+/do/unpublish/" data-confirm="[^"]*gỡ khỏi', detail)
    url = reverse("submissions:item_action", args=[item.pk, "unpublish"])
    page = client.post(url)
    assert page.status_code == 200 and "sẽ được gỡ khỏi Trang Thông tin điện tử ngay" in page.content.decode()
    assert Submission.objects.get(pk=item.pk).state == S.PUBLISHED
    assert 'name="confirm" value="1"' in page.content.decode()
    client.post(url, {"confirm": "1"})
    assert Submission.objects.get(pk=item.pk).state == S.UNPUBLISHED
    assert client.get(reverse("submissions:public_item", args=[item.committee.code, item.pk])).status_code == 404


def test_removing_a_photo_asks_first_without_script(client, alice):
    item = services.submission_create(by=alice, kind="news", title="Bản nháp có hai ảnh minh họa")
    photo = services.photo_add(submission=item, by=alice, upload=upload(), caption="Quang cảnh hội nghị")
    client.force_login(alice)
    url = reverse("submissions:photo_remove", args=[item.pk, photo.pk])
    page = client.post(url).content.decode()
    assert "Gỡ ảnh này khỏi" in page and "Quang cảnh hội nghị" in page
    photo.refresh_from_db()
    assert not photo.removed
    # The edit page's remove button asks in the page (submissions/static/submissions/submit.js) before it
    # sends confirm=1.
    edit = client.get(reverse("submissions:item_edit", args=[item.pk])).content.decode()
    assert re.search(rf'data-remove-url="{re.escape(url)}"\s+data-confirm="Gỡ ảnh này', edit)
    client.post(url, {"confirm": "1"})
    assert not item.photos.filter(removed=False).exists()  # a draft's photo goes (a submitted one is kept)


def test_versions_are_named_by_what_happened_to_them(client, alice, editor):
    item = make_submitted(alice)
    services.submission_transition(submission=item, by=editor, action="request_changes", comment="Bổ sung số liệu.")
    services.submission_submit(submission=item, by=alice)
    client.force_login(editor)
    detail = client.get(reverse("submissions:item_detail", args=[item.pk])).content.decode()
    link = re.search(r'id="since-reviewed"[^>]*>([^<]+)<', detail).group(1)
    assert "đã trả lại để chỉnh sửa" in link and str(editor) in link
    assert "duyệt" not in link  # v1 was returned, never approved
    html = client.get(reverse("submissions:compare", args=[item.pk]) + "?since=reviewed").content.decode()
    old = re.sub(r"\s+", " ", html.split('id="old-version">')[1].split("</dd>")[0])
    new = re.sub(r"\s+", " ", html.split('id="new-version">')[1].split("</dd>")[0])
    assert "v1 · đã gửi lúc" in old and f"bởi {alice}" in old and "đã trả lại để chỉnh sửa lúc" in old
    assert "v2 · đã gửi lại lúc" in new
    services.submission_transition(submission=item, by=editor, action="approve")
    html = client.get(reverse("submissions:compare", args=[item.pk]) + "?a=1&b=2").content.decode()
    new = html.split('id="new-version">')[1].split("</dd>")[0]
    assert "đã duyệt lúc" in new and f"bởi {editor}" in new


def test_photos_are_compared_by_caption_and_thumbnail(client, alice, editor):
    item = make_submitted(alice)  # one photo, "Quang cảnh"
    services.submission_transition(submission=item, by=editor, action="request_changes", comment="Thêm ảnh.")
    added = services.photo_add(submission=item, by=alice, upload=upload(seed=7), caption="Đại biểu nhận khen thưởng")
    services.submission_submit(submission=item, by=alice)
    client.force_login(editor)
    html = client.get(reverse("submissions:compare", args=[item.pk]) + "?a=1&b=2").content.decode()
    section = html.split('id="photo-compare"')[1]
    assert re.search(r"#\d+ \(", html) is None
    rows = re.findall(r'data-change="(\w+)">\s*<img src="([^"]+)"', section)
    assert [change for change, _ in rows] == ["kept", "added"]
    assert rows[1][1] == reverse("submissions:photo_file", args=[added.pk, "thumb"])
    assert "Đại biểu nhận khen thưởng" in section and "Quang cảnh" in section
    assert client.get(rows[1][1]).status_code == 200
