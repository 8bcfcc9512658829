import pytest
from django.urls import reverse

from portal.models import SecurityPolicy
from tests.conftest import page_heading

pytestmark = pytest.mark.django_db


def test_editors_must_set_up_two_factor_when_the_policy_requires_it(client, editor):
    policy = SecurityPolicy.current()
    policy.require_mfa_for_editors = True
    policy.save()
    client.force_login(editor)
    response = client.get(reverse("home:home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_activate_totp")
    # allauth asks for the password again before showing the set-up page; that page is reachable.
    assert client.get(reverse("mfa_activate_totp"), follow=True).status_code == 200


def test_correspondents_are_not_asked_for_two_factor(client, alice):
    policy = SecurityPolicy.current()
    policy.require_mfa_for_editors = True
    policy.require_mfa_for_admins = True
    policy.save()
    client.force_login(alice)
    assert page_heading(client, reverse("home:home")) == "Xin chào, alice"


def test_two_factor_is_optional_by_default(client, editor):
    client.force_login(editor)
    assert page_heading(client, reverse("home:home")) == "Xin chào, bob"
    assert page_heading(client, reverse("mfa_index")) == "Xác thực hai lớp"
