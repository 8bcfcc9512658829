"""The public site's RSS feed: the newest published items."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from submissions import selectors
from submissions.models import Submission


class LatestItemsFeed(Feed):
    title = _("Fatherland Front news")
    description = _("The newest news items and articles published by the editorial board.")

    def link(self) -> str:
        return reverse("submissions:public_index")

    def items(self):
        return selectors.public_items()[:30]

    def item_title(self, item: Submission) -> str:
        return item.title

    def item_description(self, item: Submission) -> str:
        return item.summary or item.body[:600]

    def item_link(self, item: Submission) -> str:
        return reverse("submissions:public_item", args=[item.pk])

    def item_pubdate(self, item: Submission):
        return item.published_at

    def item_author_name(self, item: Submission) -> str:
        return item.unit.name
