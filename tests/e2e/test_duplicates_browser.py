"""The duplicate check in a real browser, on a phone and a desktop: the correspondent is told at
upload that a photo was used before; the editor finds the marked item in the queue and sees the
match side by side. Set SCREENSHOT_DIR to keep the screenshots."""

import io
import os
from pathlib import Path

import pytest
from django.test import TestCase
from PIL import Image

from submissions import services
from tests.e2e.browser import chromium_page
from tests.e2e.conftest import sign_in
from tests.submissions.conftest import jpeg_bytes, upload
from tests.submissions.duplicate_texts import SENTENCES, TEXT, TITLE, rewrite

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _published(author, editor):
    item = services.submission_create(by=author, kind="news", title=TITLE, body=f"<p>{TEXT}</p>")
    services.photo_add(submission=item, by=author, upload=upload(seed=51), caption="Quang cảnh", credit="CTV")
    services.submission_submit(submission=item, by=author)
    for action in ("claim", "approve", "publish"):
        services.submission_transition(submission=item, by=editor, action=action)
    return item


@pytest.mark.parametrize("mobile", [True, False], ids=["390px", "1366px"])
def test_the_reused_photo_and_the_marked_item_are_shown(live_server, charlie, alice, editor, tmp_path, mobile):
    earlier = _published(charlie, editor)
    draft = services.submission_create(
        by=alice, kind="news", title="Xã An Mỹ sôi nổi ngày hội", body=f"<p>{rewrite(SENTENCES, tones=True)}</p>"
    )
    resized = tmp_path / "anh-cu.jpg"
    im = Image.open(io.BytesIO(jpeg_bytes(seed=51))).resize((1000, 750))
    buffer = io.BytesIO()
    im.save(buffer, "JPEG", quality=70)
    resized.write_bytes(buffer.getvalue())
    size = "390" if mobile else "1366"
    base = live_server.url
    with chromium_page(mobile=mobile) as page:
        if not mobile:
            page.set_viewport_size({"width": 1366, "height": 900})
        sign_in(page, base, "alice")
        page.goto(f"{base}/items/{draft.pk}/edit/")
        page.set_input_files("#id_photo", str(resized))  # sent and checked as soon as it is chosen
        page.wait_for_selector(".photo-reused")
        warning = page.inner_text(".photo-reused")
        assert "Ảnh này đã được dùng trước đây" in warning and earlier.title in warning
        _shot(page, f"upload-{size}")

    with TestCase.captureOnCommitCallbacks(execute=True):
        services.submission_submit(submission=draft, by=alice)

    with chromium_page(mobile=mobile) as page:
        if not mobile:
            page.set_viewport_size({"width": 1366, "height": 900})
        sign_in(page, base, "bob")
        page.goto(f"{base}/review/?duplicate=1")
        assert "Có thể trùng lặp" in page.inner_text(f"tr[data-item='{draft.pk}']")
        _shot(page, f"queue-{size}")
        page.goto(f"{base}/items/{draft.pk}/")
        page.wait_for_selector("#duplicates .duplicate-text mark")
        assert page.locator("#duplicates .duplicate-photo img").count() == 2
        _shot(page, f"item-{size}")
