"""Sầm Sơn city with two wards, a commune and a member organization, its plan of the year with the
seven forms and quarterly reports, and the people who use them. Sóc Trăng (the shared
``committee`` fixture) is the other committee that must see none of it."""

from __future__ import annotations

import datetime

import pytest

from portal import services
from portal.models import Role, Unit, User
from reports.seed import ensure_plan_forms
from schedule.models import Plan
from tests.conftest import PASSWORD

YEAR = 2023


def make_activity(plan: Plan, unit: Unit, code: str, day: datetime.date, **values):
    from reports.services import activity_record

    form = plan.activity_forms.get(code=code)
    values = {"date": day.isoformat(), **values}
    return activity_record(plan=plan, form=form, unit=unit, by=None, values=values, links=[])


@pytest.fixture
def city(db) -> Unit:
    return services.unit_create(
        code="sam-son", name="Ủy ban MTTQ Việt Nam thành phố Sầm Sơn", short_name="Sầm Sơn", kind=Unit.Kind.COMMITTEE
    )


def _child(city: Unit, code: str, name: str, kind: str, order: int) -> Unit:
    return services.unit_create(code=code, name=name, kind=kind, parent=city, sort_order=order)


@pytest.fixture
def ward(city: Unit) -> Unit:
    return _child(city, "bac-son-sam-son", "Ủy ban MTTQ phường Bắc Sơn", Unit.Kind.COMMUNE, 10)


@pytest.fixture
def other_ward(city: Unit) -> Unit:
    return _child(city, "trung-son-sam-son", "Ủy ban MTTQ phường Trung Sơn", Unit.Kind.COMMUNE, 20)


@pytest.fixture
def commune(city: Unit) -> Unit:
    return _child(city, "dai-hung-sam-son", "Ủy ban MTTQ xã Đại Hùng", Unit.Kind.COMMUNE, 30)


@pytest.fixture
def women(city: Unit) -> Unit:
    return _child(city, "hoi-lhpn-sam-son", "Hội Liên hiệp Phụ nữ thành phố", Unit.Kind.MEMBER_ORG, 40)


@pytest.fixture
def city_plan(city: Unit, ward: Unit, other_ward: Unit, commune: Unit, women: Unit) -> Plan:
    plan = Plan.objects.create(
        committee=city,
        issuing_unit=city,
        title="Kế hoạch thực hiện công tác thông tin tuyên truyền trong hệ thống MTTQ các cấp năm 2023",
        year=YEAR,
        period_start=datetime.date(YEAR, 1, 1),
        period_end=datetime.date(YEAR, 12, 31),
        quota_news=0,
        quota_articles=0,
    )
    ensure_plan_forms(plan)
    return plan


def _account(username: str, **fields) -> User:
    return services.account_create(username=username, email=f"{username}@example.com", password=PASSWORD, **fields)


@pytest.fixture
def ward_lead(ward: Unit) -> User:
    return _account("btt.bac-son-sam-son", role=Role.UNIT_LEAD, unit=ward)


@pytest.fixture
def ward_ctv(ward: Unit) -> User:
    return _account("ctv.bac-son-sam-son", role=Role.CORRESPONDENT, unit=ward)


@pytest.fixture
def other_ward_lead(other_ward: Unit) -> User:
    return _account("btt.trung-son-sam-son", role=Role.UNIT_LEAD, unit=other_ward)


@pytest.fixture
def city_propaganda(city: Unit) -> User:
    return _account("tuyengiao.sam-son", role=Role.PROPAGANDA, committee=city)


@pytest.fixture
def city_editor(city: Unit) -> User:
    return _account("bientap.sam-son", role=Role.EDITOR, committee=city)
