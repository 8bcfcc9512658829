"""The province's monthly output as an inline SVG bar chart, computed server-side (no Django, no JS).

Each month is a stacked bar (news items below, articles above) with a tick for what the quota
asked of the units that existed that month.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True)
class Bar:
    label: str
    x: float
    width: float
    x_end: float
    news_y: float
    news_height: float
    articles_y: float
    articles_height: float
    target_y: float | None
    news: int
    articles: int
    target: int


@dataclass(frozen=True)
class Chart:
    width: int
    height: int
    baseline: float
    top: float
    bars: list[Bar]
    ticks: list[tuple[float, int]]  # (y, value) for the horizontal grid lines


def _nice_max(value: int) -> int:
    """A round upper bound for the axis: 1, 2, 5 × a power of ten."""
    if value <= 5:
        return 5
    magnitude = 1
    while True:
        for step in (1, 2, 5):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10


def monthly_output(
    months: Sequence[datetime.date],
    news: Sequence[int],
    articles: Sequence[int],
    targets: Sequence[int],
    *,
    width: int = 720,
    height: int = 240,
) -> Chart:
    """Geometry of the chart for months with their published news items, articles and quota target."""
    left, right, top, bottom = 36.0, 8.0, 12.0, 24.0
    baseline = height - bottom
    scale_max = _nice_max(max([*(n + a for n, a in zip(news, articles, strict=True)), *targets, 1]))
    plot_height = baseline - top
    slot = (width - left - right) / max(len(months), 1)

    def y(value: float) -> float:
        return round(baseline - plot_height * value / scale_max, 1)

    bars = []
    for i, month in enumerate(months):
        n, a, t = news[i], articles[i], targets[i]
        news_top, total_top = y(n), y(n + a)
        bars.append(
            Bar(
                label=f"{month.month}",
                x=round(left + i * slot + slot * 0.15, 1),
                width=round(slot * 0.7, 1),
                x_end=round(left + i * slot + slot * 0.85, 1),
                news_y=news_top,
                news_height=round(baseline - news_top, 1),
                articles_y=total_top,
                articles_height=round(news_top - total_top, 1),
                target_y=y(t) if t else None,
                news=n,
                articles=a,
                target=t,
            )
        )
    ticks = [(y(scale_max * k / 4), round(scale_max * k / 4)) for k in range(5)]
    return Chart(width=width, height=height, baseline=baseline, top=top, bars=bars, ticks=ticks)
