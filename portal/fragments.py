"""Signed-in pages kept in the cache until a table of the portal is written (``portal.writes``), with what
differs per request put in afterwards (``cached_page``; the navigation bar, ``portal.navigation``).

While a page is made for the cache, the CSRF token and the page's own address (a form's ``next``
field) are stand-ins (``MARKS``); ``fill`` replaces them in the cached text on every request, so one
rendering serves every visit it is keyed for.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable
from functools import wraps

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal import writes

CSRF_MARK = "@@portal-csrf-token@@"
PATH_MARK = "@@portal-back-path@@"
MESSAGES_MARK = "@@portal-messages@@"
# What a page made for the cache reads instead of the request's (the context processor gives them).
MARKS = {"csrf_token": CSRF_MARK, "back_path": PATH_MARK}
# Everything the portal's own pages read: any write to one of these tables makes a kept page again.
PORTAL_APPS = ("portal", "schedule", "submissions", "emulation", "reports")
SECONDS = 3600


_KEPT = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(r"[ \t]*\n\s*")


def compact(html: str) -> str:
    """``html`` without the templates' indentation: each run of white space that holds a line break
    becomes one line break (the browser shows either as one space), except inside ``<pre>`` and
    ``<textarea>``. Done once when a page is made: the matrix page loses a fifth of its bytes."""
    pieces = _KEPT.split(html)
    # split() gives: text, kept element, its tag name, text, ...
    return "".join(
        _INDENT.sub("\n", piece) if i % 3 == 0 else piece if i % 3 == 1 else "" for i, piece in enumerate(pieces)
    )


def fill(request: HttpRequest, html: str) -> SafeString:
    """``html`` with the request's CSRF token and address in place of the stand-ins (left in place while
    a whole page is being made for the cache, ``cached_page``: it is filled as a whole)."""
    if request.__dict__.get("_portal_making_page"):
        return mark_safe(html)
    if PATH_MARK in html:
        html = html.replace(PATH_MARK, escape(request.get_full_path()))
    if MESSAGES_MARK in html:
        waiting = messages.get_messages(request)
        shown = render_to_string("includes/messages.html", {"messages": waiting}) if len(waiting) else ""
        html = html.replace(MESSAGES_MARK, shown)
    if CSRF_MARK in html:
        html = html.replace(CSRF_MARK, get_token(request))
    return mark_safe(html)  # rendered by the template engine (autoescaped); the path is escaped above


class _NotKept(Exception):
    def __init__(self, response: HttpResponse) -> None:
        self.response = response


def cached_page(
    scope: Callable[[HttpRequest], object],
    *,
    when: Callable[[HttpRequest], bool] | None = None,
    timeout: int = SECONDS,
):
    """A view's whole page (an HTML answer 200 to a GET), kept in the cache until a table of the portal is
    written, per ``scope(request)`` (``request.user.pk`` for a page of one person's), address with its
    query, language and day; any other answer is not kept. While the page is made, the CSRF token, the
    address and the messages are stand-ins (the ``portal`` context processor, ``fill`` and the navigation
    bar leave them), filled per request. With messages waiting (after an action) the page is made afresh:
    what the action wrote has made the kept one old anyway.

    ``when(request)`` false: the page is made afresh and not kept (a search, which is rate-limited).
    Only for views that read: a view that writes on GET (marks something read) must not use it."""

    def decorator(view):
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if request.method not in ("GET", "HEAD") or (when is not None and not when(request)):
                return view(request, *args, **kwargs)
            address = hashlib.blake2s(request.get_full_path().encode(), digest_size=12).hexdigest()
            key = f"page:{view.__module__}.{view.__qualname__}:{scope(request)}:{address}:{timezone.localdate()}"

            def make() -> str:
                request._portal_making_page = True
                try:
                    response = view(request, *args, **kwargs)
                finally:
                    request._portal_making_page = False
                kept = (
                    response.status_code == 200
                    and not response.streaming
                    and response.get("Content-Type", "").startswith("text/html")
                    and not response.cookies
                )
                if not kept:
                    raise _NotKept(response)
                return compact(response.content.decode(response.charset))

            try:
                refresh = bool(len(messages.get_messages(request)))
                html = writes.cached_for(key, writes.of_apps(*PORTAL_APPS), make, timeout=timeout, refresh=refresh)
            except _NotKept as not_kept:
                return not_kept.response
            return HttpResponse(fill(request, html))

        return wrapped

    return decorator
