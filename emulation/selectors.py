"""Reads of the quota tallies: live counts, the year matrix, rankings, the items behind a cell.

The items that count are ``submissions.selectors.quota_counted_items`` (rule 2: published, grouped
by ``quota_month``, the month of first submission); ``live_counts`` counts them per unit and month
in one aggregate query, and ``counted_items`` lists them. The dashboard, the ``tally`` command and
the Celery jobs all go through these, so they cannot disagree. The rule that judges the counts is
``schedule.quota.QuotaRule``.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from emulation.models import MonthlyTally, PlanScoring
from emulation.scoring import (
    MonthFigures,
    MonthTotals,
    UnitScore,
    active_in_month,
    month_start,
    months_between,
    next_month,
    rank,
    score_unit,
)
from portal.models import Unit
from schedule.models import Plan
from schedule.quota import QuotaRule
from schedule.selectors import calendar_for, plan_quota_units
from schedule.workdays import WorkingCalendar
from submissions.models import Submission
from submissions.selectors import duplicate_decisions, published_counts, quota_counted_items

Counts = dict[tuple[int, datetime.date], tuple[int, int]]
S = Submission.State


def quota_rule(plan: Plan, units: list[Unit] | None = None) -> QuotaRule:
    """The plan's quota rule with its scoring weights (1 and 1 unless set). ``units``: the plan's
    quota units when the caller has them already (``quota_units``), saving a query."""
    news_weight, article_weight = _weights(plan)
    return QuotaRule.of_plan(
        plan,
        quota_unit_ids=[u.pk for u in (quota_units(plan) if units is None else units)],
        news_weight=news_weight,
        article_weight=article_weight,
    )


def _weights(plan: Plan) -> tuple[int, int]:
    """The plan's scoring weights (1 and 1 unless set), kept in the cache under the committee's
    dashboard version, which a change of the weights bumps (emulation.dashboard_cache)."""
    from portal import versions

    def read() -> tuple[int, int]:
        weights = PlanScoring.objects.filter(plan=plan).first()
        return (weights.news_weight, weights.article_weight) if weights else (1, 1)

    return versions.cached_value(f"dashboard:{plan.committee_id}", f"emulation:weights:{plan.pk}", read, 24 * 3600)


def plan_months(plan: Plan) -> list[datetime.date]:
    return months_between(plan.period_start, plan.period_end)


def quota_units(plan: Plan) -> list[Unit]:
    return list(plan_quota_units(plan))


def live_counts(plan: Plan, unit_ids: list[int], months: list[datetime.date]) -> Counts:
    """Published news items and articles per (unit id, month) for those units and months, in one query."""
    if not months:
        return {}
    return published_counts(unit_ids=unit_ids, first_month=min(months), last_month=max(months))


def month_close(plan: Plan, month: datetime.date, *, calendar: WorkingCalendar | None = None) -> datetime.date:
    """The day a month's tally closes: by default the NEXT month's coordination deadline, computed
    with this plan's settings even when that month falls in a year the plan does not cover."""
    following = next_month(month)
    cal = calendar or calendar_for(plan.committee)
    return cal.coordination_deadline(
        following.year, following.month, day=plan.coordination_day, holidays_move=plan.holidays_move_deadline
    )


@dataclass
class Cell:
    """One unit and month as the dashboard shows it."""

    month: datetime.date
    active: bool  # the unit existed that month
    begun: bool  # the month has started
    news: int = 0  # the figures that count: frozen figures when frozen, live ones otherwise
    articles: int = 0
    live_news: int = 0
    live_articles: int = 0
    frozen: bool = False
    rule: QuotaRule = field(default_factory=QuotaRule, repr=False)

    @property
    def shown(self) -> bool:
        return self.active and self.begun

    @property
    def compliant(self) -> bool:
        return self.rule.is_compliant(self.news, self.articles)

    @property
    def news_met(self) -> bool:
        return self.rule.news_met(self.news)

    @property
    def articles_met(self) -> bool:
        return self.rule.articles_met(self.articles)

    @property
    def changed_since_freeze(self) -> bool:
        return self.frozen and (self.live_news, self.live_articles) != (self.news, self.articles)

    @property
    def status(self) -> str:
        """A CSS-friendly word: inactive, future, met, partial or missed."""
        if not self.active:
            return "inactive"
        if not self.begun:
            return "future"
        if self.compliant:
            return "met"
        return "partial" if self.news or self.articles else "missed"

    def figures(self) -> MonthFigures:
        return MonthFigures(news=self.news, articles=self.articles, active=self.active, scored=self.begun)


@dataclass
class Row:
    unit: Unit
    cells: list[Cell]
    score: UnitScore

    @property
    def total_news(self) -> int:
        return sum(c.news for c in self.cells if c.shown)

    @property
    def total_articles(self) -> int:
        return sum(c.articles for c in self.cells if c.shown)

    @property
    def cells_recent_first(self) -> list[Cell]:
        """The months that have begun, the current one first, then the months still to come (the phone's
        month list)."""
        begun = [c for c in self.cells if c.begun]
        return begun[::-1] + [c for c in self.cells if not c.begun]


@dataclass
class YearMatrix:
    plan: Plan
    rule: QuotaRule
    months: list[datetime.date]
    rows: list[Row]
    month_totals: list[MonthTotals]
    ranking: list[UnitScore]
    frozen_months: set[datetime.date]
    today: datetime.date

    @property
    def total_news(self) -> int:
        return sum(t.news for t in self.month_totals)

    @property
    def total_articles(self) -> int:
        return sum(t.articles for t in self.month_totals)

    @property
    def has_changes_since_freeze(self) -> bool:
        return any(c.changed_since_freeze for r in self.rows for c in r.cells)


