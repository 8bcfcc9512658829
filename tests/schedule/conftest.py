"""A 2023 plan of the test committee with the Sóc Trăng table's shape: month 3 belongs to Kế Sách
(``unit``), month 10 to Mỹ Tú (``other_unit``), month 12 to every quota unit."""

import datetime

import pytest

from portal import services as portal_services
from portal.models import Role
from schedule.models import ColumnMonth, Plan

PASSWORD = "a-Strong-passw0rd"


@pytest.fixture
def plan(committee, unit, other_unit) -> Plan:
    plan = Plan.objects.create(
        committee=committee,
        issuing_unit=committee,
        title="Kế hoạch thực hiện chuyên mục, chuyên trang năm 2023",
        year=2023,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
    )
    plan.quota_units.set([unit, other_unit])
    for month in range(1, 13):
        row = ColumnMonth.objects.create(plan=plan, month=month, topic=f"Chủ đề tháng {month}")
        if month == 3:
            row.units.set([unit])
            row.units_label = "Ủy ban MTTQVN huyện Kế Sách"
            row.save()
        elif month == 10:
            row.units.set([other_unit])
        elif month == 12:
            row.all_quota_units = True
            row.save()
    return plan


@pytest.fixture
def march(plan) -> ColumnMonth:
    return plan.column_months.get(month=3)


@pytest.fixture
def october(plan) -> ColumnMonth:
    return plan.column_months.get(month=10)


@pytest.fixture
def other_lead(other_unit):
    """The unit lead of Mỹ Tú."""
    return portal_services.account_create(
        username="olead", email="olead@example.com", role=Role.UNIT_LEAD, unit=other_unit, password=PASSWORD
    )
