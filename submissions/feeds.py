"""The RSS feed of a committee's public news site: its newest published items."""

from __future__ import annotations

from django.contrib.syndication.views import Feed
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.models import Unit
from submissions import selectors
from submissions.models import Submission


class CommitteeItemsFeed(Feed):
    def get_object(self, request: HttpRequest, committee: Unit) -> Unit:
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
        return selectors.public_items(committee).prefetch_related(None).select_related("committee")[:30]

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
