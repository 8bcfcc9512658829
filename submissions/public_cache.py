"""The public news sites' pages, cached per committee and language, with conditional GET.

For anonymous readers, each public page (a committee's home and its filtered lists, an item, the RSS
feed, the sitemaps; the root page of the committees) is rendered once per version of what it shows and
then served from the cache, with an ``ETag`` and a ``Last-Modified``; a browser or feed reader that
sends them back gets ``304 Not Modified``. Signed-in users (their own navigation bar) and requests with
a message waiting to be shown get the page rendered as before.

A page is stored with the version it was made from, and one cache round trip reads both the current
version and the page (the committee in the address comes from ``selectors.public_committee``'s
per-process memory), so a page served from the cache costs no query and one Redis call.

The version (``portal.versions``) is ``public:<committee id>`` for a committee's pages and
``public:all`` for the root and the sitemap index; the receivers below bump them when an item of the
committee is saved while published (publishing, republishing, an edit of a published item), when an
item leaves the published state (the review step recorded: unpublishing) and when a published item or
one of its photos changes; ``bump_committee`` is there for any other write that changes a public page.
Units, topics and committees change rarely and through the administration: their pages follow within
``PAGE_SECONDS``.

The pages carry the CSRF token of the language switcher's form. The token in a cached page is replaced
by a placeholder when it is stored and by the reader's own token when it is served, and the ``ETag``
includes the reader's CSRF cookie, so no reader is ever given another's token.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.http import http_date, parse_etags, parse_http_date_safe
from django.utils.translation import get_language

from portal import versions

PAGE_SECONDS = 600  # the longest a cached page lives; publishing invalidates it at once
CSRF_MARK = b"\x00csrf-token\x00"
ALL = "public:all"
_KEPT_HEADERS = ("Content-Type", "X-Robots-Tag", "Content-Language")


def version_name(committee_id: int | None) -> str:
    return ALL if committee_id is None else f"public:{committee_id}"


def bump_committee(committee_id: int | None) -> None:
    """Every cached public page of the committee (and the root) is out of date from now."""
    if committee_id is None:
        versions.bump(ALL)
    else:
        versions.bump(version_name(committee_id), ALL)


def committee_version(committee_id: int) -> str:
    """The version of a committee's public pages (the year matrix keys on it too: it changes whenever
    an item is published or leaves the published state)."""
    return versions.current(version_name(committee_id))


def _has_pending_messages(request: HttpRequest) -> bool:
    if request.COOKIES.get(getattr(settings, "MESSAGE_COOKIE_NAME", "messages")):
        return True
    session = getattr(request, "session", None)
    return bool(session is not None and session.session_key and session.get("_messages"))


def _strip_csrf(body: bytes, request: HttpRequest) -> bytes:
    """The body with every CSRF token made from this reader's secret replaced by ``CSRF_MARK``."""
    import re

    from django.middleware.csrf import _unmask_cipher_token

    secret = request.META.get("CSRF_COOKIE")
    if not secret:
        return body

    def replace(match: re.Match) -> bytes:
        token = match.group(0).decode()
        return CSRF_MARK if _unmask_cipher_token(token) == secret else match.group(0)

    return re.sub(rb"(?<![A-Za-z0-9])[A-Za-z0-9]{64}(?![A-Za-z0-9])", replace, body)


def _etag(version: str, request: HttpRequest) -> str:
    reader = request.META.get("CSRF_COOKIE", "")
    digest = hashlib.blake2b(f"{get_language()}|{request.get_full_path()}|{reader}".encode(), digest_size=8).hexdigest()
    # Weak: the body differs from one response to the next in the CSRF token's masking only.
    return f'W/"{version}-{digest}"'


def _not_modified(request: HttpRequest, etag: str, modified: float | None) -> bool:
    if_none_match = request.META.get("HTTP_IF_NONE_MATCH")
    if if_none_match:
        wanted = etag.removeprefix("W/")
        return if_none_match.strip() == "*" or any(e.removeprefix("W/") == wanted for e in parse_etags(if_none_match))
    since = parse_http_date_safe(request.META.get("HTTP_IF_MODIFIED_SINCE", ""))
    return since is not None and modified is not None and int(modified) <= since


