from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from submissions.models import Submission


class PublishedItemsSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Submission.objects.filter(state=Submission.State.PUBLISHED).only("pk", "updated_at").order_by("-pk")

    def location(self, item: Submission) -> str:
        return reverse("submissions:public_item", args=[item.pk])

    def lastmod(self, item: Submission):
        return item.updated_at


class PublicPagesSitemap(Sitemap):
    changefreq = "hourly"

    def items(self) -> list[str]:
        return ["submissions:public_index"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"items": PublishedItemsSitemap, "pages": PublicPagesSitemap}
