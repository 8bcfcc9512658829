"""The emulation-scoring rules (rules 1, 2 and 6), in plain Python (no Django). The quota itself
(what a month must hold, the points it earns) is ``schedule.quota.QuotaRule``.

The documented default, shown on the dashboard:

* Each month a unit must publish ``quota_news`` news items and ``quota_articles`` articles
  (2 and 1 by default: settings of the plan). The month is compliant when both parts are met.
* Each month a unit earns ``news_weight`` points per published news item up to the news quota and
  ``article_weight`` points per published article up to the article quota: with the defaults
  (weight 1) that is at most 2 + 1 = 3 points a month. Items beyond the quota earn nothing more.
* A unit is scored over the months it existed: a month counts when the unit was active on at least
  one day of it. A year still in progress is scored over the months that have begun.
* The year's score is the points earned over the points possible, as a percentage.
* Ranking: by score (highest first), then by the number of published items counted for the scored
  months (most first), then by the unit's name in Vietnamese alphabetical order.
"""

from __future__ import annotations

import calendar
import datetime
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from schedule.quota import QuotaRule


def month_start(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


def month_end(first: datetime.date) -> datetime.date:
    return first.replace(day=calendar.monthrange(first.year, first.month)[1])


def next_month(first: datetime.date) -> datetime.date:
    return datetime.date(first.year + first.month // 12, first.month % 12 + 1, 1)


def months_between(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first days of every month from ``start``'s month to ``end``'s month, both included."""
    months = []
    current = month_start(start)
    while current <= end:
        months.append(current)
        current = next_month(current)
    return months


def active_in_month(
    first: datetime.date, *, active_from: datetime.date | None, active_until: datetime.date | None
) -> bool:
    """A month counts for a unit when the unit was active on any day of it."""
    if active_from is not None and active_from > month_end(first):
        return False
    return not (active_until is not None and active_until < first)


@dataclass(frozen=True)
class MonthFigures:
    news: int
    articles: int
    active: bool = True  # the unit existed in that month
    scored: bool = True  # the month has begun (a year in progress is scored over past months)


@dataclass
class UnitScore:
    """One unit's year: points earned and possible over the months it existed."""

    unit: object  # whatever identifies the unit for the caller (a Unit, a code)
    name: str
    earned: int = 0
    possible: int = 0
    published: int = 0
    compliant_months: int = 0
    scored_months: int = 0
    rank: int = 0

    @property
    def percent(self) -> float | None:
        """The score as a percentage; None when the unit had no month to be scored on."""
        if not self.possible:
            return None
        return round(100 * self.earned / self.possible, 1)


def score_unit(unit: object, name: str, months: Iterable[MonthFigures], rule: QuotaRule) -> UnitScore:
    score = UnitScore(unit=unit, name=name)
    for figures in months:
        if not (figures.active and figures.scored):
            continue
        score.scored_months += 1
        score.possible += rule.points_per_month
        score.earned += rule.points(figures.news, figures.articles)
        score.published += figures.news + figures.articles
        score.compliant_months += rule.is_compliant(figures.news, figures.articles)
    return score


def vietnamese_sort_key(name: str) -> tuple[str, str]:
    """Alphabetical order for Vietnamese names: compare without tone marks and case first
    (đ sorts with d), then on the exact name so that the order is total."""
    decomposed = unicodedata.normalize("NFD", name.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return stripped.casefold(), name


def rank(scores: Iterable[UnitScore]) -> list[UnitScore]:
    """Order by score, then published items, then name; equal score and items share a rank.

    Units with nothing to be scored on (no month in which they existed) come last, unranked (0).
    """

    def ratio(s: UnitScore) -> Fraction:
        # Exact fractions, so that 2/3 and 4/6 tie instead of differing in the last float digit.
        return Fraction(s.earned, s.possible) if s.possible else Fraction(-1)

    ordered = sorted(scores, key=lambda s: (-ratio(s), -s.published, vietnamese_sort_key(s.name)))
    previous: tuple | None = None
    for position, score in enumerate(ordered, start=1):
        if not score.possible:
            score.rank = 0
            continue
        current = (ratio(score), score.published)
        score.rank = ordered[position - 2].rank if previous == current else position
        previous = current
    return ordered


@dataclass
class MonthTotals:
    month: datetime.date
    news: int = 0
    articles: int = 0
    units: int = 0  # units that existed that month
    compliant: int = 0

    @property
    def items(self) -> int:
        return self.news + self.articles
