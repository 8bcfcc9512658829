"""The pages people land on by mistake, as production serves them (DEBUG off): 400, 403, 404, 500
and a CSRF failure in Vietnamese, in the portal's layout, with a way back; a form too large to take
shows its page again with a message instead of a bare 400."""

import pytest
from django.db import connection
from django.test import Client, override_settings
from django.urls import reverse

from submissions.models import Submission
from tests.submissions.conftest import make_submitted

pytestmark = pytest.mark.django_db


def _is_portal_page(html: str) -> bool:
    return 'class="navbar navbar-dark bg-portal"' in html and 'id="ways-back"' in html and "data-history-back" in html


@override_settings(DEBUG=False)
def test_a_missing_page_is_a_vietnamese_404_with_a_way_back(client, alice):
    response = client.get("/items/999999/")
    assert response.status_code == 302  # anonymous: sign in first
    client.force_login(alice)
    response = client.get("/items/999999/")
    html = response.content.decode()
    assert response.status_code == 404 and "Không tìm thấy trang" in html and _is_portal_page(html)
    assert reverse("home:home") in html  # signed in: back to their home page
    anonymous = Client().get("/khong-co-trang-nay/")
    assert anonymous.status_code == 404 and "Đến Trang Thông tin điện tử" in anonymous.content.decode()


@override_settings(DEBUG=False)
def test_a_forbidden_action_is_a_vietnamese_403(client, alice):
    item = make_submitted(alice)
    client.force_login(alice)
    response = client.post(reverse("submissions:item_action", args=[item.pk, "approve"]))
    html = response.content.decode()
    assert response.status_code == 403 and "Bạn không được làm việc này" in html and _is_portal_page(html)


@override_settings(DEBUG=False)
def test_a_csrf_failure_explains_that_the_form_expired(alice):
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)
    response = client.post(reverse("submissions:item_create"), {"title": "Tin chưa kịp gửi"})
    html = response.content.decode()
    assert response.status_code == 403 and "Biểu mẫu đã hết hạn" in html and _is_portal_page(html)
    assert reverse("home:home") in html  # the way back to their own home page
    assert not Submission.objects.exists()


@override_settings(DEBUG=False)
def test_a_bad_request_is_a_vietnamese_400(client):
    response = client.get("/", HTTP_HOST="bad host name")
    html = response.content.decode()
    assert response.status_code == 400 and "Không đọc được yêu cầu" in html and _is_portal_page(html)


@override_settings(DEBUG=False, ROOT_URLCONF="tests.portal.urls_failing")
def test_a_server_error_is_a_vietnamese_500_even_without_the_database(client, monkeypatch):
    client.raise_request_exception = False

    def no_database(*args, **kwargs):
        raise AssertionError("the 500 page must not query the database")

    response = None
    with connection.execute_wrapper(lambda execute, sql, params, many, context: no_database()):
        response = client.get("/boom/")
    html = response.content.decode()
    assert response.status_code == 500 and "Cổng đã gặp lỗi" in html and _is_portal_page(html)


@override_settings(DEBUG=False, DATA_UPLOAD_MAX_MEMORY_SIZE=2000)
def test_a_form_too_large_shows_its_page_again_with_a_message(client, alice):
    client.force_login(alice)
    response = client.post(reverse("submissions:item_create"), {"title": "Tin rất dài", "body": "chữ " * 2000})
    html = response.content.decode()
    assert response.status_code == 413
    assert "Nội dung gửi quá lớn" in html and 'id="id_title"' in html  # the form again, not a bare 400
    assert not Submission.objects.exists()
    # The page itself tells the browser the limit, so the form is stopped before it is sent.
    assert '<meta name="portal-post-limit" content="2000,' in html


@override_settings(DEBUG=False, DATA_UPLOAD_MAX_NUMBER_FIELDS=5)
def test_a_form_with_too_many_fields_shows_its_page_again(client, alice):
    client.force_login(alice)
    data = {f"f{i}": "x" for i in range(10)}
    response = client.post(reverse("submissions:item_create"), data)
    assert response.status_code == 413 and "Nội dung gửi quá lớn" in response.content.decode()
