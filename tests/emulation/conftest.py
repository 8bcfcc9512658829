"""A 2023 plan with three quota units and items worked out by hand.

Kế Sách (``unit``), Mỹ Tú (``other_unit``) and Châu Thành, which merged into Mỹ Tú on 15/06/2023,
carry the plan's quota of 2 news items and 1 article a month. ``scenario`` builds:

| unit       | month | published news | published articles | points (max 3) |
| ---------- | ----- | -------------- | ------------------ | -------------- |
| Kế Sách    | 01    | 2              | 1                  | 3 (met)        |
| Kế Sách    | 02    | 3              | 0                  | 2              |
| Kế Sách    | 03    | 2 (one sent 31/03 23:30, published 01/04) | 1 | 3 (met) |
| Mỹ Tú      | 01    | 1              | 1                  | 2              |
| Mỹ Tú      | 04    | 2              | 2                  | 3 (met)        |
| Châu Thành | 01    | 2              | 1                  | 3 (met)        |
| Châu Thành | 06    | 2              | 1                  | 3 (met)        |

plus, in March for Kế Sách, a rejected news item, an unpublished article and a draft, which do
not count. Scores: Kế Sách 8/36, Mỹ Tú 5/36, Châu Thành 6/18 (it existed January to June).
"""

from __future__ import annotations

import datetime
import itertools
from zoneinfo import ZoneInfo

import pytest

from portal import services
from portal.models import Unit, User
from schedule.models import Plan
from submissions.models import Submission

TZ = ZoneInfo("Asia/Ho_Chi_Minh")
_counter = itertools.count()


def local(year: int, month: int, day: int, hour: int = 9, minute: int = 0) -> datetime.datetime:
    return datetime.datetime(year, month, day, hour, minute, tzinfo=TZ)


def make_item(
    unit: Unit,
    author: User,
    *,
    kind: str = Submission.Kind.NEWS,
    submitted: datetime.datetime,
    state: str = Submission.State.PUBLISHED,
    published: datetime.datetime | None = None,
    title: str | None = None,
) -> Submission:
    """An item as the submissions workflow leaves it: quota_month is the local month of first submission."""
    if published is None and state in (Submission.State.PUBLISHED, Submission.State.UNPUBLISHED):
        published = submitted + datetime.timedelta(days=1)
    local_day = submitted.astimezone(TZ).date()
    return Submission.objects.create(
        committee=unit.committee,
        unit=unit,
        author=author,
        kind=kind,
        title=title or f"{kind} {next(_counter)} of {unit.code}",
        state=state,
        first_submitted_at=submitted,
        quota_month=local_day.replace(day=1),
        published_at=published,
    )


@pytest.fixture
def merged_unit(committee: Unit) -> Unit:
    return services.unit_create(
        code="chau-thanh",
        name="Ủy ban MTTQ Việt Nam huyện Châu Thành",
        kind=Unit.Kind.DISTRICT,
        parent=committee,
        carries_quota=True,
        sort_order=30,
    )


@pytest.fixture
def plan(committee: Unit, unit: Unit, other_unit: Unit, merged_unit: Unit) -> Plan:
    unit.sort_order, other_unit.sort_order = 10, 20
    unit.save(update_fields=["sort_order"])
    other_unit.save(update_fields=["sort_order"])
    plan = Plan.objects.create(
        committee=committee,
        number="01/KH-MTTQ",
        title="Kế hoạch thông tin tuyên truyền năm 2023",
        year=2023,
        period_start=datetime.date(2023, 1, 1),
        period_end=datetime.date(2023, 12, 31),
    )
    plan.quota_units.set([unit, other_unit, merged_unit])
    return plan


@pytest.fixture
def scenario(plan: Plan, unit: Unit, other_unit: Unit, merged_unit: Unit, alice: User, charlie: User) -> Plan:
    N, A = Submission.Kind.NEWS, Submission.Kind.ARTICLE
    # Kế Sách
    for kind in (N, N, A):
        make_item(unit, alice, kind=kind, submitted=local(2023, 1, 10))
    for kind in (N, N, N):
        make_item(unit, alice, kind=kind, submitted=local(2023, 2, 8))
    make_item(unit, alice, kind=N, submitted=local(2023, 3, 2))
    make_item(unit, alice, kind=A, submitted=local(2023, 3, 20))
    make_item(
        unit,
        alice,
        kind=N,
        submitted=local(2023, 3, 31, 23, 30),
        published=local(2023, 4, 1, 8, 0),
        title="Sent on the last evening of March",
    )
    make_item(unit, alice, kind=N, submitted=local(2023, 3, 5), state=Submission.State.REJECTED)
    make_item(unit, alice, kind=A, submitted=local(2023, 3, 6), state=Submission.State.UNPUBLISHED)
    make_item(unit, alice, kind=N, submitted=local(2023, 3, 7), state=Submission.State.SUBMITTED)
    # Mỹ Tú
    make_item(other_unit, charlie, kind=N, submitted=local(2023, 1, 12))
    make_item(other_unit, charlie, kind=A, submitted=local(2023, 1, 13))
    for kind in (N, N, A, A):
        make_item(other_unit, charlie, kind=kind, submitted=local(2023, 4, 3))
    # Châu Thành, merged into Mỹ Tú on 15/06/2023: scored over January to June.
    for month in (1, 6):
        for kind in (N, N, A):
            make_item(merged_unit, charlie, kind=kind, submitted=local(2023, month, 3))
    services.unit_merge(unit=merged_unit, into=other_unit, on=datetime.date(2023, 6, 15))
    return plan
