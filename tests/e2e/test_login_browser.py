import pytest

from tests.conftest import PASSWORD
from tests.e2e.browser import chromium_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_correspondent_signs_in_on_a_phone_and_reaches_the_home_page(live_server, alice):
    with chromium_page(mobile=True) as page:
        page.goto(f"{live_server.url}/accounts/login/")
        assert "Đăng nhập" in page.content()
        page.fill("input[name=login]", "alice")
        page.fill("input[name=password]", PASSWORD)
        page.click("button[type=submit]")
        page.wait_for_url(f"{live_server.url}/home/")
        assert "Xin chào" in page.content()
        # The menu collapses on a phone; the toggler opens it and shows the unit's links only.
        page.click(".navbar-toggler")
        nav = page.locator("#mainnav")
        nav.wait_for(state="visible")
        assert "Tài khoản" not in nav.inner_text()


def test_a_wrong_password_shows_a_vietnamese_message(live_server, alice):
    with chromium_page() as page:
        page.goto(f"{live_server.url}/accounts/login/")
        page.fill("input[name=login]", "alice")
        page.fill("input[name=password]", "sai-mat-khau")
        page.click("button[type=submit]")
        page.wait_for_selector(".alert-danger, .invalid-feedback")
        assert "không đúng" in page.content()
