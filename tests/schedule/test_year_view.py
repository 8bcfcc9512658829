"""The column schedule's year view, printed like the plan's table, and the home-page panels."""

import datetime

import pytest
from django.urls import reverse

from schedule.models import ColumnMonth, Plan
from schedule.panels import panels_for

pytestmark = pytest.mark.django_db


def year_page(client, user, year=2023) -> str:
    client.force_login(user)
    response = client.get(reverse("schedule:year_of", args=[year]))
    assert response.status_code == 200
    return response.content.decode()


def test_the_year_view_prints_the_plans_table_with_deadlines_and_states(client, alice, plan):
    html = year_page(client, alice)
    assert "Nội dung dự kiến" in html and "Đơn vị phối hợp thực hiện" in html
    assert "Chủ đề tháng 3" in html and "Ủy ban MTTQVN huyện Kế Sách" in html
    assert "03/03/2023" in html  # March's deadline, day first
    assert "04/08/2023" in html  # August: the 5th is a Saturday
    assert "Đề xuất" in html  # the state of the months
    assert "data-print" in html  # the print button (bound by portal/actions.js: no inline script)


def test_the_demo_plans_year_view_is_the_seed_table_word_for_word(client, demo):
    from portal.models import User

    html = year_page(client, User.objects.get(username="ctv.ke-sach"))
    assert "Một số kết quả nổi bật trong công tác Mặt trận năm 2023" in html
    assert "Ủy ban MTTQVN các huyện, thị xã, thành phố" in html
    assert html.count("Đã thực hiện") == 2
    plan = Plan.objects.get(committee__code="soc-trang", year=2023)
    assert plan.column_months.filter(state=ColumnMonth.State.AIRED).count() == 2


def test_the_year_view_stays_within_a_constant_query_budget(
    client, propaganda, lead, unit, other_unit, plan, django_assert_max_num_queries
):
    from schedule import services

    # Every month registered and with several units: the page must not query per month or unit.
    for month in plan.column_months.all():
        month.units.set([unit, other_unit])
        services.column_month_register(month=month, unit=unit, by=lead, proposed_topic="Đề xuất")
    client.force_login(propaganda)
    with django_assert_max_num_queries(14):
        assert client.get(reverse("schedule:year_of", args=[2023])).status_code == 200


def test_a_year_without_a_plan_says_so(client, alice, plan):
    assert "Chưa có kế hoạch" in year_page(client, alice, year=2031)


def test_another_committees_schedule_is_not_shown(client, plan):
    from portal import services
    from portal.models import Role, Unit

    sam_son = services.unit_create(code="sam-son", name="Ủy ban MTTQ thành phố Sầm Sơn", kind=Unit.Kind.COMMITTEE)
    outsider = services.account_create(
        username="ss", email="ss@example.com", role=Role.PROPAGANDA, committee=sam_son, password="x-Strong-pass1"
    )
    assert "Chủ đề tháng 3" not in year_page(client, outsider)


def test_a_unit_sees_its_own_months_and_next_deadline_on_its_home_page(lead, plan):
    (panel,) = panels_for(lead, today=datetime.date(2023, 2, 28))
    assert [row.month.month for row in panel.context["rows"]] == [3, 12]
    assert panel.context["upcoming"].deadline == datetime.date(2023, 3, 3)
    assert panel.context["needs_attention"]
    (later,) = panels_for(lead, today=datetime.date(2023, 6, 1))
    assert later.context["upcoming"].month.month == 12 and not later.context["needs_attention"]


def test_the_home_page_shows_the_units_months(client, lead, plan):
    from django.utils import timezone

    plan.year = timezone.localdate().year  # the home page shows this year's months
    plan.save()
    client.force_login(lead)
    html = client.get(reverse("home:home")).content.decode()
    assert 'id="panel-column-schedule"' in html
    assert reverse("schedule:month_detail", args=[plan.column_months.get(month=3).pk]) in html


def test_the_department_gets_a_panel_and_editors_none(propaganda, editor, plan):
    assert panels_for(propaganda, today=datetime.date(2023, 3, 1))[0].context["upcoming"].month.month == 3
    assert panels_for(editor, today=datetime.date(2023, 3, 1)) == []


def test_the_navigation_links_the_column_schedule_and_the_plans(client, propaganda, alice, plan):
    client.force_login(propaganda)
    html = client.get(reverse("home:home")).content.decode()
    assert f'href="{reverse("schedule:year")}"' in html and f'href="{reverse("schedule:plan_list")}"' in html
    client.force_login(alice)
    html = client.get(reverse("home:home")).content.decode()
    assert f'href="{reverse("schedule:year")}"' in html and f'href="{reverse("schedule:plan_list")}"' not in html
