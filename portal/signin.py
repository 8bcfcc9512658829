"""Sign-in abuse without locking out a whole office.

Two counters of failed sign-ins, both in the cache (which fails open, see ``portal.cache``):

* per account (allauth's ``login_failed`` "key" limit, 5 in 5 minutes): the key is the account the
  typed username or email resolves to, so "nam" and "nam@example.vn" share one counter. This is
  what stops guessing one person's password.
* per client address (``PORTAL_ADDRESS_FAILURE_LIMIT`` in ``PORTAL_ADDRESS_FAILURE_WINDOW``, 30 in
  15 minutes): stops one address spraying guesses over many accounts. A ward office or the whole
  committee sits behind one address, so this limit is six times the per-account one, and it does not
  apply to a browser that has signed in to the account before (a signed "known browser" cookie,
  OWASP's device-cookie defence): colleagues who sign in every day keep signing in with their correct
  password while someone at the same address is being throttled.

The client address is the one the trusted proxies vouch for (``portal.client_ip``).
"""

from __future__ import annotations

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db.models import Q
from django.http import HttpRequest, HttpResponse

from portal.client_ip import client_ip
from portal.models import User

KNOWN_BROWSER_COOKIE = "portal_known"
KNOWN_BROWSER_SALT = "portal.signin.known-browser"
KNOWN_BROWSER_MAX_AGE = 180 * 24 * 3600
KNOWN_BROWSER_MAX_ACCOUNTS = 5


def account_for_login(login: str) -> User | None:
    """The account a typed username or email names (case-insensitive), or None."""
    login = (login or "").strip()
    if not login:
        return None
    query = Q(username__iexact=login)
    if "@" in login:
        query |= Q(email__iexact=login) | Q(emailaddress__email__iexact=login)
    return User.objects.filter(query).distinct().order_by("pk").first()


def attempts_key(login: str) -> str:
    """One counter per account, whatever identifier was typed; per typed text when none matches."""
    account = account_for_login(login)
    return f"account:{account.pk}" if account else f"login:{(login or '').strip().lower()}"


def _address_key(request: HttpRequest) -> str:
    return f"signin-failures:{client_ip(request) or 'unknown'}"


def address_failures(request: HttpRequest) -> int:
    return cache.get(_address_key(request), 0)


def address_blocked(request: HttpRequest, account: User | None) -> bool:
    """Whether the client address has failed too often, for a browser not known for ``account``."""
    if account is not None and account.pk in known_accounts(request):
        return False
    return address_failures(request) >= settings.PORTAL_ADDRESS_FAILURE_LIMIT


def count_address_failure(request: HttpRequest) -> None:
    key = _address_key(request)
    cache.add(key, 0, settings.PORTAL_ADDRESS_FAILURE_WINDOW)
    try:
        cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, settings.PORTAL_ADDRESS_FAILURE_WINDOW)


def known_accounts(request: HttpRequest) -> list[int]:
    try:
        value = signing.loads(
            request.COOKIES.get(KNOWN_BROWSER_COOKIE, ""), salt=KNOWN_BROWSER_SALT, max_age=KNOWN_BROWSER_MAX_AGE
        )
    except signing.BadSignature:
        return []
    return [pk for pk in value if isinstance(pk, int)] if isinstance(value, list) else []


def remember_browser(request: HttpRequest, response: HttpResponse, user: User) -> None:
    """Mark this browser as one ``user`` signed in from (a signed, HTTP-only cookie)."""
    accounts = [user.pk, *(pk for pk in known_accounts(request) if pk != user.pk)][:KNOWN_BROWSER_MAX_ACCOUNTS]
    response.set_cookie(
        KNOWN_BROWSER_COOKIE,
        signing.dumps(accounts, salt=KNOWN_BROWSER_SALT),
        max_age=KNOWN_BROWSER_MAX_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )
