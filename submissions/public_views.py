"""The public news site (Trang Thông tin điện tử): published items only, for anonymous readers."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from submissions import selectors
from submissions.models import Photo, Submission

PAGE_SIZE = 12


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    get = request.GET
    topic = get.get("topic", "")
    filters = selectors.PublicFilters(
        kind=get.get("kind", ""),
        unit=get.get("unit", ""),
        topic=int(topic) if topic.isdigit() else None,
        q=get.get("q", "")[:200],
    )
    page = Paginator(selectors.public_items(filters), PAGE_SIZE).get_page(get.get("page"))
    query = get.copy()
    query.pop("page", None)
    context = {
        "page": page,
        "filters": filters,
        "kinds": Submission.Kind.choices,
        "units": selectors.public_units(),
        "topics": selectors.public_topics(),
        "querystring": query.urlencode(),
    }
    return render(request, "submissions/public/index.html", context)


@require_GET
def public_item(request: HttpRequest, pk: int) -> HttpResponse:
    submission = selectors.public_item(pk)
    if submission is None:
        raise Http404
    photos = list(submission.photos.filter(removed=False).order_by("sort_order", "id"))
    return render(request, "submissions/public/item.html", {"item": submission, "photos": photos})


@require_GET
def public_photo(request: HttpRequest, photo_pk: int, size: str) -> FileResponse:
    """A published item's photo as a rendition (never the original: no EXIF, no GPS). Renditions are
    made when the photo is stored and again when its item is published; this only serves them (404
    while one is missing)."""
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
        raise Http404
    response = FileResponse(field.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "public, max-age=86400"
    return response
