import re

import pytest
from django.core import mail
from django.urls import reverse

from portal.models import Invitation, Role, User

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "Mot-mat-khau-2024"


def _invite(client, admin_user, unit):
    client.force_login(admin_user)
    return client.post(
        reverse("portal:invite"),
        {
            "first_name": "Lan",
            "last_name": "Nguyễn",
            "username": "ctv.lan",
            "email": "lan@example.com",
            "role": Role.CORRESPONDENT,
            "unit": unit.pk,
        },
    )


def test_an_administrator_invites_a_correspondent_who_sets_a_password(
    client, admin_user, unit, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = _invite(client, admin_user, unit)
    assert response.status_code == 302
    user = User.objects.get(username="ctv.lan")
    assert not user.has_usable_password()
    assert user.unit == unit and user.committee == unit.committee
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan@example.com"]
    assert message.alternatives, "the email has an HTML part"
    link = re.search(r"https?://\S+/accounts/password/reset/key/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]

    client.logout()
    response = client.get("/" + path, follow=True)
    form_url = response.redirect_chain[-1][0] if response.redirect_chain else "/" + path
    response = client.post(form_url, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert Invitation.objects.get(user=user).accepted_at is not None
    assert client.post(reverse("account_login"), {"login": "ctv.lan", "password": NEW_PASSWORD}).status_code == 302


def test_an_invitation_needs_a_unit_for_a_correspondent(client, admin_user, unit):
    client.force_login(admin_user)
    response = client.post(
        reverse("portal:invite"),
        {"first_name": "Lan", "username": "ctv.lan", "email": "lan@example.com", "role": Role.CORRESPONDENT},
    )
    assert response.status_code == 200
    assert not User.objects.filter(username="ctv.lan").exists()
    html = response.content.decode()
    assert 'value="lan@example.com"' in html  # what was typed is kept


def test_a_taken_username_is_refused(client, admin_user, unit, alice):
    client.force_login(admin_user)
    response = client.post(
        reverse("portal:invite"),
        {"first_name": "A", "username": "alice", "email": "x@example.com", "role": Role.EDITOR},
    )
    assert response.status_code == 200
    assert User.objects.filter(username="alice").count() == 1
