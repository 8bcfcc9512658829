"""A photo's checks at phone sizes (issue 15 part 6, issue 12 part 9): the upload answers with the
quick verdict, the slower check runs after the response (in the embedded default, a background
thread), the photo is "checking" until then and its item cannot be submitted, a crashed check is
queued again by the sweep and never leaves the item stuck; renditions are made at upload and no page
view writes."""

from __future__ import annotations

import datetime
import io
import threading

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from portal import background
from submissions import services, tasks
from submissions.models import Photo, Submission

from .conftest import BODY, make_published, phone_photo, upload

CHECKING_VI = "Ảnh đang được kiểm tra"


def _draft(alice) -> Submission:
    return services.submission_create(by=alice, kind="news", title="Hội nghị biểu dương điển hình", body=BODY)


def _media_files(settings) -> list[str]:
    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()) if root.exists() else []


@pytest.mark.django_db
def test_a_phone_photo_is_checking_until_the_slower_check_and_cannot_be_sent_before(client, alice):
    item = _draft(alice)
    photo = services.photo_add(submission=item, by=alice, upload=phone_photo())  # its work waits for the commit
    verdict = services.photo_verdict(photo=photo)
    assert verdict.state == "checking" and verdict.checking
    assert verdict.verdict == "pass"  # the quick verdict, given with the upload's answer
    assert photo.quality_report["metrics"]["analysed_width"] == 504  # 4032 / 8: the cheapest decode

    client.force_login(alice)
    response = client.post(
        reverse("submissions:item_edit", args=[item.pk]),
        {"kind": "news", "title": item.title, "body": BODY, "action": "submit"},
        follow=True,
    )
    assert CHECKING_VI in response.content.decode()  # the form again, saying why and what to do
    item.refresh_from_db()
    assert item.state == "draft"

    tasks.deep_check_photo(photo.pk)  # what the worker (or the background thread) does after the response
    verdict = services.photo_verdict(photo=photo)
    assert verdict.state == "checked" and verdict.verdict == "pass" and verdict.messages == []
    services.submission_submit(submission=item, by=alice)
    item.refresh_from_db()
    assert item.state == "submitted"


@pytest.mark.django_db
def test_a_photo_the_quick_check_measured_completely_is_checked_at_once(alice):
    photo = services.photo_add(submission=_draft(alice), by=alice, upload=upload())  # 1600x1200
    assert services.photo_verdict(photo=photo).state == "checked"
    assert photo.quality_report["metrics"]["blockiness"] != -1  # the blocking was measured at upload


@pytest.mark.django_db
def test_the_slower_check_finds_a_re_saved_phone_photo_the_quick_check_cannot_see(alice):
    """A phone photo forwarded through a chat app and saved again: the 8x8 blocking of the first,
    heavy compression is invisible at 1/8, so the quick verdict passes it and the slower one fails it."""
    first = io.BytesIO()
    Image.open(phone_photo()).save(first, "JPEG", quality=8)
    again = io.BytesIO()
    Image.open(io.BytesIO(first.getvalue())).save(again, "JPEG", quality=92)
    photo = services.photo_add(
        submission=_draft(alice), by=alice, upload=SimpleUploadedFile("zalo.jpg", again.getvalue())
    )
    assert "compressed" not in photo.problem_codes
    tasks.deep_check_photo(photo.pk)
    verdict = services.photo_verdict(photo=photo)
    assert verdict.state == "checked" and verdict.verdict == "fail" and verdict.blocks_submission
    assert [m["code"] for m in verdict.messages] == ["compressed"]
    assert "nén quá nhiều" in verdict.messages[0]["message"]


@pytest.mark.django_db
def test_a_crashed_check_is_queued_again_and_an_item_is_never_stuck(alice, django_capture_on_commit_callbacks):
    item = _draft(alice)
    photo = services.photo_add(submission=item, by=alice, upload=phone_photo())
    stored = photo.file.open("rb").read()
    photo.file.close()
    photo.file.storage.delete(photo.file.name)  # the file is not there when the check comes
    with pytest.raises(OSError):
        tasks.deep_check_photo(photo.pk)
    photo.refresh_from_db()
    assert photo.checking and photo.check_attempts == 1  # retryable: still checking, one run counted

    assert services.photo_checks_sweep() == {"queued": 0, "given_up": 0}  # not stale yet
    later = timezone.now() + datetime.timedelta(minutes=11)
    photo.file.storage.save(photo.file.name, io.BytesIO(stored))  # the storage is back
    with django_capture_on_commit_callbacks(execute=True):
        assert services.photo_checks_sweep(now=later) == {"queued": 1, "given_up": 0}
    photo.refresh_from_db()
    assert not photo.checking and photo.check_attempts == 2 and photo.thumbnail


@pytest.mark.django_db
def test_a_check_that_keeps_crashing_leaves_the_quick_verdict(alice):
    item = _draft(alice)
    photo = services.photo_add(submission=item, by=alice, upload=phone_photo())
    photo.file.storage.delete(photo.file.name)
    now = timezone.now()
    for _attempt in range(services.photos.MAX_CHECK_ATTEMPTS):
        with pytest.raises(OSError):
            tasks.deep_check_photo(photo.pk)
        now += datetime.timedelta(minutes=11)
        result = services.photo_checks_sweep(now=now)
        Photo.objects.filter(pk=photo.pk).update(check_started_at=now)
    assert result == {"queued": 0, "given_up": 1}
    assert Photo.objects.get(pk=photo.pk).check_attempts == 3
    photo.refresh_from_db()
    assert not photo.checking and photo.verdict == "pass"
    assert photo.quality_report["metrics"]["deep_check"] == "failed"
    services.submission_submit(submission=item, by=alice)  # not stuck


@pytest.mark.django_db(transaction=True)
def test_in_the_embedded_default_the_upload_does_not_wait_for_the_slower_check(client, alice, settings):
    """No broker: the renditions and the slower check run in the web process's background thread
    after the response. The thread is held busy here, so the upload can only have answered without
    them; released, it makes them and the photo is checked."""
    settings.CELERY_TASK_ALWAYS_EAGER = True
    settings.PORTAL_BACKGROUND_THREAD = True
    item = _draft(alice)
    held = threading.Event()
    background.run_after_commit(held.wait, 30)  # outside a transaction: handed over at once
    client.force_login(alice)
    try:
        response = client.post(
            reverse("submissions:photo_upload", args=[item.pk]),
            {"photo": phone_photo(), "caption": "Quang cảnh"},
            HTTP_HX_REQUEST="true",
        )
        assert response.status_code == 200
        photo = item.photos.get()
        assert photo.checking and not photo.thumbnail  # answered before either ran
        assert services.photo_verdict(photo=photo).state == "checking"
    finally:
        held.set()
    assert background.wait_idle(60)
    photo.refresh_from_db()
    assert not photo.checking and photo.thumbnail and photo.page_image
    assert services.photo_verdict(photo=photo).state == "checked"


@pytest.mark.django_db
def test_page_views_write_nothing_and_stand_in_for_a_missing_rendition(client, alice, editor, settings):
    """The pages that show photos, with a photo whose renditions are missing: no INSERT, UPDATE or
    DELETE and no file written; signed-in pages fall back to the original, the public ones to a
    placeholder."""
    item = make_published(alice, editor)
    photo = item.photos.get()
    for field in (photo.thumbnail, photo.page_image):
        field.storage.delete(field.name)
    Photo.objects.filter(pk=photo.pk).update(thumbnail="", page_image="")
    draft = _draft(alice)
    services.photo_add(submission=draft, by=alice, upload=upload(seed=4))  # its renditions not made yet
    services.submission_submit(submission=draft, by=alice)
    client.force_login(editor)
    client.get(reverse("submissions:review_queue"))  # the session is written once, at sign-in
    files = _media_files(settings)
    pages = [
        reverse("submissions:review_queue"),
        reverse("submissions:item_detail", args=[item.pk]),
        reverse("submissions:item_detail", args=[draft.pk]),
        reverse("submissions:photo_file", args=[photo.pk, "thumb"]),
        reverse("submissions:photo_file", args=[photo.pk, "page"]),
        reverse("submissions:public_index", args=["soc-trang"]),
        reverse("submissions:public_item", args=["soc-trang", item.pk]),
        reverse("submissions:rss", args=["soc-trang"]),
        reverse("submissions:public_photo", args=[photo.pk, "thumb"]),
        reverse("submissions:public_photo", args=[photo.pk, "page"]),
    ]
    with CaptureQueriesContext(connection) as queries:
        for url in pages:
            response = client.get(url, follow=True)
            assert response.status_code == 200, url
            if "/news/photos/" in url:
                assert response.redirect_chain and "photo-pending" in response.redirect_chain[-1][0]
            b"".join(response.streaming_content) if response.streaming else response.content
    writes = [q["sql"] for q in queries if q["sql"].lstrip().split()[0].upper() in ("INSERT", "UPDATE", "DELETE")]
    assert writes == []
    assert _media_files(settings) == files
    photo.refresh_from_db()
    assert not photo.thumbnail and not photo.page_image


@pytest.mark.django_db
def test_make_renditions_makes_what_existing_photos_lack(alice, editor):
    item = make_published(alice, editor)
    photo = item.photos.get()
    Photo.objects.filter(pk=photo.pk).update(thumbnail="")
    out = io.StringIO()
    call_command("make_renditions", stdout=out)
    photo.refresh_from_db()
    assert photo.thumbnail and "renditions made for 1 photo(s)" in out.getvalue()
    with photo.thumbnail.open("rb") as fh, Image.open(fh) as im:
        assert max(im.size) == 480
    call_command("make_renditions", stdout=out)
    assert "renditions made for 0 photo(s)" in out.getvalue()


@pytest.mark.django_db
def test_the_demo_photos_have_their_renditions_and_are_checked(demo):
    photos = Photo.objects.filter(removed=False)
    assert photos.exists()
    assert not photos.filter(thumbnail="").exists() and not photos.filter(page_image="").exists()
    assert not photos.filter(deep_checked_at__isnull=True).exists()
