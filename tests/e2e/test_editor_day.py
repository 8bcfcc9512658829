"""The editor's day on a phone (390 px), in a real browser: the review queue is a readable list
(titles on whole lines, the state visible, tap targets of 44 px), one item is approved and published
in one step, two are published together after one confirmation, and one is taken off the site after
the page asks; the public site shows and hides them accordingly."""

import pytest

from submissions import services
from submissions.models import ReviewAction, Submission
from tests.e2e.browser import chromium_page
from tests.e2e.conftest import sign_in
from tests.submissions.conftest import upload

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ONE_STEP = "Hội nghị biểu dương gương người tốt việc tốt năm 2023"
BULK = ["Ra mắt mô hình dân vận khéo tại xã An Lạc Thôn", "Trao nhà Đại đoàn kết cho hộ nghèo ấp Phước Hòa"]
TAKEN_OFF = "Tin đã đăng tải cần gỡ xuống vì sai số liệu"


BODIES = [
    "Sáng nay, huyện tổ chức hội nghị biểu dương gương người tốt, việc tốt; nhiều cá nhân được khen thưởng. ",
    "Mô hình dân vận khéo giúp người dân ấp cùng làm đường giao thông nông thôn và giữ gìn vệ sinh môi trường. ",
    "Ủy ban MTTQ xã phối hợp với các nhà hảo tâm trao nhà Đại đoàn kết cho hộ nghèo có hoàn cảnh khó khăn. ",
    "Sau khi đăng tải, đơn vị phát hiện số liệu về số hộ được hỗ trợ chưa chính xác nên đề nghị gỡ xuống. ",
]


def _item(author, editor, n: int, title: str, *, to: str) -> Submission:
    """An item of its own text and photo (the duplicate check would mark look-alikes), brought to ``to``."""
    item = services.submission_create(by=author, kind="news", title=title, body=f"<p>{BODIES[n] * 3}</p>")
    services.photo_add(submission=item, by=author, upload=upload(seed=10 + n), caption=f"Ảnh {n}")
    item = services.submission_submit(submission=item, by=author)
    for action in {"submitted": [], "approved": ["approve"], "published": ["approve", "publish"]}[to]:
        item = services.submission_transition(submission=item, by=editor, action=action)
    return item


def _box(page, selector: str) -> dict:
    return page.locator(selector).first.bounding_box()


def test_the_editors_day_on_a_phone(live_server, alice, editor):
    base = live_server.url
    one = _item(alice, editor, 0, ONE_STEP, to="submitted")
    bulk = [_item(alice, editor, 1, BULK[0], to="submitted"), _item(alice, editor, 2, BULK[1], to="approved")]
    off = _item(alice, editor, 3, TAKEN_OFF, to="published")
    with chromium_page(mobile=True) as page:
        sign_in(page, base, "bob")
        page.goto(f"{base}/review/")

        # The queue fits the phone: no sideways scrolling, each item a card with its title on whole
        # lines and its state in view, and big enough targets for a thumb.
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        card = page.locator(f"tr[data-item='{one.pk}']")
        title = card.locator(".queue-title a").bounding_box()
        assert title["width"] >= 200 and title["height"] >= 44
        state = card.locator(".queue-state .badge").bounding_box()
        assert state["x"] + state["width"] <= 390 and state["y"] < title["y"] + title["height"]
        assert card.locator(".queue-state .badge").inner_text() == "Đã gửi"
        check = card.locator(".tap-check").bounding_box()
        assert check["width"] >= 44 and check["height"] >= 44
        button = _box(page, "#bulk-publish")
        assert button["height"] >= 44

        # Approve and publish in one step, from the item page.
        card.locator(".queue-title a").click()
        page.click("[data-action=approve_publish]")
        page.wait_for_selector(".state-published")

        # Two at once from the queue: tick them, one confirmation, then the summary.
        page.goto(f"{base}/review/?state=all")
        for item in bulk:
            page.click(f"tr[data-item='{item.pk}'] .tap-check")
        page.click("#bulk-publish")
        page.wait_for_selector("#to-publish")
        assert all(t in page.inner_text("#to-publish") for t in BULK), page.inner_text("main")
        page.click("#confirm-publish")
        page.wait_for_url(f"{base}/review/?state=all")
        assert "Đã đăng tải 2 tin, bài" in page.inner_text(".alert-success")

        # Taking an item off the site asks first: "no" leaves it, "yes" takes it off.
        page.goto(f"{base}/items/{off.pk}/")
        page.once("dialog", lambda dialog: dialog.dismiss())
        page.click("[data-action=unpublish]")
        page.wait_for_timeout(300)
        assert page.locator(".state-published").count() == 1
        messages = []

        def accept(dialog):
            messages.append(dialog.message)
            dialog.accept()

        page.once("dialog", accept)
        page.click("[data-action=unpublish]")
        page.wait_for_selector(".state-unpublished")
        assert "sẽ được gỡ khỏi Trang Thông tin điện tử ngay" in messages[0]

        # The public site: the three published items are there, the one taken off is not.
        page.context.clear_cookies()
        page.goto(f"{base}/soc-trang/")
        listing = page.inner_text("main")
        assert ONE_STEP in listing and all(t in listing for t in BULK) and TAKEN_OFF not in listing
        response = page.goto(f"{base}/soc-trang/news/{off.pk}/")
        assert response.status == 404

    states = dict(Submission.objects.filter(pk__in=[one.pk, off.pk, *(b.pk for b in bulk)]).values_list("pk", "state"))
    assert states == {one.pk: "published", bulk[0].pk: "published", bulk[1].pk: "published", off.pk: "unpublished"}
    steps = list(ReviewAction.objects.filter(submission=one).order_by("id").values_list("action", flat=True))
    assert steps == ["submit", "approve", "publish"]


def test_a_form_too_large_is_stopped_in_the_page_and_keeps_what_was_typed(live_server, alice, editor, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 4000
    item = _item(alice, editor, 0, ONE_STEP, to="submitted")
    services.submission_transition(submission=item, by=editor, action="claim")
    long_summary = "Tóm tắt rất dài được dán vào từ một văn bản khác. " * 120
    with chromium_page(mobile=True) as page:
        sign_in(page, live_server.url, "bob")
        page.goto(f"{live_server.url}/items/{item.pk}/copy-edit/")
        page.fill("#id_summary", long_summary)
        page.click("main form button.btn-portal")
        page.wait_for_selector(".post-limit-alert")
        assert "Biểu mẫu quá lớn để gửi" in page.inner_text(".post-limit-alert")
        assert page.url.endswith("/copy-edit/") and page.input_value("#id_summary") == long_summary
    assert ReviewAction.objects.filter(submission=item, action="edit_copy").count() == 0
