"""Writing and uploading: drafts save incomplete, bad input keeps what was typed, the body is sanitised."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from submissions.models import Photo, Submission
from submissions.photos import MAX_UPLOAD_BYTES

from .conftest import BODY, make_draft, upload

pytestmark = pytest.mark.django_db


def test_a_draft_saves_without_being_complete(client, alice):
    client.force_login(alice)
    response = client.post(reverse("submissions:item_create"), {"kind": "news", "title": "", "body": ""})
    item = Submission.objects.get()
    assert response.status_code == 302
    assert (item.state, item.unit, item.author, item.committee) == ("draft", alice.unit, alice, alice.unit.committee)


def test_a_refused_upload_says_why_in_vietnamese_and_keeps_everything_typed(client, alice, settings):
    client.force_login(alice)
    bad = SimpleUploadedFile("ghi-chu.jpg", b"this is not a photo", content_type="image/jpeg")
    response = client.post(
        reverse("submissions:item_create"),
        {"kind": "article", "title": "Tiêu đề đã gõ", "summary": "Sapo đã gõ", "body": "Nội dung đã gõ", "photo": bad},
        follow=True,
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "ghi-chu.jpg</span>: “ghi-chu.jpg” không phải là ảnh đọc được" in html
    assert "Tiêu đề đã gõ" in html and "Sapo đã gõ" in html and "Nội dung đã gõ" in html
    # The text is kept as a draft (the browser would not keep it otherwise); the file is not.
    item = Submission.objects.get()
    assert (item.state, item.title, item.photos.count()) == ("draft", "Tiêu đề đã gõ", 0)
    assert not (settings.MEDIA_ROOT / "photos").exists()


def test_an_htmx_upload_of_a_non_photo_answers_with_the_reason_and_stores_nothing(client, alice, settings):
    item = make_draft(alice)
    client.force_login(alice)
    response = client.post(
        reverse("submissions:photo_upload", args=[item.pk]),
        {"photo": SimpleUploadedFile("a.gif", b"GIF89a" + b"\0" * 50, content_type="image/gif")},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "upload-error" in response.content.decode()
    assert item.photos.count() == 1
    assert len(list((settings.MEDIA_ROOT / "photos" / str(item.pk)).iterdir())) == 1


def test_a_photo_over_the_size_limit_is_refused_with_the_limit(client, alice, monkeypatch):
    item = make_draft(alice)
    monkeypatch.setattr("submissions.photos.MAX_UPLOAD_BYTES", 2 * 1024 * 1024)
    client.force_login(alice)
    big = SimpleUploadedFile("lon.jpg", b"\xff\xd8" + b"\0" * (3 * 1024 * 1024), content_type="image/jpeg")
    response = client.post(reverse("submissions:photo_upload", args=[item.pk]), {"photo": big}, HTTP_HX_REQUEST="true")
    assert "Tệp nặng 3.0 MB; ảnh tối đa 2 MB." in response.content.decode()
    assert item.photos.count() == 1
    assert MAX_UPLOAD_BYTES == 25 * 1024 * 1024


def test_a_failed_database_write_leaves_no_file_on_disk(alice, settings, monkeypatch):
    from submissions import services

    item = make_draft(alice)

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(Photo, "save", broken_save)
    with pytest.raises(RuntimeError):
        services.photo_add(submission=item, by=alice, upload=upload(seed=3))
    assert len(list((settings.MEDIA_ROOT / "photos" / str(item.pk)).iterdir())) == 1


def test_the_body_is_sanitised_on_the_server(client, alice):
    item = make_draft(alice)
    client.force_login(alice)
    dirty = BODY + '<script>alert(1)</script><p onclick="x()">Xem <a href="javascript:evil()">đây</a> và ' \
        '<a href="https://mattran.vn">đây</a></p><img src=x onerror=alert(2)><h2>Mục</h2>'  # fmt: skip
    client.post(reverse("submissions:item_edit", args=[item.pk]), {"kind": "news", "title": item.title, "body": dirty})
    item.refresh_from_db()
    assert "<script" not in item.body and "onclick" not in item.body and "javascript:" not in item.body
    assert "<img" not in item.body
    assert '<a href="https://mattran.vn" rel="noopener noreferrer nofollow">' in item.body
    assert "<h2>Mục</h2>" in item.body


def test_submitting_an_incomplete_item_lists_what_is_missing_and_keeps_the_draft(client, alice):
    client.force_login(alice)
    client.post(reverse("submissions:item_create"), {"kind": "article", "title": "Ngắn", "body": "Quá ngắn."})
    item = Submission.objects.get()
    response = client.post(
        reverse("submissions:item_edit", args=[item.pk]),
        {"kind": "article", "title": "Ngắn", "body": "Quá ngắn.", "action": "submit"},
        follow=True,
    )
    html = response.content.decode()
    assert "Hãy đặt tiêu đề dài ít nhất" in html
    assert "Nội dung quá ngắn" in html
    assert "Hãy thêm ít nhất một ảnh minh họa." in html
    item.refresh_from_db()
    assert item.state == "draft" and item.first_submitted_at is None


def test_the_topic_comes_from_the_plan_in_force_and_none_is_allowed(client, alice, committee):
    import datetime

    from schedule.models import Plan, Topic

    plan = Plan.objects.create(
        committee=committee, title="Kế hoạch", year=2026,
        period_start=datetime.date(2000, 1, 1), period_end=datetime.date(2100, 12, 31),
    )  # fmt: skip
    topic = Topic.objects.create(plan=plan, name="Bảo vệ môi trường")
    client.force_login(alice)
    assert "Bảo vệ môi trường" in client.get(reverse("submissions:item_create")).content.decode()
    client.post(reverse("submissions:item_create"), {"kind": "news", "title": "Có chủ đề", "topic": topic.pk})
    client.post(reverse("submissions:item_create"), {"kind": "news", "title": "Không chủ đề", "topic": ""})
    assert dict(Submission.objects.values_list("title", "topic")) == {"Có chủ đề": topic.pk, "Không chủ đề": None}


def test_a_new_item_with_a_photo_checks_the_photo_once(client, alice, monkeypatch):
    from submissions import photo_quality

    calls = []
    real_check = photo_quality.check_photo

    def counting_check(*args, **kwargs):
        calls.append(1)
        return real_check(*args, **kwargs)

    monkeypatch.setattr(photo_quality, "check_photo", counting_check)
    client.force_login(alice)
    client.post(
        reverse("submissions:item_create"),
        {"kind": "news", "title": "Tin có một ảnh", "body": BODY, "photo": upload(), "caption": "Ảnh"},
    )
    assert Submission.objects.get().photos.count() == 1
    assert len(calls) == 1
