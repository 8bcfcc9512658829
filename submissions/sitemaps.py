"""Sitemaps of the public news sites: one per committee, and an index at the root listing them."""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from portal.models import Unit
from submissions.models import Submission


class CommitteeItemsSitemap(Sitemap):
    """The committee's published items, and nothing of any other committee."""

    changefreq = "weekly"
    limit = 5000

    def __init__(self, committee: Unit) -> None:
        self.committee = committee

    def items(self):
        return (
            Submission.objects.filter(committee=self.committee, state=Submission.State.PUBLISHED)
            .only("pk", "updated_at")
            .order_by("-pk")
        )

    def location(self, item: Submission) -> str:
        return reverse("submissions:public_item", args=[self.committee.code, item.pk])

    def lastmod(self, item: Submission):
        return item.updated_at


class CommitteeHomeSitemap(Sitemap):
    """The committee site's home page, listed on the first page of the committee's sitemap."""

    changefreq = "hourly"

    def __init__(self, committee: Unit) -> None:
        self.committee = committee

    def items(self) -> list[Unit]:
        return [self.committee]

    def location(self, item: Unit) -> str:
        return reverse("submissions:public_index", args=[item.code])

    def get_urls(self, page=1, site=None, protocol=None) -> list[dict]:
        # Django's sitemap view asks every section for page ``p``; the home page is on page 1 only,
        # so the items' later pages do not answer 404.
        return super().get_urls(page=1, site=site, protocol=protocol) if int(page) == 1 else []


def committee_sitemaps(committee: Unit) -> dict[str, Sitemap]:
    return {"home": CommitteeHomeSitemap(committee), "items": CommitteeItemsSitemap(committee)}
