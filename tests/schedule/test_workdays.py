"""The working-day calendar and the coordination-deadline rule: plain Python, no database.

docs/rules.md, rule 5 (the 5th, or the Friday before it) and rule 4 (event news within 1 working day)."""

import datetime
from collections import Counter

import pytest

from schedule.workdays import WorkingCalendar

D = datetime.date
YEARS = range(1990, 2061)
PLAIN = WorkingCalendar.build()


def test_the_calendar_module_imports_no_django():
    import ast
    from pathlib import Path

    import schedule.workdays as module

    tree = ast.parse(Path(module.__file__).read_text(encoding="utf-8"))
    imported = {alias.name for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names}
    imported |= {node.module or "" for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert not any(name.startswith("django") for name in imported)


def test_the_deadline_is_the_5th_on_weekdays_and_the_friday_before_on_weekends_for_every_month_of_70_years():
    seen_positions = Counter()
    for year in YEARS:
        for month in range(1, 13):
            fifth = D(year, month, 5)
            deadline = PLAIN.coordination_deadline(year, month)
            seen_positions[fifth.weekday()] += 1
            if fifth.weekday() < 5:
                assert deadline == fifth
            elif fifth.weekday() == 5:
                assert deadline == D(year, month, 4) and deadline.weekday() == 4
            else:
                assert deadline == D(year, month, 3) and deadline.weekday() == 4
    # Every weekday position of the 5th really occurred, many times.
    assert set(seen_positions) == set(range(7)) and min(seen_positions.values()) > 100


@pytest.mark.parametrize(
    ("fifth", "expected"),
    [
        (D(2023, 6, 5), D(2023, 6, 5)),  # Monday
        (D(2023, 9, 5), D(2023, 9, 5)),  # Tuesday
        (D(2023, 4, 5), D(2023, 4, 5)),  # Wednesday
        (D(2023, 1, 5), D(2023, 1, 5)),  # Thursday
        (D(2023, 5, 5), D(2023, 5, 5)),  # Friday
        (D(2023, 8, 5), D(2023, 8, 4)),  # Saturday: the 4th
        (D(2023, 2, 5), D(2023, 2, 3)),  # Sunday: the 3rd
    ],
)
def test_each_weekday_position_of_the_5th_in_2023(fifth, expected):
    assert PLAIN.coordination_deadline(fifth.year, fifth.month) == expected


def test_2023_deadlines_fall_on_the_3rd_in_february_march_november_and_the_4th_in_august():
    deadlines = dict(PLAIN.coordination_deadlines(2023))
    assert deadlines[2] == D(2023, 2, 3)
    assert deadlines[3] == D(2023, 3, 3)
    assert deadlines[11] == D(2023, 11, 3)
    assert deadlines[8] == D(2023, 8, 4)
    assert {m for m, d in deadlines.items() if d.day == 5} == {1, 4, 5, 6, 7, 9, 10, 12}


def test_tet_2023_and_national_day_are_not_working_days():
    for day in range(20, 27):
        assert not PLAIN.is_working_day(D(2023, 1, day)), f"{day}/01/2023 is Tết"
    assert PLAIN.is_working_day(D(2023, 1, 19)) and PLAIN.is_working_day(D(2023, 1, 27))
    assert not PLAIN.is_working_day(D(2023, 9, 2))
    assert not PLAIN.is_working_day(D(2023, 9, 1))
    assert PLAIN.is_public_holiday(D(2023, 9, 2))
    assert not PLAIN.is_working_day(D(2023, 4, 29)) and not PLAIN.is_working_day(D(2023, 5, 1))


def test_weekends_are_not_working_days_and_weekdays_are():
    assert not PLAIN.is_working_day(D(2023, 3, 4))  # Saturday
    assert not PLAIN.is_working_day(D(2023, 3, 5))  # Sunday
    assert PLAIN.is_working_day(D(2023, 3, 6))  # Monday


def test_public_holidays_do_not_move_the_deadline_by_default():
    # 5/2/2019 is the first day of Tết (a Tuesday): the plan's rule keeps it.
    assert PLAIN.coordination_deadline(2019, 2) == D(2019, 2, 5)


@pytest.mark.parametrize(
    ("year", "month", "expected"),
    [
        (2019, 2, D(2019, 2, 1)),  # Tết 2019: back to the Friday before the holidays
        (2021, 9, D(2021, 9, 1)),  # 2-3/9/2021 National Day, the 5th a Sunday
        (2022, 2, D(2022, 1, 28)),  # Tết 2022 runs into February: back into January
        (2027, 2, D(2027, 2, 3)),
    ],
)
def test_with_holidays_move_a_holiday_moves_the_deadline_to_the_working_day_before(year, month, expected):
    assert PLAIN.coordination_deadline(year, month, holidays_move=True) == expected


def test_with_holidays_move_every_deadline_of_70_years_is_a_working_day_with_only_days_off_after_it():
    for year in YEARS:
        for month in range(1, 13):
            plain = PLAIN.coordination_deadline(year, month)
            moved = PLAIN.coordination_deadline(year, month, holidays_move=True)
            assert PLAIN.is_working_day(moved)
            assert moved <= plain
            day = moved + datetime.timedelta(days=1)
            while day <= plain:
                assert not PLAIN.is_working_day(day)
                day += datetime.timedelta(days=1)


def test_an_extra_day_off_makes_a_weekday_a_non_working_day_and_moves_the_deadline_only_with_holidays_move():
    cal = WorkingCalendar.build(days_off=[D(2023, 6, 5)])
    assert not cal.is_working_day(D(2023, 6, 5))
    assert cal.coordination_deadline(2023, 6) == D(2023, 6, 5)
    assert cal.coordination_deadline(2023, 6, holidays_move=True) == D(2023, 6, 2)


def test_a_make_up_working_day_on_a_saturday_counts_as_a_working_day():
    saturday = D(2024, 5, 4)  # the 2024 make-up day for the 29/4 bridge day off
    cal = WorkingCalendar.build(working_days=[saturday])
    assert not PLAIN.is_working_day(saturday)
    assert cal.is_working_day(saturday)
    # Event news of Friday 3/5/2024 is due on the make-up Saturday instead of Monday.
    assert PLAIN.event_news_due(D(2024, 5, 3)) == D(2024, 5, 6)
    assert cal.event_news_due(D(2024, 5, 3)) == saturday


def test_a_make_up_working_day_does_not_move_the_weekend_rule_of_the_deadline():
    # The plan's rule looks at the weekday, not at the calendar's entries.
    cal = WorkingCalendar.build(working_days=[D(2023, 8, 5)])
    assert cal.coordination_deadline(2023, 8) == D(2023, 8, 4)
    assert cal.coordination_deadline(2023, 8, holidays_move=True) == D(2023, 8, 4)


def test_event_news_is_due_one_working_day_after_the_event_skipping_weekends_and_tet():
    assert PLAIN.event_news_due(D(2023, 3, 6)) == D(2023, 3, 7)  # Monday -> Tuesday
    assert PLAIN.event_news_due(D(2023, 3, 10)) == D(2023, 3, 13)  # Friday -> Monday
    assert PLAIN.event_news_due(D(2023, 1, 19)) == D(2023, 1, 27)  # before Tết -> after it
    assert PLAIN.event_news_due(D(2023, 3, 6), allowance=2) == D(2023, 3, 8)


def test_a_coordination_day_past_the_month_end_means_the_last_day():
    assert PLAIN.coordination_deadline(2023, 4, day=31) == D(2023, 4, 28)  # 30/4 is a Sunday


def test_without_public_holidays_only_weekends_and_entries_count():
    cal = WorkingCalendar.build(public_holidays=False)
    assert cal.is_working_day(D(2023, 1, 23))
    assert cal.event_news_due(D(2023, 1, 19)) == D(2023, 1, 20)


def _working_days_from(calendar: WorkingCalendar, day: datetime.date) -> int:
    """How many working days of ``day``'s month are left, ``day`` included."""
    left, current = 0, day
    while current.month == day.month:
        left += calendar.is_working_day(current)
        current += datetime.timedelta(days=1)
    return left


@pytest.mark.parametrize("working_days", [1, 2, 3, 5])
def test_the_quota_reminder_day_leaves_exactly_that_many_working_days_in_every_month_of_ten_years(working_days):
    calendar = WorkingCalendar.build()
    for year in range(2020, 2030):
        for month in range(1, 13):
            day = calendar.quota_reminder_day(year, month, working_days)
            assert day.month == month and calendar.is_working_day(day)
            assert _working_days_from(calendar, day) == working_days


def test_the_quota_reminder_day_in_november_2026_and_with_a_day_off():
    assert WorkingCalendar.build().quota_reminder_day(2026, 11, 3) == D(2026, 11, 26)  # 26, 27 and Monday 30
    # A day off on Friday the 27th: the 25th, 26th and 30th are left.
    assert WorkingCalendar.build(days_off=[D(2026, 11, 27)]).quota_reminder_day(2026, 11, 3) == D(2026, 11, 25)
    assert WorkingCalendar.build().quota_reminder_day(2026, 11, 0) is None
    assert WorkingCalendar.build().quota_reminder_day(2026, 11, 40) == D(2026, 11, 1)
