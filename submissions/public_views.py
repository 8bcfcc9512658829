"""The public news sites (Trang Thông tin điện tử): one per committee, at the committee's code, with
published items only, for anonymous readers. The root lists the committees."""

from __future__ import annotations

import datetime

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.http import (
    FileResponse,
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponsePermanentRedirect,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.templatetags.static import static
from django.urls import reverse
from django.utils.text import Truncator
from django.views.decorators.http import require_GET

from portal import search
from portal.models import Unit
from portal.pagination import CappedPaginator
from submissions import selectors
from submissions.models import Photo, Submission
from submissions.richtext import body_text
from submissions.sitemaps import committee_sitemaps

PAGE_SIZE = 12
LATEST_ON_ROOT = 4


@require_GET
def public_root(request: HttpRequest) -> HttpResponse:
    """The committees, each with its newest items and a link to its own site."""
    committees = list(selectors.public_committees())
    latest = selectors.public_latest(committees, per_committee=LATEST_ON_ROOT)
    sites = [(committee, latest[committee.pk]) for committee in committees]
    return render(request, "submissions/public/root.html", {"sites": sites})


@require_GET
def public_index(request: HttpRequest, committee: Unit) -> HttpResponse:
    get = request.GET
    topic = get.get("topic", "")
    q = get.get("q", "")[:200]
    filters = selectors.PublicFilters(
        kind=get.get("kind", ""),
        unit=get.get("unit", ""),
        topic=int(topic) if topic.isdigit() else None,
        q=q,
        before=_day(get.get("before", "")) if q.strip() else None,
    )
    query = get.copy()
    query.pop("page", None)
    since = None
    if filters.q.strip():
        # A search: limited per client, with a bounded count ("hơn 1.000 kết quả"), of the newest items
        # ("… từ ngày 14/10/2026", with a link to the older ones) or, on request, of the older ones.
        if not search.search_allowed(request):
            back = reverse("submissions:public_index", args=[committee.code])
            return search.too_many_searches(
                request, layout="submissions/public/base.html", context={"committee": committee, "back_url": back}
            )
        since = None if filters.before else selectors.search_since(committee)
        paginator = search.SearchPaginator(selectors.public_search(committee, filters, since=since), PAGE_SIZE)
    else:
        query.pop("before", None)
        paginator = CappedPaginator(selectors.public_items(committee, filters), PAGE_SIZE)
    page = paginator.get_page(get.get("page"))
    older, newest = query.copy(), query.copy()
    if since is not None:
        older["before"] = since.isoformat()
    newest.pop("before", None)
    context = {
        "committee": committee,
        "page": page,
        "filters": filters,
        "since": since,
        "older_querystring": older.urlencode(),
        "newest_querystring": newest.urlencode(),
        "kinds": Submission.Kind.choices,
        "units": selectors.public_units(committee),
        "topics": selectors.public_topics(committee),
        "querystring": query.urlencode(),
    }
    return render(request, "submissions/public/index.html", context)


def _day(text: str) -> datetime.date | None:
    """A day written as in the older results' link (2026-10-14); None for anything else."""
    try:
        day = datetime.date.fromisoformat(text) if len(text) == 10 else None
    except ValueError:
        return None
    return day if day is not None and 1900 <= day.year <= 9000 else None


@require_GET
def public_item(request: HttpRequest, committee: Unit, pk: int) -> HttpResponse:
    submission = selectors.public_item(committee, pk)
    if submission is None:
        raise Http404
    photos = list(submission.photos.filter(removed=False).order_by("sort_order", "id"))
    lead = next((p for p in photos if p.page_image), None)
    # Open Graph: what a link to the item shows when shared (Zalo, Facebook): absolute addresses.
    open_graph = {
        "title": submission.title,
        "description": Truncator(submission.summary or body_text(submission.body)).chars(300),
        "url": request.build_absolute_uri(request.path),
        "image": request.build_absolute_uri(reverse("submissions:public_photo", args=[lead.pk, "page"]))
        if lead
        else "",
        "image_alt": lead.caption if lead else "",
        "site_name": committee.name,
    }
    context = {"committee": committee, "item": submission, "photos": photos, "og": open_graph}
    return render(request, "submissions/public/item.html", context)


@require_GET
def robots_txt(request: HttpRequest) -> HttpResponse:
    """What search engines may read: the public news sites, not the portal's working pages; and
    where the sitemap is."""
    sitemap = request.build_absolute_uri(reverse("submissions:sitemap_index"))
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in ROBOTS_DISALLOW),
        "",
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


# The signed-in part of the portal (and the search results, endless for a crawler).
ROBOTS_DISALLOW = (
    "/accounts/", "/admin/", "/home/", "/items/", "/review/", "/photos/", "/schedule/", "/emulation/",
    "/reports/", "/units/", "/i18n/", "/*?q=",
)  # fmt: skip


@require_GET
def public_item_moved(request: HttpRequest, pk: int) -> HttpResponsePermanentRedirect:
    """The address items had when one site served every committee: now the item's committee's site."""
    submission = selectors.public_item_anywhere(pk)
    if submission is None:
        raise Http404
    return HttpResponsePermanentRedirect(reverse("submissions:public_item", args=[submission.committee.code, pk]))


@require_GET
def sitemap_index(request: HttpRequest) -> TemplateResponse:
    """The sitemap index: every page of every committee's sitemap."""
    entries = []
    for committee in selectors.public_committees():
        location = request.build_absolute_uri(reverse("submissions:sitemap", args=[committee.code]))
        pages = committee_sitemaps(committee)["items"].paginator.num_pages
        entries.append(SitemapIndexItem(location, None))
        entries += [SitemapIndexItem(f"{location}?p={n}", None) for n in range(2, pages + 1)]
    return TemplateResponse(request, "sitemap_index.xml", {"sitemaps": entries}, content_type="application/xml")


@require_GET
def committee_sitemap(request: HttpRequest, committee: Unit) -> HttpResponse:
    sitemaps: dict[str, Sitemap] = committee_sitemaps(committee)
    return django_sitemap(request, sitemaps)


@require_GET
def public_photo(request: HttpRequest, photo_pk: int, size: str) -> FileResponse:
    """A published item's photo as a rendition (never the original: no EXIF, no GPS). Renditions are
    made when the photo is stored and again when its item is published; this only serves them (a
    placeholder while one is missing)."""
    if size not in ("thumb", "page"):
        raise Http404
    photo = (
        Photo.objects.filter(pk=photo_pk, removed=False, submission__state=Submission.State.PUBLISHED)
        .select_related("submission")
        .first()
    )
    if photo is None:
        raise Http404
    field = photo.thumbnail if size == "thumb" else photo.page_image
    if not field:
        # Never made here (no page view writes) and never the original (it may carry a GPS
        # position): a placeholder until the worker has made it, not cached.
        response = HttpResponseRedirect(static("submissions/photo-pending.svg"))
        response["Cache-Control"] = "no-cache"
        return response
    response = FileResponse(field.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    return response
