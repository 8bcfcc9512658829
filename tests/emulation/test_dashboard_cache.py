"""The dashboard's matrix, ranking and chart are a cached fragment (emulation/dashboard_cache.py): a
second view does not compute them again, and every change they show (an item published or taken
off, a month frozen or recomputed, the plan's quota units, a unit's name) shows at the next view."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from emulation.tasks import freeze_closed_tallies
from tests.conftest import PASSWORD
from tests.emulation.conftest import local, make_item

pytestmark = pytest.mark.django_db


def cell(client: Client, unit: str, month: str) -> str:
    html = client.get(reverse("emulation:dashboard"), {"year": 2023}).content.decode()
    found = re.search(rf'<td class="cell-\w+" data-unit="{unit}" data-month="{month}">\s*([^<]*)', html)
    return found.group(1).strip()


@pytest.fixture
def department(propaganda) -> Client:
    client = Client()
    client.force_login(propaganda)
    return client


def test_a_second_view_does_not_compute_the_matrix_again(department, scenario, django_assert_max_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as first:
        department.get(reverse("emulation:dashboard"), {"year": 2023})
    with CaptureQueriesContext(connection) as second:
        department.get(reverse("emulation:dashboard"), {"year": 2023})
    tables = lambda ctx: " ".join(q["sql"] for q in ctx.captured_queries)  # noqa: E731
    assert "schedule_plan_quota_units" in tables(first)
    assert "schedule_plan_quota_units" not in tables(second)  # no matrix: the fragment came from the cache


def test_unpublishing_an_item_through_the_review_page_changes_the_cached_matrix(
    department, editor, scenario, unit, alice
):
    assert cell(department, "ke-sach", "2023-01") == "2/1 ✓"
    item = make_item(unit, alice, submitted=local(2023, 1, 20))
    assert cell(department, "ke-sach", "2023-01") == "3/1 ✓"
    reviewer = Client()
    assert reviewer.login(username=editor.username, password=PASSWORD)
    response = reviewer.post(reverse("submissions:item_action", args=[item.pk, "unpublish"]), {"confirm": "1"})
    assert response.status_code == 302
    assert cell(department, "ke-sach", "2023-01") == "2/1 ✓"


def test_freezing_and_recomputing_a_month_change_the_cached_matrix(department, scenario, unit, alice):
    before = department.get(reverse("emulation:dashboard"), {"year": 2023}).content.decode()
    assert 'aria-label="Đã chốt"' not in before
    freeze_closed_tallies.delay(as_of="2023-04-06")
    assert 'aria-label="Đã chốt"' in department.get(reverse("emulation:dashboard"), {"year": 2023}).content.decode()
    make_item(unit, alice, submitted=local(2023, 3, 28), published=local(2023, 5, 2))
    assert "3/1" in department.get(reverse("emulation:dashboard"), {"year": 2023}).content.decode()  # "now 3/1"
    department.post(reverse("emulation:recompute"), {"year": 2023, "month": "2023-03", "reason": "Tính bù"})
    assert cell(department, "ke-sach", "2023-03").startswith("3/1")


def test_the_plans_quota_units_and_the_units_names_show_at_once(department, scenario, unit, other_unit):
    html = department.get(reverse("emulation:dashboard"), {"year": 2023}).content.decode()
    assert 'data-unit="my-tu"' in html
    scenario.quota_units.remove(other_unit)
    html = department.get(reverse("emulation:dashboard"), {"year": 2023}).content.decode()
    assert 'data-unit="my-tu"' not in html
    unit.short_name = "Huyện Kế Sách (tên mới)"
    unit.save()
    assert "Huyện Kế Sách (tên mới)" in department.get(reverse("emulation:dashboard"), {"year": 2023}).content.decode()
