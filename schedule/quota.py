"""The quota rule (rule 1), in plain Python (no Django): what a unit must publish each month under
a plan, whether a month's counts meet it, and the points they earn toward the emulation score.

The numbers and which units carry the quota are settings of the plan (``Plan.quota_news``,
``Plan.quota_articles``, ``Plan.quota_units``), not constants: build the rule with
``QuotaRule.of_plan``. Which month an item counts for (rule 2) is a query, not a rule of this
module: ``submissions.selectors.quota_counted_items``.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Protocol

# The plan's default (Sóc Trăng 2023, section II.1): 2 news items and 1 article a month.
DEFAULT_NEWS = 2
DEFAULT_ARTICLES = 1


class QuotaSettings(Protocol):
    """What the rule reads from a plan (a ``schedule.models.Plan`` has these)."""

    quota_news: int
    quota_articles: int


@dataclass(frozen=True)
class QuotaRule:
    """A plan's quota settings and the points each counted item earns.

    ``units`` holds the ids of the units that carry the quota; ``None`` means the rule was built
    without that list (it then says nothing about who carries it). Two rules compare equal on
    their numbers alone.
    """

    quota_news: int = DEFAULT_NEWS
    quota_articles: int = DEFAULT_ARTICLES
    news_weight: int = 1
    article_weight: int = 1
    units: frozenset[int] | None = field(default=None, compare=False)

    @classmethod
    def of_plan(
        cls,
        plan: QuotaSettings,
        *,
        quota_unit_ids: Iterable[int] | None = None,
        news_weight: int = 1,
        article_weight: int = 1,
    ) -> QuotaRule:
        """The rule a plan sets: its numbers, its quota units and the scoring weights."""
        return cls(
            quota_news=plan.quota_news,
            quota_articles=plan.quota_articles,
            news_weight=news_weight,
            article_weight=article_weight,
            units=None if quota_unit_ids is None else frozenset(quota_unit_ids),
        )

    def carries(self, unit_id: int) -> bool:
        """Whether the unit carries the quota; False when the rule was built without its units."""
        return self.units is not None and unit_id in self.units

    def for_unit(self, unit_id: int) -> QuotaRule:
        """The rule as it applies to one unit: a unit without the quota owes nothing (0 and 0)."""
        if self.carries(unit_id):
            return self
        return replace(self, quota_news=0, quota_articles=0)

    @property
    def points_per_month(self) -> int:
        return self.quota_news * self.news_weight + self.quota_articles * self.article_weight

    def news_met(self, news: int) -> bool:
        return news >= self.quota_news

    def articles_met(self, articles: int) -> bool:
        return articles >= self.quota_articles

    def shortfall(self, news: int, articles: int) -> tuple[int, int]:
        """What is still missing to meet the quota: (news items, articles), each at least 0."""
        return max(self.quota_news - news, 0), max(self.quota_articles - articles, 0)

    def is_compliant(self, news: int, articles: int) -> bool:
        """The month's overall compliance: both parts of the quota met."""
        return self.news_met(news) and self.articles_met(articles)

    def points(self, news: int, articles: int) -> int:
        """Points a unit earns in one month: items count only up to the quota."""
        return min(news, self.quota_news) * self.news_weight + min(articles, self.quota_articles) * self.article_weight
