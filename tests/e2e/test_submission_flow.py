"""The item's whole path in a real browser: a correspondent writes with the rich-text editor and
uploads photos from the file input (the report appears without a page reload), submits; an editor
claims and requests changes; the correspondent resubmits; the editor sees what changed, approves and
publishes; a reader finds it on the public site and in the RSS feed."""

import pytest

from submissions.models import ReviewAction, Submission
from tests.e2e.browser import chromium_page
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TITLE = "Hội nghị biểu dương điển hình tiên tiến huyện Kế Sách"
SENTENCE = "Hội nghị đã biểu dương nhiều tập thể và cá nhân tiêu biểu trong phong trào thi đua yêu nước. "


def test_an_item_travels_from_the_correspondent_to_the_public_site(live_server, alice, editor, photo_files):
    base = live_server.url
    with chromium_page(mobile=True) as page:
        # The correspondent writes on a phone; each photo is sent and checked as soon as it is chosen.
        sign_in(page, base, "alice")
        page.goto(f"{base}/items/new/")
        page.fill("#id_title", TITLE)
        page.fill("#id_summary", "Sáng nay, huyện tổ chức hội nghị biểu dương.")
        page.click(".rich-editor-area")
        page.keyboard.type(SENTENCE * 2)
        page.click("button[title='Đậm'], button[title='Bold']")
        page.keyboard.type("Kết quả nổi bật.")
        page.evaluate("window.__samePage = true")
        page.set_input_files("#id_photo", str(photo_files["good"]))
        page.wait_for_selector("#photo-list .compose-photo[data-photo]")
        assert "Ảnh đạt yêu cầu" in page.inner_text("#photo-list")
        page.fill("#photo-list input[name^=caption-]", "Quang cảnh hội nghị")

        # A second photo: its report appears and the page is not reloaded.
        page.set_input_files("#id_photo", str(photo_files["blurred"]))
        page.wait_for_selector(".compose-photo[data-verdict=fail]")
        assert "Ảnh bị mờ" in page.inner_text(".compose-photo[data-verdict=fail]")
        assert page.evaluate("window.__samePage") is True
        # The failing photo blocks submission until it is removed.
        page.once("dialog", lambda dialog: dialog.accept())  # if the page asks first
        page.click(".compose-photo[data-verdict=fail] .photo-remove")
        page.wait_for_selector(".compose-photo[data-verdict=fail]", state="detached")
        page.click("button[name=action][value=submit]")
        page.wait_for_selector("#history")
        # No ORM inside this block: Playwright's greenlet would open a second connection.
        pk = int(page.url.rstrip("/").rsplit("/", 1)[1])
        assert "Đã gửi" in page.inner_text(".state-submitted")

        # The editor claims it and asks for changes.
        sign_in(page, base, "bob")
        page.goto(f"{base}/review/")
        page.click(f"text={TITLE}")
        page.click("[data-action=claim]")
        page.wait_for_selector("#holder")
        page.fill("#id_comment", "Đề nghị bổ sung số lượng tập thể được khen thưởng.")
        page.click("[data-action=request_changes]")
        page.wait_for_selector("text=Cần chỉnh sửa")

        # The correspondent sees the request, revises and resubmits.
        sign_in(page, base, "alice")
        page.goto(f"{base}/items/{pk}/edit/")
        assert "bổ sung số lượng" in page.inner_text("#requested-changes")
        page.click(".rich-editor-area")
        page.keyboard.press("End")
        page.keyboard.press("Control+End")
        page.keyboard.type(" Có 25 tập thể được khen thưởng.")
        page.click("button[name=action][value=submit]")
        page.wait_for_selector("#history")

        # The editor sees what changed since the reviewed version, approves and publishes.
        sign_in(page, base, "bob")
        page.goto(f"{base}/items/{pk}/")
        page.click("[data-action=claim]")
        page.click("#since-reviewed")
        assert "25" in page.inner_text(".diff ins >> nth=0") or "25" in page.inner_text(".diff")
        page.go_back()
        page.reload()
        page.click("[data-action=approve]")
        page.click("[data-action=publish]")
        page.wait_for_selector("text=trên Trang Thông tin điện tử")

        # A reader finds it on the public site, with its photo, and in the feed.
        page.context.clear_cookies()
        page.goto(f"{base}/")
        page.click("text=Ủy ban MTTQ Việt Nam tỉnh Sóc Trăng")
        page.wait_for_url(f"{base}/soc-trang/")
        page.click(f"text={TITLE}")
        page.wait_for_selector("article h1")
        assert page.locator("figure img").evaluate("img => img.complete && img.naturalWidth > 0")
        page.goto(f"{base}/soc-trang/rss/")
        assert TITLE in page.content()

    item = Submission.objects.get(pk=pk)
    assert item.state == "published" and item.title == TITLE
    assert "<strong>Kết quả nổi bật." in item.body and "Có 25 tập thể" in item.body
    actions = list(ReviewAction.objects.filter(submission=item).values_list("action", flat=True))
    assert actions == ["submit", "claim", "request_changes", "resubmit", "claim", "approve", "publish"]
