"""The unit picker in a real browser: typing "dai ngai" without tones narrows the review queue's
unit list to the matching unit, with the count, and filtering by it works."""

import pytest
from playwright.sync_api import expect

from portal import services as portal_services
from portal.models import Unit
from tests.e2e.browser import chromium_page
from tests.e2e.conftest import sign_in
from tests.submissions.conftest import make_submitted

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.mark.parametrize("mobile", [True, False], ids=["phone", "desktop"])
def test_the_queue_unit_picker_finds_units_typed_without_tones(live_server, unit, other_unit, alice, editor, mobile):
    portal_services.unit_create(code="dai-ngai", name="Ủy ban MTTQ Việt Nam xã Đại Ngãi", kind=Unit.Kind.COMMUNE,
                                parent=unit)  # fmt: skip
    make_submitted(alice, title="Kế Sách ra mắt mô hình Dân vận khéo")
    with chromium_page(mobile=mobile) as page:
        sign_in(page, live_server.url, "bob")
        page.goto(f"{live_server.url}/review/")
        select = page.locator("#f-unit")
        assert select.locator("option").count() == 4  # all units, Kế Sách, Mỹ Tú, Đại Ngãi
        box = page.locator("[data-unit-search-box]").first
        box.fill("DAI NGAI")
        expect(select.locator("option")).to_have_count(2)
        assert select.locator("option").nth(1).inner_text() == "Ủy ban MTTQ Việt Nam xã Đại Ngãi"
        expect(page.locator(".unit-picker-count").first).to_have_text("1 kết quả")
        box.fill("ke sach")
        expect(select.locator("option").nth(1)).to_have_text("Ủy ban MTTQ Việt Nam huyện Kế Sách")
        select.select_option("ke-sach")
        page.fill("#f-q", "dan van")
        page.locator("#queue-filters button").click()
        page.wait_for_url("**unit=ke-sach**")
        assert "Kế Sách ra mắt mô hình Dân vận khéo" in page.content()
        assert page.locator(".result-count").first.inner_text() == "1 kết quả"


def test_the_plan_forms_quota_units_are_narrowed_by_a_search_without_tones(live_server, unit, other_unit, propaganda):
    with chromium_page(mobile=True) as page:
        sign_in(page, live_server.url, "dana")
        page.goto(f"{live_server.url}/schedule/plans/new/")
        page.locator(f"input[name=quota_units][value='{unit.pk}']").check()
        box = page.locator("[data-unit-checklist-box]").first
        box.fill("MY TU")
        expect(page.locator(".unit-checklist-count").first).to_have_text("1 kết quả")
        expect(page.locator(f"input[name=quota_units][value='{other_unit.pk}']")).to_be_visible()
        expect(page.locator(f"input[name=quota_units][value='{unit.pk}']")).to_be_hidden()
        # Hidden, the ticked unit stays ticked.
        assert page.locator(f"input[name=quota_units][value='{unit.pk}']").is_checked()
        box.fill("")
        expect(page.locator(f"input[name=quota_units][value='{unit.pk}']")).to_be_visible()
