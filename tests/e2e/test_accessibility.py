"""Accessibility in a real browser: axe-core finds no serious or critical violation on any page a role's
navigation offers, at phone (390×844) and desktop (1366×900) size, for every role of the demo; and the
navbar fits a 1366 px screen whatever the length of the account's and the unit's names."""

import pytest
from django.core.management import call_command

from portal import services
from portal.models import Role, Unit
from tests.conftest import PASSWORD
from tests.e2e import axe_crawl
from tests.e2e.axe_crawl import ROLES, crawl, page_kind
from tests.e2e.browser import chromium_page
from tests.e2e.conftest import sign_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_site():
    """The demo installation committed to the database (not the shared ``demo`` fixture's open transaction),
    so that the live server's thread sees it; the test's flush removes it afterwards."""
    call_command("load_demo", quiet_logins=True, verbosity=0)


def test_no_page_of_any_role_has_a_serious_accessibility_violation(live_server, demo_site):
    with chromium_page() as page:
        walk = crawl(page.context.browser, live_server.url)
        _the_tables_fit_both_screens(page, live_server.url)

    # The walk reached what the roles work with (a failed sign-in or an empty navbar would pass vacuously).
    assert all("/home/" in walk.visited.get(role, []) for role in ROLES if role != "anonymous")
    visited = {page_kind(path.split("?")[0]) for paths in walk.visited.values() for path in paths}
    assert {
        "submissions:public_index",
        "account_login",
        "submissions:item_create",
        "submissions:review_queue",
        "schedule:year",
        "schedule:plan_list",
        "emulation:my_unit",
        "emulation:dashboard",
        "units:unit_list",
        "reports:overview",
        "reports:inbox",
        "reports:ward_plans",
    } <= visited, sorted(visited)
    assert not walk.errors, "links the navigation offers answer an error:\n" + "\n".join(walk.errors)
    assert not walk.violations, (
        f"{len(walk.violations)} serious or critical axe-core violations "
        f"(page [role, size] rule (impact): help, then up to five nodes: selector, markup, why):\n{walk.report()}"
    )


def _the_tables_fit_both_screens(page, base: str) -> None:
    """The department's year matrix shows twelve months and the total at 1366 px without scrolling; on a
    phone the tally and the column schedule are cards, the current month first."""
    axe_crawl.sign_in(page, base, "tuyengiao", axe_crawl.PASSWORD_DEMO)
    page.set_viewport_size({"width": 1366, "height": 900})
    page.goto(f"{base}/emulation/")
    wrapper = page.locator(".tally-scroll")
    assert wrapper.evaluate("w => w.scrollWidth <= w.clientWidth"), "the year matrix scrolls at 1366 px"
    assert page.locator("#tally-matrix thead th").count() == 14  # unit, twelve months, total
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base}/emulation/")
    assert not wrapper.is_visible()
    first_tile = page.locator(".tally-cards .tally-tiles").first.locator("li").first
    assert "current" in first_tile.get_attribute("class")
    page.goto(f"{base}/schedule/")
    rows = page.locator("#schedule-table tbody tr")
    tops = rows.evaluate_all(
        "rs => rs.map(r => [r.classList.contains('current-month'), r.getBoundingClientRect().top])"
    )
    current = [top for is_current, top in tops if is_current]
    assert current and current[0] == min(top for _, top in tops), "the current month is not the first card"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    month_link = rows.first.locator("a").first.bounding_box()
    assert month_link["height"] >= 44 and month_link["width"] >= 44


def test_the_navbar_fits_a_laptop_screen_with_a_long_unit_name(live_server, committee):
    unit = services.unit_create(
        code="quang-tien-quang-cu",
        name="Ủy ban Mặt trận Tổ quốc Việt Nam phường Quảng Tiến – Quảng Cư – Quảng Châu, thành phố Sầm Sơn",
        short_name="Phường Quảng Tiến – Quảng Cư – Quảng Châu",
        kind=Unit.Kind.DISTRICT,
        parent=committee,
        carries_quota=True,
    )
    services.account_create(
        username="thuong.truc.phuong.quang.tien.quang.cu.quang.chau",
        email="lead@example.com",
        role=Role.UNIT_LEAD,
        unit=unit,
        first_name="Thường trực Ủy ban MTTQ phường Quảng Tiến – Quảng Cư",
        last_name="– Quảng Châu",
        password=PASSWORD,
    )
    with chromium_page() as page:
        page.set_viewport_size({"width": 1366, "height": 900})
        sign_in(page, live_server.url, "thuong.truc.phuong.quang.tien.quang.cu.quang.chau")
        for path in ("/home/", "/schedule/", "/emulation/my-unit/"):
            page.goto(live_server.url + path)
            overflow = page.evaluate(
                """() => {
                  const nav = document.querySelector('nav.navbar');
                  const items = [...nav.querySelectorAll('.navbar-brand, .nav-link')];
                  return {
                    page: document.documentElement.scrollWidth - window.innerWidth,
                    outside: items.filter(a => a.getBoundingClientRect().right > window.innerWidth + 0.5)
                                  .map(a => a.textContent.trim()),
                    collapsed: getComputedStyle(nav.querySelector('.navbar-toggler')).display !== 'none',
                  };
                }"""
            )
            assert overflow == {"page": 0, "outside": [], "collapsed": False}, (path, overflow)


def test_the_rich_text_editor_is_named_in_vietnamese_for_a_screen_reader(live_server, alice):
    with chromium_page(mobile=True) as page:
        sign_in(page, live_server.url, "alice")
        page.goto(f"{live_server.url}/items/new/")
        toolbar = page.get_by_role("toolbar", name="Định dạng văn bản")
        names = [button.get_attribute("aria-label") for button in toolbar.get_by_role("button").all()]
        assert names == [
            "Đậm",
            "Nghiêng",
            "Tiêu đề mục",
            "Tiêu đề nhỏ",
            "Đoạn văn thường",
            "Danh sách gạch đầu dòng",
            "Danh sách đánh số",
            "Trích dẫn",
            "Chèn liên kết",
            "Bỏ liên kết",
        ]
        # The editing area is named by the field's label, and the label's click puts the caret in it.
        area = page.locator("[contenteditable=true][role=textbox]")
        label = page.locator(f"#{area.get_attribute('aria-labelledby')}")
        assert "Nội dung" in label.inner_text()
        label.click()
        assert page.evaluate("document.activeElement.getAttribute('role')") == "textbox"
