"""The working-day calendar and the plan's deadline rules, in plain Python (no Django).

Working days are Monday to Friday, minus Vietnam's public holidays (from the ``holidays``
package, Tết included) and any extra days off, plus any make-up working days (ngày làm bù)
that an administrator enters. An administrator's entry always wins over the weekend and the
public-holiday rules.

The coordination deadline (Sóc Trăng 2023, note to section II.2): the 5th of each month; when
the 5th is a Saturday or a Sunday, the Friday before it (the 4th or the 3rd). Public holidays do
not move it unless the plan says so (``holidays_move``, off by default): then a deadline that
falls on any non-working day moves back to the nearest working day before it.
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from types import MappingProxyType

import holidays

SATURDAY, SUNDAY, FRIDAY = 5, 6, 4
# A guard for ``holidays_move`` and ``add_working_days``: no real calendar has this many
# non-working days in a row, so hitting it means the administrators' entries are wrong.
MAX_DAYS_SEARCHED = 366


@lru_cache(maxsize=512)
def vietnam_public_holidays(year: int) -> Mapping[datetime.date, str]:
    """Vietnam's public holidays of ``year`` (Tết included), computed once per year and process.

    Building a ``holidays`` calendar costs about half a millisecond; a calendar is built for
    every request that needs one (``schedule.selectors.calendar_for``), so the years are shared
    (read-only, so threads may share them too).
    """
    return MappingProxyType(dict(holidays.country_holidays("VN", years=year)))


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

    def is_public_holiday(self, day: datetime.date) -> bool:
        return self.public_holidays and day in vietnam_public_holidays(day.year)

    def holiday_name(self, day: datetime.date) -> str | None:
        """The public holiday's name (in English, from ``holidays``), or None."""
        return vietnam_public_holidays(day.year).get(day) if self.public_holidays else None

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
        searched = 0
        while remaining > 0:
            current += datetime.timedelta(days=1)
            searched += 1
            if searched > MAX_DAYS_SEARCHED * max(count, 1):
                raise ValueError("No working day found: check the calendar's extra days off.")
            if self.is_working_day(current):
                remaining -= 1
        return current

    def previous_working_day(self, day: datetime.date) -> datetime.date:
        """``day`` itself when it is a working day, else the nearest working day before it."""
        current = day
        for _ in range(MAX_DAYS_SEARCHED):
            if self.is_working_day(current):
                return current
            current -= datetime.timedelta(days=1)
        raise ValueError("No working day found: check the calendar's extra days off.")

    def coordination_deadline(
        self, year: int, month: int, *, day: int = 5, holidays_move: bool = False
    ) -> datetime.date:
        """The plan's coordination deadline: the ``day`` of the month; on a Saturday or Sunday the
        Friday before it. With ``holidays_move`` a non-working day (a public holiday or an extra
        day off) also moves it back to the working day before it, possibly into the previous month.

        A ``day`` past the month's end (e.g. 31 in April) means the month's last day.
        """
        last_day = calendar.monthrange(year, month)[1]
        deadline = datetime.date(year, month, min(max(day, 1), last_day))
        if deadline.weekday() >= SATURDAY:
            deadline -= datetime.timedelta(days=deadline.weekday() - FRIDAY)
        if holidays_move:
            deadline = self.previous_working_day(deadline)
        return deadline

    def coordination_deadlines(
        self, year: int, *, day: int = 5, holidays_move: bool = False
    ) -> list[tuple[int, datetime.date]]:
        """The twelve (month, deadline) pairs of ``year``."""
        return [
            (month, self.coordination_deadline(year, month, day=day, holidays_move=holidays_move))
            for month in range(1, 13)
        ]

    def event_news_due(self, event_date: datetime.date, *, allowance: int = 1) -> datetime.date:
        """The last day on which news of an event is on time: ``allowance`` working days after it.

        The item is on time when it reaches the editorial board by the end of that day.
        """
        return self.add_working_days(event_date, allowance)

    def quota_reminder_day(self, year: int, month: int, working_days: int) -> datetime.date | None:
        """The day a unit short of its quota is reminded (rule 1): when ``working_days`` working days
        of the month are left, that day included; e.g. 3 in November 2026 (ending on Monday the 30th)
        is Thursday the 26th (the 26th, 27th and 30th are left). The month's first day when it has
        fewer working days than that; None for 0 (no reminder)."""
        if working_days <= 0:
            return None
        day = datetime.date(year, month, calendar.monthrange(year, month)[1])
        left = 0
        while day.month == month:
            if self.is_working_day(day):
                left += 1
                if left == working_days:
                    return day
            day -= datetime.timedelta(days=1)
        return datetime.date(year, month, 1)
