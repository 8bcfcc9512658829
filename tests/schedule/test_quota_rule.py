"""The quota rule (rule 1) in plain Python, no database: the numbers and the units that carry the
quota come from the plan; a month is met when both parts are; items earn points up to the quota."""

import itertools
from dataclasses import dataclass

import pytest

from schedule.quota import QuotaRule


@dataclass
class FakePlan:
    quota_news: int = 2
    quota_articles: int = 1


CASES = list(itertools.product(range(4), range(3), range(5), range(4)))


@pytest.mark.parametrize(("quota_news", "quota_articles", "news", "articles"), CASES)
def test_a_month_is_met_exactly_when_both_parts_reach_the_plans_numbers(quota_news, quota_articles, news, articles):
    rule = QuotaRule.of_plan(FakePlan(quota_news, quota_articles))
    assert rule.news_met(news) is (news >= quota_news)
    assert rule.articles_met(articles) is (articles >= quota_articles)
    assert rule.is_compliant(news, articles) is (news >= quota_news and articles >= quota_articles)


@pytest.mark.parametrize(("quota_news", "quota_articles", "news", "articles"), CASES)
def test_items_beyond_the_quota_earn_no_more_points(quota_news, quota_articles, news, articles):
    rule = QuotaRule.of_plan(FakePlan(quota_news, quota_articles), news_weight=2, article_weight=3)
    assert rule.points(news, articles) == 2 * min(news, quota_news) + 3 * min(articles, quota_articles)
    assert rule.points(news, articles) <= rule.points_per_month
    assert (rule.points(news, articles) == rule.points_per_month) is rule.is_compliant(news, articles)


def test_the_default_is_two_news_items_and_one_article_a_month():
    rule = QuotaRule()
    assert (rule.quota_news, rule.quota_articles, rule.points_per_month) == (2, 1, 3)
    assert rule.is_compliant(2, 1)
    assert not rule.is_compliant(1, 1)
    assert not rule.is_compliant(2, 0)


def test_only_the_plans_quota_units_carry_the_quota():
    rule = QuotaRule.of_plan(FakePlan(3, 2), quota_unit_ids=[7, 9])
    assert rule.carries(7) and rule.carries(9)
    assert not rule.carries(8)


def test_a_unit_without_the_quota_owes_nothing_and_always_meets_it():
    rule = QuotaRule.of_plan(FakePlan(3, 2), quota_unit_ids=[7])
    assert rule.for_unit(7) == QuotaRule(quota_news=3, quota_articles=2)
    free = rule.for_unit(8)
    assert (free.quota_news, free.quota_articles) == (0, 0)
    assert free.is_compliant(0, 0)


def test_a_rule_built_without_its_units_says_no_unit_carries_it():
    rule = QuotaRule.of_plan(FakePlan())
    assert not rule.carries(1)
    assert rule.for_unit(1).quota_news == 0


def test_rules_compare_on_their_numbers_not_on_their_units():
    assert QuotaRule.of_plan(FakePlan(3, 1), quota_unit_ids=[1]) == QuotaRule(quota_news=3, quota_articles=1)
    assert QuotaRule.of_plan(FakePlan(3, 1)) != QuotaRule(quota_news=2, quota_articles=1)


@pytest.mark.parametrize(("quota_news", "quota_articles", "news", "articles"), CASES)
def test_the_shortfall_is_what_is_missing_of_each_part_and_nothing_exactly_when_met(
    quota_news, quota_articles, news, articles
):
    rule = QuotaRule.of_plan(FakePlan(quota_news, quota_articles))
    missing = rule.shortfall(news, articles)
    assert missing == (max(quota_news - news, 0), max(quota_articles - articles, 0))
    assert (missing == (0, 0)) is rule.is_compliant(news, articles)