def year_matrix(
    plan: Plan,
    *,
    units: list[Unit] | None = None,
    months: list[datetime.date] | None = None,
    today: datetime.date | None = None,
) -> YearMatrix:
    """The plan's quota units × months with the figures that count, totals and the ranking.

    A constant number of queries (units, weights, live counts, stored tallies) whatever the number
    of units and items. ``units`` narrows the rows (a unit member's own row); ``months`` the columns.
    """
    today = today or timezone.localdate()
    plan_units = quota_units(plan)
    rule = quota_rule(plan, plan_units)
    units = plan_units if units is None else units
    months = plan_months(plan) if months is None else months
    unit_ids = [u.pk for u in units]
    live = live_counts(plan, unit_ids, months)
    stored = {
        (t.unit_id, t.month): t
        for t in MonthlyTally.objects.filter(plan=plan, unit_id__in=unit_ids, month__in=months, frozen_at__isnull=False)
    }
    totals = {m: MonthTotals(month=m) for m in months}
    rows = []
    for unit in units:
        cells = []
        for m in months:
            live_news, live_articles = live.get((unit.pk, m), (0, 0))
            tally = stored.get((unit.pk, m))
            cell = Cell(
                month=m,
                active=active_in_month(m, active_from=unit.active_from, active_until=unit.active_until),
                begun=m <= today,
                news=tally.news if tally else live_news,
                articles=tally.articles if tally else live_articles,
                live_news=live_news,
                live_articles=live_articles,
                frozen=tally is not None,
                rule=rule,
            )
            cells.append(cell)
            if cell.shown:
                total = totals[m]
                total.news += cell.news
                total.articles += cell.articles
                total.units += 1
                total.compliant += cell.compliant
        score = score_unit(unit, unit.name, (c.figures() for c in cells), rule)
        rows.append(Row(unit=unit, cells=cells, score=score))
    ranking = rank([r.score for r in rows])
    return YearMatrix(
        plan=plan,
        rule=rule,
        months=months,
        rows=rows,
        month_totals=[totals[m] for m in months],
        ranking=ranking,
        frozen_months={m for (_unit, m) in stored},
        today=today,
    )


def month_rows(plan: Plan, month: datetime.date) -> list[dict]:
    """One month's tally for the quota units that existed then, as plain data (the ``tally`` command)."""
    matrix = year_matrix(plan, months=[month_start(month)], today=month_start(month))
    return [
        {
            "unit": row.unit.code,
            "news": cell.news,
            "articles": cell.articles,
            "compliant": cell.compliant,
            "frozen": cell.frozen,
        }
        for row in matrix.rows
        for cell in row.cells
        if cell.active
    ]


@dataclass
class CountedItem:
    pk: int
    title: str
    kind: str
    kind_label: str
    first_submitted_at: datetime.datetime | None
    published_at: datetime.datetime | None
    url: str | None


def _item_url(pk: int) -> str | None:
    try:
        return reverse("submissions:item_detail", args=[pk])
    except NoReverseMatch:
        return None


def counted_items(plan: Plan, unit: Unit) -> dict[datetime.date, list[CountedItem]]:
    """The published items behind each of a unit's cells, by month, in one query."""
    months = plan_months(plan)
    items: dict[datetime.date, list[CountedItem]] = defaultdict(list)
    rows = quota_counted_items(unit_ids=[unit.pk], first_month=months[0], last_month=months[-1]).order_by(
        "quota_month", "first_submitted_at", "pk"
    )
    kinds = dict(Submission.Kind.choices)
    for s in rows.only("pk", "title", "kind", "quota_month", "first_submitted_at", "published_at"):
        items[s.quota_month].append(
            CountedItem(
                pk=s.pk,
                title=str(s),
                kind=s.kind,
                kind_label=str(kinds.get(s.kind, s.kind)),
                first_submitted_at=s.first_submitted_at,
                published_at=s.published_at,
                url=_item_url(s.pk),
            )
        )
    return dict(items)


@dataclass(frozen=True)
class DuplicateRow:
    unit: Unit
    returned: int
    rejected: int


def duplicate_rows(plan: Plan) -> list[DuplicateRow]:
    """Per unit of the committee, the items the editors returned or rejected as duplicates during
    the plan's period (units with none are left out), most first."""
    counts = duplicate_decisions(committee=plan.committee, first_day=plan.period_start, last_day=plan.period_end)
    units = Unit.objects.filter(pk__in=counts).order_by("sort_order", "name")
    rows = [DuplicateRow(unit=u, returned=counts[u.pk][0], rejected=counts[u.pk][1]) for u in units]
    return sorted(rows, key=lambda r: -(r.returned + r.rejected))


def waiting_counts(unit_ids: list[int], month: datetime.date) -> Counts:
    """Items first sent in ``month`` that the editorial board has not decided on yet (sent, in
    review, sent back for changes, approved): they will count for ``month`` once published (rule 2).
    (news items, articles) per (unit id, month), in one aggregate query."""
    if not unit_ids:
        return {}
    waiting = [S.SUBMITTED, S.IN_REVIEW, S.CHANGES_REQUESTED, S.APPROVED]
    rows = (
        Submission.objects.filter(unit_id__in=unit_ids, quota_month=month, state__in=waiting)
        .values("unit_id", "quota_month")
        .annotate(
            news=Count("pk", filter=Q(kind=Submission.Kind.NEWS)),
            articles=Count("pk", filter=Q(kind=Submission.Kind.ARTICLE)),
        )
        .order_by()
    )
    return {(r["unit_id"], r["quota_month"]): (r["news"], r["articles"]) for r in rows}
