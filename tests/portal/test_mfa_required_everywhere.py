"""The two-factor requirement has no side door: a user who must set up an authenticator reaches
only allauth's set-up page (with the password prompt before it), signing out and the language
switch. Every other URL pattern of the portal, listed from the URL configuration itself, sends
them to the set-up page, so a page added later is covered without anyone remembering to."""

from __future__ import annotations

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal.middleware import MFA_SETUP_URL_NAMES
from portal.models import Role, SecurityPolicy, User

pytestmark = pytest.mark.django_db

# Not pages of the portal: the health probe is answered before sessions and sign-in are looked at, and
# shows only whether the database, Redis and beat answer.
NOT_PAGES = {"healthz"}
SAMPLE_BY_CONVERTER = {"int": "1", "slug": "x", "str": "x", "path": "1", "committee": "soc-trang"}
SAMPLE_BY_GROUP = {"app_label": "portal", "url": "anything/", "key": "abc", "uidb36": "1"}


def _sample_path(pattern: str) -> str:
    """A concrete path for a route or regex pattern, with a sample value for each parameter."""
    path = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: SAMPLE_BY_CONVERTER[m.group(1) or "str"], pattern)
    path = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: SAMPLE_BY_GROUP[m.group(1)], path)
    return "/" + path.replace("^", "").replace("$", "")


def every_url() -> list[tuple[str, str]]:
    """(view name, sample path) for every URL pattern of the portal."""
    found: list[tuple[str, str]] = []

    def walk(patterns, prefix: str, namespace: str) -> None:
        for entry in patterns:
            if isinstance(entry, URLResolver):
                inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else entry.namespace
                walk(entry.url_patterns, prefix + str(entry.pattern), inner or namespace)
            elif isinstance(entry, URLPattern):
                name = f"{namespace}:{entry.name}" if namespace else str(entry.name)
                found.append((name, _sample_path(prefix + str(entry.pattern))))

    walk(get_resolver().url_patterns, "", "")
    return found


@pytest.fixture
def unprotected_admin(committee) -> User:
    policy = SecurityPolicy.current()
    policy.require_mfa_for_admins = True
    policy.save()
    return User.objects.create_user(
        "new-admin", "new-admin@example.com", "a-long-password-1", role=Role.ADMIN, committee=committee,
        is_staff=True, is_superuser=True,
    )  # fmt: skip


def test_the_list_of_urls_covers_the_portal(db):
    names = {name for name, _path in every_url()}
    assert {"portal:invite", "admin:index", "submissions:review_queue", "mfa_activate_totp", "home:home"} <= names
    assert len(names) > 100


def test_every_page_but_the_set_up_and_sign_out_waits_for_two_factor(client, unprotected_admin):
    client.force_login(unprotected_admin)
    setup = reverse("mfa_activate_totp")
    let_through = []
    for name, path in every_url():
        if name in MFA_SETUP_URL_NAMES or name in NOT_PAGES:
            continue
        for method in (client.get, client.post):
            response = method(path)
            if not (response.status_code == 302 and response["Location"] == setup):
                let_through.append((name, path, method.__name__, response.status_code))
    assert let_through == []


def test_the_invitation_page_is_no_side_door(client, unprotected_admin):
    client.force_login(unprotected_admin)
    response = client.post(
        reverse("portal:invite"), {"username": "sneaky", "email": "s@example.com", "role": Role.ADMIN}
    )
    assert response["Location"] == reverse("mfa_activate_totp")
    assert not User.objects.filter(username="sneaky").exists()


def test_the_set_up_page_and_signing_out_stay_reachable(client, unprotected_admin):
    client.force_login(unprotected_admin)
    assert client.get(reverse("mfa_activate_totp"), follow=True).status_code == 200
    assert client.post(reverse("account_logout")).status_code == 302
    assert "_auth_user_id" not in client.session
