"""The scoring rules in plain Python, no database (docs/rules.md, rule 1: the quota of 2 news items and
1 article a month, from the plan's settings, is the basis of the year's emulation scoring)."""

import datetime

import pytest

from emulation.scoring import (
    MonthFigures,
    QuotaRule,
    UnitScore,
    active_in_month,
    month_end,
    months_between,
    next_month,
    rank,
    score_unit,
    vietnamese_sort_key,
)

DEFAULT = QuotaRule()


@pytest.mark.parametrize(
    ("news", "articles", "points", "compliant"),
    [
        (0, 0, 0, False),
        (1, 0, 1, False),
        (2, 0, 2, False),
        (0, 1, 1, False),
        (1, 1, 2, False),
        (2, 1, 3, True),
        (5, 1, 3, True),
        (2, 4, 3, True),
        (9, 9, 3, True),
    ],
)
def test_a_month_earns_one_point_per_item_up_to_the_quota(news, articles, points, compliant):
    assert DEFAULT.points(news, articles) == points
    assert DEFAULT.is_compliant(news, articles) is compliant


def test_the_default_is_three_points_a_month():
    assert DEFAULT.points_per_month == 3


def test_weights_and_quota_come_from_the_plan_settings():
    rule = QuotaRule(quota_news=3, quota_articles=2, news_weight=1, article_weight=2)
    assert rule.points_per_month == 3 + 4
    assert rule.points(4, 1) == 3 + 2
    assert not rule.is_compliant(3, 1)
    assert rule.is_compliant(3, 2)


def test_a_zero_quota_part_is_always_met_and_earns_nothing():
    rule = QuotaRule(quota_news=2, quota_articles=0)
    assert rule.is_compliant(2, 0)
    assert rule.points(2, 5) == 2


@pytest.mark.parametrize(
    ("active_from", "active_until", "month", "expected"),
    [
        (None, None, datetime.date(2023, 1, 1), True),
        (datetime.date(2023, 3, 31), None, datetime.date(2023, 3, 1), True),  # joined on the last day
        (datetime.date(2023, 4, 1), None, datetime.date(2023, 3, 1), False),
        (None, datetime.date(2023, 6, 1), datetime.date(2023, 6, 1), True),  # left on the first day
        (None, datetime.date(2023, 5, 31), datetime.date(2023, 6, 1), False),
        (datetime.date(2023, 2, 10), datetime.date(2023, 2, 20), datetime.date(2023, 2, 1), True),
        (datetime.date(2024, 2, 29), None, datetime.date(2024, 2, 1), True),
    ],
)
def test_a_month_counts_when_the_unit_existed_on_any_day_of_it(active_from, active_until, month, expected):
    assert active_in_month(month, active_from=active_from, active_until=active_until) is expected


def test_month_helpers_cross_the_year_and_leap_days():
    assert next_month(datetime.date(2023, 12, 1)) == datetime.date(2024, 1, 1)
    assert month_end(datetime.date(2024, 2, 1)) == datetime.date(2024, 2, 29)
    assert months_between(datetime.date(2023, 11, 15), datetime.date(2024, 2, 1)) == [
        datetime.date(2023, 11, 1),
        datetime.date(2023, 12, 1),
        datetime.date(2024, 1, 1),
        datetime.date(2024, 2, 1),
    ]


def test_a_unit_is_scored_only_over_the_months_it_existed_and_that_have_begun():
    months = [
        MonthFigures(2, 1),
        MonthFigures(1, 0),
        MonthFigures(5, 5, active=False),  # after a merger: not counted at all
        MonthFigures(0, 0, scored=False),  # not begun yet
    ]
    score = score_unit("x", "X", months, DEFAULT)
    assert (score.earned, score.possible, score.published, score.compliant_months) == (4, 6, 4, 1)
    assert score.percent == pytest.approx(66.7)


def test_a_unit_with_no_scored_month_has_no_percentage_and_comes_last_unranked():
    empty = score_unit("new", "A mới", [MonthFigures(0, 0, active=False)], DEFAULT)
    some = score_unit("old", "Z cũ", [MonthFigures(0, 0)], DEFAULT)
    assert empty.percent is None
    ordered = rank([empty, some])
    assert [s.unit for s in ordered] == ["old", "new"]
    assert [s.rank for s in ordered] == [1, 0]


def _score(name: str, earned: int, possible: int, published: int) -> UnitScore:
    return UnitScore(unit=name, name=name, earned=earned, possible=possible, published=published)


def test_ranking_is_by_score_then_published_items_then_name():
    scores = [
        _score("Thạnh Trị", 20, 36, 30),
        _score("Đại Ngãi", 30, 36, 40),
        _score("Cù Lao Dung", 30, 36, 45),
        _score("Châu Thành", 10, 18, 10),  # 55.6 %, like Thạnh Trị's 20/36
        _score("Long Phú", 30, 36, 40),
    ]
    ordered = rank(scores)
    assert [s.name for s in ordered] == ["Cù Lao Dung", "Đại Ngãi", "Long Phú", "Thạnh Trị", "Châu Thành"]
    # Equal score and equal items share a rank; the name only orders them.
    assert [s.rank for s in ordered] == [1, 2, 2, 4, 5]


def test_equal_fractions_tie_exactly():
    ordered = rank([_score("B", 4, 6, 3), _score("A", 2, 3, 3)])
    assert [(s.name, s.rank) for s in ordered] == [("A", 1), ("B", 1)]


@pytest.mark.parametrize(
    "names",
    [
        ["An Giang", "Ấp Mới", "Bạc Liêu", "Châu Thành", "Cù Lao Dung", "Đại Ngãi", "Long Phú", "Ô Môn", "Ơ Rê"],
        ["huyện Kế Sách", "Huyện Mỹ Tú", "thị xã Ngã Năm", "Thị xã Vĩnh Châu"],
    ],
)
def test_names_sort_the_vietnamese_way(names):
    import random

    shuffled = names[:]
    random.Random(4).shuffle(shuffled)
    assert sorted(shuffled, key=vietnamese_sort_key) == names


def test_names_differing_only_in_tone_marks_have_a_total_order():
    assert vietnamese_sort_key("Mỹ Tú") != vietnamese_sort_key("My Tu")
    assert sorted(["Mỹ Tú", "My Tu"], key=vietnamese_sort_key) == sorted(["My Tu", "Mỹ Tú"], key=vietnamese_sort_key)


def test_the_rule_modules_import_no_django():
    import subprocess
    import sys

    code = "import sys, emulation.scoring, emulation.chart; print(any(m.startswith('django') for m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"


def test_the_chart_stacks_articles_on_news_and_marks_the_quota():
    from emulation.chart import monthly_output

    months = [datetime.date(2023, m, 1) for m in (1, 2, 3)]
    chart = monthly_output(months, [4, 0, 2], [2, 0, 1], [9, 9, 0], height=240)
    first, empty, third = chart.bars
    assert first.news_height == pytest.approx(2 * third.news_height, abs=0.2)
    assert first.articles_y + first.articles_height == pytest.approx(first.news_y)  # articles sit on top of news
    assert empty.news_height == empty.articles_height == 0
    assert first.target_y < first.articles_y  # 9 asked, 6 published: the line is above the bar
    assert third.target_y is None
    assert chart.ticks[-1][1] == 10  # the axis ends on a round number above the largest value
