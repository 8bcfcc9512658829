"""The client's address, as far as the configured reverse proxies vouch for it.

Each trusted proxy appends the address it received the request from to ``X-Forwarded-For``; the
client itself can write anything to the left of that. With ``PORTAL_TRUSTED_PROXIES = n`` the
client is the n-th entry from the end (the same rule as allauth's ``ALLAUTH_TRUSTED_PROXY_COUNT``,
which the settings keep equal); with 0 the header is ignored and ``REMOTE_ADDR`` is the client.
"""

from __future__ import annotations

import contextvars
import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

# The address of the request being served, for services that record it (portal.audit).
current_ip: contextvars.ContextVar[str | None] = contextvars.ContextVar("current_ip", default=None)


def _clean(raw: str) -> str | None:
    raw = raw.strip().strip("[]")
    try:
        return str(ipaddress.ip_address(raw))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, or None when it cannot be told (a malformed header or address)."""
    remote = request.META.get("REMOTE_ADDR", "")
    trusted = settings.PORTAL_TRUSTED_PROXIES
    if trusted <= 0:
        return _clean(remote)
    forwarded = [part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
    if len(forwarded) < trusted:
        # Fewer hops than configured: the request did not come through every proxy; trust no header.
        return _clean(remote)
    return _clean(forwarded[-trusted])


class ClientIPMiddleware:
    """Make the request's client address known to the services for the audit trail."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.client_ip = client_ip(request)
        token = current_ip.set(request.client_ip)
        try:
            return self.get_response(request)
        finally:
            current_ip.reset(token)
