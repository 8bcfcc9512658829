"""A district correspondent on a phone (390×844) sends an item in one form: the text, the kind, the
event date and two photos taken sideways (EXIF orientation), each scaled down in the browser, sent
and checked as soon as it is chosen, with its verdict and caption beside it; one "Gửi Ban Biên tập".
Nothing typed or chosen is lost when a photo is refused, the connection drops or the submit is
refused."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest
from playwright.sync_api import expect

from submissions.models import Photo, Submission
from tests.e2e.browser import chromium_page
from tests.e2e.conftest import sign_in
from tests.submissions.conftest import phone_jpeg, shows_upright

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Ra quân làm sạch đường làng ở xã Đại Hải"
TEXT = (
    "Sáng nay, Ban Thường trực Ủy ban MTTQ xã phối hợp với các đoàn thể ra quân làm sạch đường làng, "
    "thu gom rác thải và trồng thêm cây xanh dọc các tuyến đường liên ấp. "
)


@pytest.fixture
def phone_photos(tmp_path: Path) -> dict[str, Path]:
    """Photos as a phone saves them, sideways with EXIF orientation 6: a 12 MP one (larger than the
    portal keeps, so the browser scales it down) and a 2 MP one (sent as chosen)."""
    files = {"large": tmp_path / "IMG_0001.jpg", "small": tmp_path / "IMG_0002.jpg"}
    files["large"].write_bytes(phone_jpeg(3000, 4000, seed=1))
    files["small"].write_bytes(phone_jpeg(1200, 1600, seed=2))
    return files


def _write(page, *, title: str = TITLE, text: str = TEXT * 2) -> None:
    page.check("input[name=kind][value=news]")
    page.fill("#id_title", title)
    page.click(".rich-editor-area")
    page.keyboard.type(text)
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    page.fill("#id_event_date", yesterday.isoformat())


def _photo_cards(page):
    return page.locator("#photo-list .compose-photo[data-photo]")


def test_a_correspondent_sends_an_item_with_two_photos_from_one_form(live_server, alice, editor, phone_photos):
    base = live_server.url
    with chromium_page(mobile=True) as page:
        sign_in(page, base, "alice")
        page.goto(f"{base}/items/new/")
        # The rules are stated before anything is refused, with a live counter.
        rules = page.inner_text("#submit-rules")
        assert "150 ký tự" in rules and "ít nhất một ảnh" in rules
        _write(page)
        assert "đã đủ" in page.inner_text("#id_body-counter")

        page.set_input_files("#id_photo", [str(phone_photos["large"]), str(phone_photos["small"])])
        # Each photo shows its progress, then its verdict, beside it. Scaled down to 2560 px by the
        # browser, a phone photo is checked completely at upload (its 8x8 blocking is measured at that
        # size), so no "Đang kiểm tra" wait here; tests/submissions/test_phone_form.py covers that state.
        expect(_photo_cards(page)).to_have_count(2, timeout=30_000)
        page.wait_for_selector(".compose-photo[data-checking]", state="detached", timeout=30_000)
        assert _photo_cards(page).count() == 2
        for i in range(2):
            assert "Ảnh đạt yêu cầu" in _photo_cards(page).nth(i).inner_text()
        _photo_cards(page).nth(0).locator("input[name^=caption-]").fill("Đoàn viên thu gom rác thải")
        _photo_cards(page).nth(1).locator("input[name^=caption-]").fill("Trồng cây xanh dọc đường liên ấp")
        # One button sends everything.
        page.get_by_role("button", name="Gửi Ban Biên tập").click()
        page.wait_for_selector("#history")
        assert "Đã gửi" in page.inner_text(".state-submitted")
        pk = int(page.url.rstrip("/").rsplit("/", 1)[1])

        # The editors find it in their queue with both photos and their captions.
        sign_in(page, base, "bob")
        page.goto(f"{base}/review/")
        page.click(f"text={TITLE}")
        page.wait_for_selector(".photo-card")
        photos_text = page.inner_text("main")
        assert "Đoàn viên thu gom rác thải" in photos_text and "Trồng cây xanh dọc đường liên ấp" in photos_text

    item = Submission.objects.get(pk=pk)
    assert (item.state, item.title, item.kind) == ("submitted", TITLE, "news")
    assert item.event_date == datetime.date.today() - datetime.timedelta(days=1)
    photos = list(item.photos.order_by("sort_order"))
    assert [p.caption for p in photos] == ["Đoàn viên thu gom rác thải", "Trồng cây xanh dọc đường liên ấp"]
    assert all(p.verdict == Photo.Verdict.PASS and p.deep_checked_at for p in photos)
    # Upright, both: the large one was turned and scaled in the browser (2560 px long edge, no
    # EXIF needed); the small one was sent as chosen and keeps its EXIF orientation.
    assert [(p.width, p.height) for p in photos] == [(1920, 2560), (1200, 1600)]
    for photo in photos:
        with photo.file.open("rb") as fh:
            assert shows_upright(fh.read()), photo


def test_the_browser_sends_a_large_photo_scaled_down_and_it_still_passes(live_server, alice, phone_photos):
    original = phone_photos["large"].stat().st_size
    with chromium_page(mobile=True) as page:
        sign_in(page, live_server.url, "alice")
        page.goto(f"{live_server.url}/items/new/")
        page.fill("#id_title", TITLE)
        page.set_input_files("#id_photo", str(phone_photos["large"]))
        page.wait_for_selector("#photo-list .compose-photo[data-photo]")
        assert "Ảnh đạt yêu cầu" in page.inner_text("#photo-list")
    photo = Photo.objects.get()
    with photo.file.open("rb") as fh:
        received = fh.read()  # the portal keeps the file exactly as the browser sent it
    assert len(received) == photo.size < original
    assert max(photo.width, photo.height) == 2560 and shows_upright(received)
    assert photo.verdict == Photo.Verdict.PASS and photo.submission.title == TITLE


def test_a_refused_photo_says_why_beside_it_and_keeps_what_was_typed(live_server, alice, tmp_path, monkeypatch):
    notes = tmp_path / "ghi-chu.jpg"
    notes.write_bytes(b"this is a note, not a photo")
    huge = tmp_path / "anh-qua-lon.jpg"
    huge.write_bytes(phone_jpeg(1200, 1600, seed=5))
    monkeypatch.setattr("submissions.photos.MAX_UPLOAD_BYTES", huge.stat().st_size - 1)
    with chromium_page(mobile=True) as page:
        sign_in(page, live_server.url, "alice")
        page.goto(f"{live_server.url}/items/new/")
        _write(page)
        page.set_input_files("#id_photo", [str(notes), str(huge)])
        cards = page.locator(".compose-photo.pending")
        expect(cards.nth(1).locator(".upload-error")).not_to_be_empty(timeout=30_000)
        expect(cards.nth(0).locator(".upload-error")).not_to_be_empty()
        assert "ghi-chu.jpg" in cards.nth(0).inner_text()
        assert "không phải là ảnh đọc được" in cards.nth(0).locator(".upload-error").inner_text()
        assert "ảnh tối đa" in cards.nth(1).locator(".upload-error").inner_text()
        assert page.input_value("#id_title") == TITLE
        assert "làm sạch đường làng" in page.inner_text(".rich-editor-area")
    assert not Submission.objects.exists() and not Photo.objects.exists()  # a refused first photo makes no draft


def test_a_photo_that_could_not_travel_is_kept_and_sent_again(live_server, alice, phone_photos):
    with chromium_page(mobile=True) as page:
        sign_in(page, live_server.url, "alice")
        page.goto(f"{live_server.url}/items/new/")
        _write(page)
        page.context.set_offline(True)
        page.set_input_files("#id_photo", str(phone_photos["small"]))
        page.wait_for_selector(".pending .photo-retry")
        assert "mất kết nối" in page.inner_text(".pending .upload-error")
        page.context.set_offline(False)
        page.click(".pending .photo-retry")
        page.wait_for_selector("#photo-list .compose-photo[data-photo]")
        assert page.input_value("#id_title") == TITLE
    assert Photo.objects.get().submission.title == TITLE


def test_a_refused_submit_keeps_the_text_and_the_photos(live_server, alice, phone_photos):
    with chromium_page(mobile=True) as page:
        sign_in(page, live_server.url, "alice")
        page.goto(f"{live_server.url}/items/new/")
        _write(page, text="Chỉ một câu ngắn.")
        assert "tối thiểu 150" in page.inner_text("#id_body-counter")
        page.set_input_files("#id_photo", str(phone_photos["small"]))
        page.wait_for_selector("#photo-list .compose-photo[data-photo]")
        _photo_cards(page).nth(0).locator("input[name^=caption-]").fill("Quang cảnh buổi ra quân")
        page.get_by_role("button", name="Gửi Ban Biên tập").click()
        page.wait_for_selector("#submit-problems")
        assert "Nội dung quá ngắn" in page.inner_text("#submit-problems")
        assert page.input_value("#id_title") == TITLE
        assert "Chỉ một câu ngắn." in page.inner_text(".rich-editor-area")
        assert _photo_cards(page).count() == 1
        assert _photo_cards(page).nth(0).locator("input[name^=caption-]").input_value() == "Quang cảnh buổi ra quân"
    item = Submission.objects.get()
    assert item.state == "draft" and item.photos.get().caption == "Quang cảnh buổi ra quân"
