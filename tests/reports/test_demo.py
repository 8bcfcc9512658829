"""The Sầm Sơn demo: ward plans, activities of every form and reports in every state, loaded once;
skipped without a word of error when the city's units are not there yet."""

import datetime

import pytest

from portal import services
from portal.models import Notification, Role, Unit
from reports.demo import COMMUNES, MEMBER_ORGS, WARDS, load_city_demo
from reports.models import Activity, Report
from reports.periods import parse_key
from reports.selectors import compile_period
from schedule.models import Plan
from schedule.selectors import plan_of_year

pytestmark = pytest.mark.django_db


@pytest.fixture
def sam_son(db) -> Plan:
    """The units and accounts the portal's demo creates for Sầm Sơn (made here for the test)."""
    city = services.unit_create(code="sam-son", name="Ủy ban MTTQ Việt Nam thành phố Sầm Sơn", kind=Unit.Kind.COMMITTEE)
    for i, code in enumerate(WARDS + COMMUNES + MEMBER_ORGS):
        kind = Unit.Kind.MEMBER_ORG if code in MEMBER_ORGS else Unit.Kind.COMMUNE
        unit = services.unit_create(code=code, name=f"Đơn vị {code}", kind=kind, parent=city, sort_order=i)
        services.account_create(username=f"btt.{code}", email=f"{code}@example.com", role=Role.UNIT_LEAD, unit=unit)
    services.account_create(username="tuyengiao.sam-son", email="tg@example.com", role=Role.PROPAGANDA, committee=city)
    return Plan.objects.create(
        committee=city,
        issuing_unit=city,
        title="Kế hoạch thực hiện công tác thông tin tuyên truyền trong hệ thống MTTQ các cấp năm 2023",
        year=2023,
        period_start=datetime.date(2023, 6, 1),
        period_end=datetime.date(2023, 12, 31),
    )


def test_the_demo_fills_the_city_chain_once(sam_son):
    assert load_city_demo() is True
    activities = Activity.objects.count()
    assert load_city_demo() is False and Activity.objects.count() == activities
    assert set(Activity.objects.values_list("form__code", flat=True)) == {
        "seminar", "radio_tv", "loudspeakers", "rebuttal", "prize_promotion", "prize_entry", "good_example"
    }  # fmt: skip
    assert set(Report.objects.values_list("state", flat=True)) == {"draft", "submitted", "returned", "accepted"}
    assert Plan.objects.lower_level().filter(implements=sam_son).count() == 4
    assert plan_of_year(sam_son.committee, 2023) == sam_son
    c = compile_period(sam_son, parse_key("2023-Q3"), today=datetime.date(2024, 1, 1))
    assert c.missing_units and c.reported_units and c.grand_total == sum(line.total for line in c.lines)
    # The demo's history notifies nobody.
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_the_demo_is_skipped_when_the_city_is_not_there(db):
    assert load_city_demo(quiet=False) is False
    assert not Activity.objects.exists()


def test_the_demo_fits_a_city_plan_that_starts_later(sam_son):
    sam_son.period_start = datetime.date(2023, 8, 1)
    sam_son.save(update_fields=["period_start"])
    assert load_city_demo() is True
    assert Activity.objects.filter(occurred_on__lt=datetime.date(2023, 8, 1)).count() == 0
    assert set(Report.objects.values_list("period_key", flat=True)) <= {"2023-Q3", "2023-Q4"}
