"""The RSS feed of a committee's public news site: its newest published items."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.db.models import Prefetch
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.models import Unit
from submissions import selectors
from submissions.models import Photo, Submission


class CommitteeItemsFeed(Feed):
    def get_object(self, request: HttpRequest, committee: Unit) -> Unit:
        self.request = request  # for the photos' absolute addresses
        return committee

    def title(self, committee: Unit) -> str:
        return _("%(committee)s: news") % {"committee": committee.name}

    def description(self, committee: Unit) -> str:
        return _("The newest news items and articles published by the editorial board of %(committee)s.") % {
            "committee": committee.name
        }

    def link(self, committee: Unit) -> str:
        return reverse("submissions:public_index", args=[committee.code])

    def items(self, committee: Unit):
        lead_photos = Photo.objects.filter(removed=False).exclude(page_image="").order_by("sort_order", "id")
        return (
            selectors.public_items(committee)
            .prefetch_related(None)
            .select_related("committee")
            .prefetch_related(Prefetch("photos", queryset=lead_photos, to_attr="feed_photos"))[:30]
        )

    def item_title(self, item: Submission) -> str:
        return item.title

    def item_description(self, item: Submission) -> str:
        return item.summary or item.body[:600]

    def item_link(self, item: Submission) -> str:
        return reverse("submissions:public_item", args=[item.committee.code, item.pk])

    def item_pubdate(self, item: Submission):
        return item.published_at

    def item_author_name(self, item: Submission) -> str:
        return item.unit.name

    def item_enclosure_url(self, item: Submission) -> str | None:
        """The item's first photo (its page-sized rendition, without EXIF) as the enclosure."""
        photo = self._photo(item)
        if photo is None:
            return None
        return self.request.build_absolute_uri(reverse("submissions:public_photo", args=[photo.pk, "page"]))

    def item_enclosure_length(self, item: Submission) -> int | None:
        """The rendition's size as kept when it was made (asked of the storage only for renditions
        made before sizes were kept)."""
        photo = self._photo(item)
        if photo is None:
            return None
        return photo.page_bytes if photo.page_bytes is not None else photo.page_image.size

    def item_enclosure_mime_type(self, item: Submission) -> str | None:
        return "image/jpeg" if self._photo(item) is not None else None

    @staticmethod
    def _photo(item: Submission) -> Photo | None:
        photos = getattr(item, "feed_photos", None)
        return photos[0] if photos else None
