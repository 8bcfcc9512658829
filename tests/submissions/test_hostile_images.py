"""Hostile photos (issue 11, item 1): huge dimensions in a small file, a truncated JPEG and a HEIC
file are refused at upload with a Vietnamese message that says what to do, before anything big is
decoded; renditions are made once, from a bounded decode, even when several runs race."""

from __future__ import annotations

import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from PIL import Image

from submissions import services
from submissions.models import Photo, Submission
from submissions.tasks import make_photo_renditions

from .conftest import BODY, jpeg_bytes, make_draft

pytestmark = pytest.mark.django_db


def one_colour_png(size: int) -> bytes:
    buffer = io.BytesIO()
    Image.new("1", (size, size), 1).save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def _upload(client, alice, name: str, content: bytes):
    client.force_login(alice)
    client.post(reverse("submissions:item_create"), {"kind": "news", "title": "Tin có ảnh lạ", "body": BODY})
    item = Submission.objects.get()
    response = client.post(
        reverse("submissions:photo_upload", args=[item.pk]),
        {"photo": SimpleUploadedFile(name, content, content_type="image/png"), "caption": "Ảnh"},
        HTTP_HX_REQUEST="true",
    )
    return response, item


def _media_files(settings) -> list:
    return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()] if settings.MEDIA_ROOT.exists() else []


def test_a_small_png_of_12000_by_12000_pixels_is_refused_before_it_is_decoded(client, alice, settings):
    content = one_colour_png(12000)
    assert len(content) < 300_000  # small on disk, 144 megapixels once decoded
    response, item = _upload(client, alice, "khong-lo.png", content)
    html = response.content.decode()
    assert "cổng chỉ nhận ảnh tối đa 50 megapixel" in html
    assert "không phải là ảnh đọc được" not in html
    assert not item.photos.exists()
    assert _media_files(settings) == []


def test_a_9400_by_9400_png_under_pillows_own_limit_is_refused_with_its_size(client, alice, settings):
    response, item = _upload(client, alice, "lon.png", one_colour_png(9400))
    html = response.content.decode()
    assert "9400 × 9400 điểm ảnh (88.4 megapixel)" in html
    assert "cổng chỉ nhận ảnh tối đa 50 megapixel" in html
    assert not item.photos.exists()
    assert _media_files(settings) == []


def test_the_pixel_limit_is_a_setting(client, alice, settings):
    settings.PHOTO_MAX_PIXELS = 1_000_000
    response, item = _upload(client, alice, "anh.jpg", jpeg_bytes())  # 1600 x 1200
    assert "cổng chỉ nhận ảnh tối đa 1 megapixel" in response.content.decode()
    assert not item.photos.exists()


def test_a_truncated_jpeg_is_refused_at_upload_not_stored(client, alice, settings):
    whole = jpeg_bytes()
    response, item = _upload(client, alice, "dut.jpg", whole[: len(whole) * 2 // 3])
    html = response.content.decode()
    assert "bị thiếu hoặc hỏng" in html
    assert "Hãy gửi lại ảnh" in html
    assert not item.photos.exists()
    assert _media_files(settings) == []


def test_a_heic_photo_from_a_phone_is_refused_with_what_to_do(client, alice):
    heic = b"\x00\x00\x00\x18ftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 2000
    response, item = _upload(client, alice, "IMG_0001.HEIC", heic)
    html = response.content.decode()
    assert "là ảnh HEIC" in html
    assert "Tương thích nhất" in html
    assert "JPEG" in html
    assert not item.photos.exists()


def test_renditions_are_made_from_the_stored_photo_oriented_and_bounded(alice, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        submission = make_draft(alice)
    photo = submission.photos.get()
    assert photo.thumbnail and photo.page_image  # made by the task queued when it was stored
    with photo.thumbnail.open("rb") as fh, Image.open(fh) as im:
        assert max(im.size) == 480
    with photo.page_image.open("rb") as fh, Image.open(fh) as im:
        assert max(im.size) == 1280


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_three_parallel_runs_make_each_rendition_once_and_leave_no_orphan(alice, settings):
    submission = make_draft(alice)
    photo = submission.photos.get()
    for field in (photo.thumbnail, photo.page_image):
        if field:
            field.storage.delete(field.name)
    Photo.objects.filter(pk=photo.pk).update(thumbnail="", page_image="")
    start = threading.Barrier(3)
    errors: list[BaseException] = []

    def run() -> None:
        try:
            start.wait()
            make_photo_renditions.delay(photo.pk)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    photo.refresh_from_db()
    renditions = sorted(p.name for p in (settings.MEDIA_ROOT / "renditions").rglob("*.jpg"))
    assert len(renditions) == 2
    assert sorted([photo.thumbnail.name.rsplit("/", 1)[-1], photo.page_image.name.rsplit("/", 1)[-1]]) == renditions


def test_a_page_view_of_a_published_photo_never_makes_a_rendition(client, alice, editor):
    from .conftest import make_approved

    submission = make_approved(alice, editor)
    services.submission_transition(submission=submission, by=editor, action="publish")
    photo = submission.photos.get()
    Photo.objects.filter(pk=photo.pk).update(thumbnail="")
    response = client.get(reverse("submissions:public_photo", args=[photo.pk, "thumb"]))
    assert response.status_code == 302 and response["Location"].endswith("photo-pending.svg")  # a placeholder
    photo.refresh_from_db()
    assert not photo.thumbnail
