"""Sign-in abuse is throttled per account (whatever identifier is typed) and per client address,
without locking out an office that shares one address: a browser that signed in to an account
before still signs in with the right password while its address is throttled."""

import pytest
from django.test import Client
from django.urls import reverse

from portal.models import AuditEntry
from tests.conftest import PASSWORD

pytestmark = pytest.mark.django_db

THROTTLED = "Đăng nhập sai quá nhiều lần"


def _sign_in(client: Client, login: str, password: str, **headers):
    return client.post(reverse("account_login"), {"login": login, "password": password}, **headers)


def _signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_username_and_email_share_one_account_counter(client, alice):
    for login in ("alice", "ALICE", "alice@example.com", "Alice@Example.com", "alice"):
        _sign_in(client, login, "wrong")
    response = _sign_in(client, "alice@example.com", PASSWORD)
    assert THROTTLED in response.content.decode()
    assert not _signed_in(client)


def test_an_addresss_failures_on_other_accounts_do_not_stop_a_known_browser(client, settings, alice, charlie):
    settings.PORTAL_ADDRESS_FAILURE_LIMIT = 6
    # Alice signed in from this browser yesterday.
    assert _sign_in(client, "alice", PASSWORD).status_code == 302
    client.post(reverse("account_logout"))
    # Someone at the same office address sprays guesses over other accounts.
    attacker = Client(REMOTE_ADDR=client.defaults.get("REMOTE_ADDR", "127.0.0.1"))
    for name in ("lead", "bob", "dana", "root", "charlie", "nobody", "ghost"):
        _sign_in(attacker, name, "Password123")
    # The address is now throttled for browsers it does not know ...
    assert THROTTLED in _sign_in(attacker, "charlie", PASSWORD).content.decode()
    assert not _signed_in(attacker)
    # ... but Alice's browser still signs her in with her correct password.
    assert _sign_in(client, "alice", PASSWORD).status_code == 302
    assert _signed_in(client)


def test_the_client_address_is_the_one_the_trusted_proxy_saw(settings, alice):
    settings.PORTAL_TRUSTED_PROXIES = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.PORTAL_ADDRESS_FAILURE_LIMIT = 3
    for i in range(3):
        # The attacker varies a forged left-hand entry; the proxy appends the real address.
        _sign_in(Client(), f"user{i}", "x", HTTP_X_FORWARDED_FOR=f"10.9.9.{i}, 203.0.113.7", REMOTE_ADDR="10.0.0.2")
    failures = AuditEntry.objects.filter(event="sign_in_failed")
    assert set(failures.values_list("ip", flat=True)) == {"203.0.113.7"}
    blocked = _sign_in(Client(), "alice", PASSWORD, HTTP_X_FORWARDED_FOR="1.1.1.1, 203.0.113.7", REMOTE_ADDR="10.0.0.2")
    assert THROTTLED in blocked.content.decode()
    # Another office behind the same proxy is not affected.
    other = Client()
    assert (
        _sign_in(other, "alice", PASSWORD, HTTP_X_FORWARDED_FOR="198.51.100.4", REMOTE_ADDR="10.0.0.2").status_code
        == 302
    )


def test_without_trusted_proxies_the_forwarded_header_is_ignored(settings, alice):
    settings.PORTAL_TRUSTED_PROXIES = 0
    _sign_in(Client(), "alice", "wrong", HTTP_X_FORWARDED_FOR="6.6.6.6", REMOTE_ADDR="192.0.2.10")
    assert AuditEntry.objects.get(event="sign_in_failed").ip == "192.0.2.10"
