import pytest
from django.core import mail
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db


def test_the_login_page_is_in_vietnamese(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Đăng nhập" in html
    assert "Mật khẩu" in html
    assert "Quên mật khẩu?" in html


def test_english_is_available(client):
    response = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="en")
    assert "Sign In" in response.content.decode()


def test_a_user_logs_in_with_username(client, alice):
    response = client.post(reverse("account_login"), {"login": "alice", "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("home:home")


def test_a_user_logs_in_with_email(client, alice):
    response = client.post(reverse("account_login"), {"login": "ALICE@example.com", "password": PASSWORD})
    assert response.status_code == 302


def test_a_wrong_password_ten_times_is_throttled(client, alice):
    for _ in range(10):
        response = client.post(reverse("account_login"), {"login": "alice", "password": "wrong"})
    html = response.content.decode()
    assert "Đăng nhập sai quá nhiều lần" in html
    # Even the right password is refused while throttled.
    response = client.post(reverse("account_login"), {"login": "alice", "password": PASSWORD})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_there_is_no_open_sign_up(client, db):
    response = client.post(
        reverse("account_signup"),
        {"username": "mallory", "email": "m@example.com", "password1": PASSWORD, "password2": PASSWORD},
    )
    from portal.models import User

    assert not User.objects.filter(username="mallory").exists()
    assert response.status_code == 200
    with translation.override("vi"):
        closed = gettext("We are sorry, but the sign up is currently closed.")
    assert closed != "We are sorry, but the sign up is currently closed."
    assert closed in response.content.decode()


def test_password_reset_sends_a_link_by_email(client, alice):
    response = client.post(reverse("account_reset_password"), {"email": "alice@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert "/accounts/password/reset/key/" in mail.outbox[0].body


def test_logout_ends_the_session(client, alice):
    client.force_login(alice)
    client.post(reverse("account_logout"))
    assert "_auth_user_id" not in client.session
