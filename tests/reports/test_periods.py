"""Reporting periods and due days, alone (no database)."""

import datetime

import pytest

from reports import periods
from reports.periods import Period

D = datetime.date


@pytest.mark.parametrize(
    ("kind", "day", "key", "start", "end"),
    [
        (periods.MONTHLY, D(2023, 7, 14), "2023-M07", D(2023, 7, 1), D(2023, 7, 31)),
        (periods.QUARTERLY, D(2023, 8, 1), "2023-Q3", D(2023, 7, 1), D(2023, 9, 30)),
        (periods.HALF_YEARLY, D(2023, 6, 30), "2023-H1", D(2023, 1, 1), D(2023, 6, 30)),
        (periods.YEARLY, D(2023, 2, 1), "2023-Y", D(2023, 1, 1), D(2023, 12, 31)),
    ],
)
def test_a_day_belongs_to_one_period_of_each_kind(kind, day, key, start, end):
    period = periods.period_of(kind, day)
    assert (period.key, period.start, period.end) == (key, start, end)
    assert periods.parse_key(key) == period


def test_bad_keys_name_no_period():
    assert periods.parse_key("2023-Q5") is None
    assert periods.parse_key("nonsense") is None


def test_the_sam_son_plan_from_june_has_three_quarters():
    keys = [p.key for p in periods.periods_between(periods.QUARTERLY, D(2023, 6, 1), D(2023, 12, 31))]
    assert keys == ["2023-Q2", "2023-Q3", "2023-Q4"]


def test_a_report_is_due_on_the_due_day_of_the_following_month_moved_off_the_weekend():
    weekdays = lambda day: day.weekday() < 5  # noqa: E731
    # Q3 2023: 5 October 2023 is a Thursday.
    assert periods.due_date(Period(2023, periods.QUARTERLY, 3), 5, is_working_day=weekdays) == D(2023, 10, 5)
    # Q2 2023: 8 July 2023 is a Saturday, so Monday the 10th.
    assert periods.due_date(Period(2023, periods.QUARTERLY, 2), 8, is_working_day=weekdays) == D(2023, 7, 10)
    # Day 31 in a 30-day month is its last day.
    assert periods.nominal_due_date(Period(2023, periods.MONTHLY, 8), 31) == D(2023, 9, 30)


def test_working_days_before_skips_the_weekend():
    weekdays = lambda day: day.weekday() < 5  # noqa: E731
    assert periods.working_days_before(D(2023, 10, 9), 3, is_working_day=weekdays) == D(2023, 10, 4)
