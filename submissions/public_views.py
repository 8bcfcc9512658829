"""The public news sites (Trang Thông tin điện tử): one per committee, at the committee's code, with
published items only, for anonymous readers. The root lists the committees."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps.views import SitemapIndexItem
from django.contrib.sitemaps.views import sitemap as django_sitemap
from django.core.paginator import Paginator
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
from django.views.decorators.http import require_GET

from portal.models import Unit
from submissions import selectors
from submissions.models import Photo, Submission
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
    filters = selectors.PublicFilters(
        kind=get.get("kind", ""),
        unit=get.get("unit", ""),
        topic=int(topic) if topic.isdigit() else None,
        q=get.get("q", "")[:200],
    )
    page = Paginator(selectors.public_items(committee, filters), PAGE_SIZE).get_page(get.get("page"))
    query = get.copy()
    query.pop("page", None)
    context = {
        "committee": committee,
        "page": page,
        "filters": filters,
        "kinds": Submission.Kind.choices,
        "units": selectors.public_units(committee),
        "topics": selectors.public_topics(committee),
        "querystring": query.urlencode(),
    }
    return render(request, "submissions/public/index.html", context)


@require_GET
def public_item(request: HttpRequest, committee: Unit, pk: int) -> HttpResponse:
    submission = selectors.public_item(committee, pk)
    if submission is None:
        raise Http404
    photos = list(submission.photos.filter(removed=False).order_by("sort_order", "id"))
    context = {"committee": committee, "item": submission, "photos": photos}
    return render(request, "submissions/public/item.html", context)


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
