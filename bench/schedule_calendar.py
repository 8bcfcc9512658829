"""Speed of the working-day calendar (schedule/workdays.py), against its first version.

    .venv/bin/python bench/schedule_calendar.py

``schedule.selectors.calendar_for`` builds a new ``WorkingCalendar`` for every request or service
call that needs one (event-news due times on each submission, deadlines on each page). The first
version built a ``holidays`` calendar per ``WorkingCalendar``; now the Vietnamese holidays of a
year are computed once per process. Both run here, in the same process:

* A (baseline): the first version, a fresh ``holidays.country_holidays("VN")`` per calendar;
* B: ``WorkingCalendar.build()`` as it is now.

Workloads: (1) a fresh calendar, then one event-news due date (what submitting an item does);
(2) a fresh calendar, then the twelve coordination deadlines of a year with ``holidays_move``
(what the year view and the reminders do). Median of 7 rounds; plain Python, no database.
"""

from __future__ import annotations

import datetime
import os
import statistics
import sys
import time
from dataclasses import dataclass
from functools import cached_property

import holidays

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from schedule.workdays import WorkingCalendar


@dataclass(frozen=True)
class FirstVersionCalendar(WorkingCalendar):
    """The baseline: exactly the first version's holiday lookup."""

    @cached_property
    def _holidays(self) -> holidays.HolidayBase:
        return holidays.country_holidays("VN")

    def is_public_holiday(self, day: datetime.date) -> bool:
        return self.public_holidays and day in self._holidays


def event_news(factory, n: int) -> None:
    day = datetime.date(2023, 1, 19)
    for i in range(n):
        factory().event_news_due(day + datetime.timedelta(days=i % 300))


def year_deadlines(factory, n: int) -> None:
    for i in range(n):
        factory().coordination_deadlines(2000 + i % 50, holidays_move=True)


def median_seconds(fn, factory, n: int, rounds: int = 7) -> float:
    fn(factory, 5)  # warm up imports and caches, as a running server would be
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn(factory, n)
        times.append((time.perf_counter() - start) / n)
    return statistics.median(times)


def main() -> None:
    print(f"nproc={os.cpu_count()}  python={sys.version.split()[0]}  holidays={holidays.__version__}")
    for name, fn, n in (("fresh calendar + event-news due date", event_news, 300),
                        ("fresh calendar + 12 deadlines (holidays_move)", year_deadlines, 100)):  # fmt: skip
        a = median_seconds(fn, FirstVersionCalendar.build, n)
        b = median_seconds(fn, WorkingCalendar.build, n)
        print(f"{name:<48} A {a * 1e6:9.1f} µs   B {b * 1e6:8.1f} µs   A/B = {a / b:6.1f}")


if __name__ == "__main__":
    main()
