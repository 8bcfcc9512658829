"""Reporting periods (monthly, quarterly, six-monthly, yearly) and their due dates. Plain Python.

A period has a key that reads as what it is and sorts by time within a kind: ``2023-M07``,
``2023-Q3``, ``2023-H2``, ``2023-Y``. A period's report is due on the plan's due day of the month
after the period ends (the 5th of July for the second quarter with due day 5), moved to the next
working day when that day is not one.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass

MONTHLY = "monthly"
QUARTERLY = "quarterly"
HALF_YEARLY = "half_yearly"
YEARLY = "yearly"

# kind -> (months per period, key letter)
_SHAPE = {MONTHLY: (1, "M"), QUARTERLY: (3, "Q"), HALF_YEARLY: (6, "H"), YEARLY: (12, "Y")}
_LETTER_TO_KIND = {letter: kind for kind, (_months, letter) in _SHAPE.items()}
_KEY = re.compile(r"^(\d{4})-(?:(M)(\d{2})|(Q)([1-4])|(H)([12])|(Y))$")


@dataclass(frozen=True, order=True)
class Period:
    year: int
    kind: str
    index: int  # 1-based: month 1-12, quarter 1-4, half 1-2, year 1

    @property
    def months(self) -> int:
        return _SHAPE[self.kind][0]

    @property
    def start(self) -> datetime.date:
        return datetime.date(self.year, (self.index - 1) * self.months + 1, 1)

    @property
    def end(self) -> datetime.date:
        last_month = self.index * self.months
        return datetime.date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    @property
    def key(self) -> str:
        letter = _SHAPE[self.kind][1]
        if self.kind == YEARLY:
            return f"{self.year}-Y"
        if self.kind == MONTHLY:
            return f"{self.year}-M{self.index:02d}"
        return f"{self.year}-{letter}{self.index}"

    def contains(self, day: datetime.date) -> bool:
        return self.start <= day <= self.end

    def within(self, other: Period) -> bool:
        return other.start <= self.start and self.end <= other.end


def period_of(kind: str, day: datetime.date) -> Period:
    """The period of ``kind`` that contains ``day``."""
    months = _SHAPE[kind][0]
    return Period(day.year, kind, (day.month - 1) // months + 1)


def parse_key(key: str) -> Period | None:
    """The period a key names, or None when the key is not one."""
    match = _KEY.match(key or "")
    if not match:
        return None
    year = int(match.group(1))
    for letter_group, index_group in ((2, 3), (4, 5), (6, 7)):
        if match.group(letter_group):
            return Period(year, _LETTER_TO_KIND[match.group(letter_group)], int(match.group(index_group)))
    return Period(year, YEARLY, 1)


def periods_between(kind: str, start: datetime.date, end: datetime.date) -> list[Period]:
    """The periods of ``kind`` that overlap ``start``..``end``, in order."""
    periods: list[Period] = []
    current = period_of(kind, start)
    while current.start <= end:
        periods.append(current)
        following = current.end + datetime.timedelta(days=1)
        current = period_of(kind, following)
    return periods


def nominal_due_date(period: Period, due_day: int) -> datetime.date:
    """The due day of the month after the period (the month's last day if it is shorter)."""
    following = period.end + datetime.timedelta(days=1)
    last = calendar.monthrange(following.year, following.month)[1]
    return following.replace(day=min(max(due_day, 1), last))


def due_date(period: Period, due_day: int, *, is_working_day: Callable[[datetime.date], bool]) -> datetime.date:
    """The nominal due date, moved forward to the next working day when it is not one."""
    day = nominal_due_date(period, due_day)
    for _step in range(30):
        if is_working_day(day):
            return day
        day += datetime.timedelta(days=1)
    return day


def working_days_before(
    day: datetime.date, count: int, *, is_working_day: Callable[[datetime.date], bool]
) -> datetime.date:
    """The working day ``count`` working days before ``day`` (``day`` itself for 0)."""
    current = day
    while count > 0:
        current -= datetime.timedelta(days=1)
        if is_working_day(current):
            count -= 1
    return current