def _validators(response: HttpResponse, etag: str, modified: float | None, private: bool) -> HttpResponse:
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    # Always asked again (the answer is a 304 while nothing changed); a page with the reader's CSRF
    # token is for that reader only.
    response["Cache-Control"] = "private, no-cache" if private else "no-cache"
    patch_vary_headers(response, ("Cookie", "Accept-Language"))
    return response


def cached_public_page(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Serve ``view`` (a public page, its committee in ``kwargs["committee"]`` or none for the whole
    portal's pages) from the cache for anonymous readers, with ETag / Last-Modified."""

    @wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        if (
            request.method not in ("GET", "HEAD")
            or request.user.is_authenticated
            or len(request.META.get("QUERY_STRING", "")) > 300
            # A search is not cached: each is counted against the reader's search limit (portal.search),
            # and arbitrary words would fill the cache with pages read once.
            or request.GET.get("q", "").strip()
            or _has_pending_messages(request)
        ):
            return view(request, *args, **kwargs)
        committee = kwargs.get("committee")
        name = version_name(committee.pk if committee is not None else None)
        path_key = hashlib.blake2b(request.get_full_path().encode(), digest_size=12).hexdigest()
        key = f"public:page:{name}:{get_language()}:{path_key}"
        # One round trip: the version and the page stored with the version it was made from.
        version, found = versions.current_with(name, [key])
        modified = versions.as_timestamp(version)
        etag = _etag(version, request)
        if modified is not None and _not_modified(request, etag, modified):
            return _validators(HttpResponseNotModified(), etag, modified, private=True)
        stored = found.get(key)
        entry = stored[1:] if stored is not None and stored[0] == version else None
        if entry is None:
            response = view(request, *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            body = _strip_csrf(response.content, request)
            headers = {h: response[h] for h in _KEPT_HEADERS if response.has_header(h)}
            entry = (body, headers)
            if modified is not None:
                cache.set(key, (version, body, headers), PAGE_SECONDS)
        body, headers = entry
        if CSRF_MARK in body:
            body = body.replace(CSRF_MARK, get_token(request).encode())
            etag = _etag(version, request)  # a first visit now has its CSRF cookie
        response = HttpResponse(body)
        for header, value in headers.items():
            response[header] = value
        return _validators(response, etag, modified, private=CSRF_MARK in entry[0])

    return wrapped


# --- invalidation ------------------------------------------------------------------------------------


def _submission_saved(sender, instance, **kwargs) -> None:
    from submissions.models import Submission

    if instance.state == Submission.State.PUBLISHED:
        bump_committee(instance.committee_id)


def _step_recorded(sender, instance, created, **kwargs) -> None:
    from submissions.models import Submission

    published = Submission.State.PUBLISHED
    if created and published in (instance.from_state, instance.to_state):
        bump_committee(Submission.objects.filter(pk=instance.submission_id).values_list("committee_id", flat=True)[0])


def _photo_changed(sender, instance, **kwargs) -> None:
    from submissions.models import Submission

    row = Submission.objects.filter(pk=instance.submission_id, state=Submission.State.PUBLISHED).values_list(
        "committee_id", flat=True
    )
    if row:
        bump_committee(row[0])


def _unit_changed(sender, **kwargs) -> None:
    from submissions.selectors import forget_committees

    forget_committees()


def connect() -> None:
    from portal.models import Unit
    from submissions.models import Photo, ReviewAction, Submission

    post_save.connect(_unit_changed, sender=Unit, dispatch_uid="public_cache.unit_saved")
    post_delete.connect(_unit_changed, sender=Unit, dispatch_uid="public_cache.unit_deleted")
    post_save.connect(_submission_saved, sender=Submission, dispatch_uid="public_cache.submission_saved")
    post_delete.connect(_submission_saved, sender=Submission, dispatch_uid="public_cache.submission_deleted")
    post_save.connect(_step_recorded, sender=ReviewAction, dispatch_uid="public_cache.step_recorded")
    post_save.connect(_photo_changed, sender=Photo, dispatch_uid="public_cache.photo_saved")
    post_delete.connect(_photo_changed, sender=Photo, dispatch_uid="public_cache.photo_deleted")
