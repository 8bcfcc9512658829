"""A person's own preferences: name, phone, interface language and email notifications."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_saving_preferences_changes_them_and_the_page_language(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("portal:preferences"),
        {"first_name": " Thị Lan ", "last_name": "Nguyễn", "phone": "0299 3822 123", "language": "en"},
        follow=True,
    )
    alice.refresh_from_db()
    assert (alice.first_name, alice.last_name, alice.phone) == ("Thị Lan", "Nguyễn", "0299 3822 123")
    assert alice.language == "en" and alice.email_notifications is False
    assert "Đã lưu tùy chọn của bạn." in response.content.decode()


def test_a_bad_language_is_refused_and_nothing_is_saved(client, alice):
    client.force_login(alice)
    response = client.post(
        reverse("portal:preferences"), {"first_name": "Lan", "language": "xx", "email_notifications": "on"}
    )
    alice.refresh_from_db()
    assert response.status_code == 200
    assert "Lan" in response.content.decode()
    assert alice.first_name != "Lan" and alice.language == "vi"
