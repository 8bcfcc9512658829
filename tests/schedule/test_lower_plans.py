"""Rule 8 (docs/rules.md): wards build their own plans. A ward's plan is stored in its committee's tree but is never the committee's plan of the year:
not for the selectors, not for the tally (the bug: adding one made ``tally`` print ``[]``)."""

import datetime
import json
from io import StringIO

import pytest
from django.core.management import call_command

from portal import services
from portal.models import Unit
from schedule.models import Plan
from schedule.selectors import lower_plans, plan_for, plan_of_unit, plan_of_year, plan_years
from tests.emulation.conftest import merged_unit, plan, scenario  # noqa: F401

pytestmark = pytest.mark.django_db


def _tally(*args) -> list[dict]:
    out = StringIO()
    call_command("tally", *args, "--format", "json", stdout=out)
    return json.loads(out.getvalue())


def _ward_plan(committee: Unit, implementing: Plan) -> Plan:
    ward = services.unit_create(code="phuong-1", name="Ủy ban MTTQ phường 1", kind=Unit.Kind.COMMUNE, parent=committee)
    lower = Plan.objects.create(
        committee=committee,
        issuing_unit=ward,
        number="05/KH-MTTQ",
        title="Kế hoạch của phường 1",
        year=2023,
        period_start=datetime.date(2023, 6, 1),
        period_end=datetime.date(2023, 12, 31),
    )
    lower.implements.set([implementing])
    return lower


def test_a_ward_plan_does_not_change_the_tally_of_its_committee(scenario):  # noqa: F811
    before = _tally("2023", "6", "--committee", "soc-trang")
    assert before != []
    _ward_plan(scenario.committee, scenario)
    assert _tally("2023", "6", "--committee", "soc-trang") == before
    assert _tally("2023", "6") == before


def test_a_ward_plan_is_never_the_committees_plan_of_the_year(scenario):  # noqa: F811
    committee = scenario.committee
    lower = _ward_plan(committee, scenario)
    assert plan_of_year(committee, 2023) == scenario
    assert plan_for(committee, datetime.date(2023, 7, 1)) == scenario
    assert plan_years(committee) == [2023]
    assert list(lower_plans(scenario)) == [lower]
    assert plan_of_unit(lower.issuing_unit, scenario) == lower
    assert not lower.is_committee_plan and scenario.is_committee_plan


def test_a_ward_plan_alone_gives_its_committee_no_plan_of_the_year(committee):
    city_plan = Plan.objects.create(
        committee=committee,
        issuing_unit=committee,
        title="Kế hoạch 2024",
        year=2024,
        period_start=datetime.date(2024, 1, 1),
        period_end=datetime.date(2024, 12, 31),
    )
    _ward_plan(committee, city_plan)
    assert plan_of_year(committee, 2023) is None
    assert plan_years(committee) == [2024]
