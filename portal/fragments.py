"""Parts of signed-in pages rendered once and kept in the cache until a table they read is written
(``portal.writes``), with what differs per request put in afterwards.

A cached part is rendered without the request (no context processors). Where it needs the request's
CSRF token or its own address (a form's ``back``/``next`` field), its context gives it the stand-ins
``csrf_token`` and ``back_path``; ``cached_part`` replaces them in the cached text on every request, so
one rendering serves every visit and every user it is keyed for.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from portal import writes

CSRF_MARK = "@@portal-csrf-token@@"
PATH_MARK = "@@portal-back-path@@"
# What a cached part's template reads instead of the request's.
MARKS = {"csrf_token": CSRF_MARK, "back_path": PATH_MARK}
# Everything the portal's own pages read: any write to one of these tables makes such a part again.
PORTAL_APPS = ("portal", "schedule", "submissions", "emulation", "reports")
SECONDS = 3600


_KEPT = re.compile(r"(<(pre|textarea)\b.*?</\2>)", re.DOTALL | re.IGNORECASE)
_INDENT = re.compile(r"[ \t]*\n\s*")


def compact(html: str) -> str:
    """``html`` without the templates' indentation: each run of white space that holds a line break
    becomes one line break (the browser shows either as one space), except inside ``<pre>`` and
    ``<textarea>``. Done once when a part is made: the matrix's table loses a fifth of its bytes."""
    pieces = _KEPT.split(html)
    # split() gives: text, kept element, its tag name, text, ...
    return "".join(
        _INDENT.sub("\n", piece) if i % 3 == 0 else piece if i % 3 == 1 else "" for i, piece in enumerate(pieces)
    )


def fill(request: HttpRequest, html: str) -> SafeString:
    """``html`` with the request's CSRF token and address in place of the stand-ins."""
    if PATH_MARK in html:
        html = html.replace(PATH_MARK, escape(request.get_full_path()))
    if CSRF_MARK in html:
        # One masked token for every part of the page (each get_token() masks the secret anew).
        token = request.__dict__.get("_portal_csrf_token") or request.__dict__.setdefault(
            "_portal_csrf_token", get_token(request)
        )
        html = html.replace(CSRF_MARK, token)
    return mark_safe(html)  # rendered by the template engine (autoescaped); the path is escaped above


def cached_part(
    request: HttpRequest,
    key: str,
    render: Callable[[], str],
    *,
    tables: Iterable[str] | None = None,
    timeout: int = SECONDS,
) -> SafeString:
    """``render()``'s text (a template rendered with ``MARKS`` in its context), cached at ``key`` (plus the
    language) until one of ``tables`` (default: all the portal's) is written, then filled for ``request``."""
    names = writes.of_apps(*PORTAL_APPS) if tables is None else writes.tables(*tables)
    return fill(request, writes.cached_for(key, names, lambda: compact(render()), timeout=timeout))
