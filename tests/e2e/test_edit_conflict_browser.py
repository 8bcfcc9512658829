"""In a real browser, under the Content-Security-Policy: a draft saved by someone else meanwhile
shows the second person their text and the differences, on a phone and on a desktop, and no page
on the way breaks the policy (the browser reports every violation on the console)."""

import os

import pytest

from submissions import services
from tests.e2e.browser import chromium_page
from tests.e2e.conftest import sign_in
from tests.submissions.conftest import make_draft

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SHOTS = os.environ.get("PORTAL_SCREENSHOTS", "")


@pytest.mark.parametrize("mobile", [True, False], ids=["phone", "desktop"])
def test_a_conflicting_save_keeps_the_text_and_breaks_no_policy(live_server, alice, lead, mobile):
    item = make_draft(alice, title="Hội nghị tổng kết công tác Mặt trận năm")
    with chromium_page(mobile=mobile) as page:
        if not mobile:
            page.set_viewport_size({"width": 1366, "height": 900})
        violations: list[str] = []
        page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
        sign_in(page, live_server.url, "lead")
        page.goto(f"{live_server.url}/items/{item.pk}/edit/")
        # Meanwhile Alice saves a new title.
        services.submission_update(submission=item, by=alice, title="Hội nghị tổng kết năm của Ủy ban MTTQ xã")
        page.fill("input[name=title]", "Trưởng ban đặt lại tiêu đề cho tin này")
        page.click("button[name=action][value=save]")
        page.wait_for_selector("#edit-conflict")
        assert page.input_value("input[name=title]") == "Trưởng ban đặt lại tiêu đề cho tin này"
        assert "Người khác đã lưu tin này" in page.content()
        if SHOTS:
            page.screenshot(path=f"{SHOTS}/conflict-{'390' if mobile else '1366'}.png", full_page=True)
        page.goto(f"{live_server.url}/emulation/my-unit/")
        assert violations == []
