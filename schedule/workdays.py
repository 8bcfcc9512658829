"""The working-day calendar and the plan's deadline rules, in plain Python (no Django).

Working days are Monday to Friday, minus Vietnam's public holidays (from the ``holidays``
package, Tết included) and any extra days off, plus any make-up working days (ngày làm bù)
that an administrator enters.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property

import holidays

SATURDAY, SUNDAY, FRIDAY = 5, 6, 4


@dataclass(frozen=True)
class WorkingCalendar:
    extra_days_off: frozenset[datetime.date] = field(default_factory=frozenset)
    extra_working_days: frozenset[datetime.date] = field(default_factory=frozenset)
    public_holidays: bool = True

    @classmethod
    def build(
        cls,
        *,
        days_off: Iterable[datetime.date] = (),
        working_days: Iterable[datetime.date] = (),
        public_holidays: bool = True,
    ) -> WorkingCalendar:
        return cls(frozenset(days_off), frozenset(working_days), public_holidays)

    @cached_property
    def _holidays(self) -> holidays.HolidayBase:
        return holidays.country_holidays("VN")

    def is_public_holiday(self, day: datetime.date) -> bool:
        return self.public_holidays and day in self._holidays

    def is_working_day(self, day: datetime.date) -> bool:
        if day in self.extra_working_days:
            return True
        if day in self.extra_days_off:
            return False
        return day.weekday() < SATURDAY and not self.is_public_holiday(day)

    def add_working_days(self, day: datetime.date, count: int) -> datetime.date:
        """The ``count``-th working day after ``day`` (``day`` itself does not count)."""
        current = day
        remaining = count
        while remaining > 0:
            current += datetime.timedelta(days=1)
            if self.is_working_day(current):
                remaining -= 1
        return current

    def coordination_deadline(
        self, year: int, month: int, *, day: int = 5, holidays_move: bool = False
    ) -> datetime.date:
        """The plan's coordination deadline: the ``day`` of the month; on a Saturday or Sunday the
        Friday before it. With ``holidays_move`` a non-working day also moves it back to the
        working day before it."""
        deadline = datetime.date(year, month, day)
        if deadline.weekday() >= SATURDAY:
            deadline -= datetime.timedelta(days=deadline.weekday() - FRIDAY)
        if holidays_move:
            while not self.is_working_day(deadline):
                deadline -= datetime.timedelta(days=1)
        return deadline

    def event_news_due(self, event_date: datetime.date, *, allowance: int = 1) -> datetime.date:
        """The last day on which news of an event is on time: ``allowance`` working days after it.

        The item is on time when it reaches the editorial board by the end of that day.
        """
        return self.add_working_days(event_date, allowance)
