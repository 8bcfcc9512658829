"""Rule 5 on the home page: registering for the column month and appointing staff are what only the
unit's lead does ("Chủ động đăng ký và cử cán bộ"), so the lead's home offers them with the unit's
registration and staff per month; a correspondent's home names who does it instead."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from portal import services as portal_services
from portal.models import Role
from schedule.models import ColumnStaff

pytestmark = pytest.mark.django_db


@pytest.fixture
def this_year(plan):
    plan.year = timezone.localdate().year  # the home page shows this year's months
    plan.save()
    return plan


def home(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("home:home"), HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 200
    return response.content.decode()


def test_the_leads_home_offers_registering_and_appointing_for_each_month_not_aired(client, lead, this_year):
    march = this_year.column_months.get(month=3)
    html = home(client, lead)
    detail = reverse("schedule:month_detail", args=[march.pk])
    assert f'href="{detail}#register"' in html and f'href="{detail}#appoint"' in html
    assert "Đăng ký cho đơn vị" in html and "Chưa cử cán bộ nào." in html
    assert "do Ban Thường trực đơn vị thực hiện" not in html


def test_the_leads_home_shows_the_units_registration_and_staff(client, lead, alice, this_year):
    march = this_year.column_months.get(month=3)
    client.force_login(lead)
    client.post(reverse("schedule:month_register", args=[march.pk]), {"proposed_topic": ""})
    client.post(reverse("schedule:staff_add", args=[march.pk]), {"name": "Nguyễn Văn A", "user": alice.pk})
    client.post(reverse("schedule:staff_add", args=[march.pk]), {"name": "Lê Thị B"})
    html = home(client, lead)
    detail = reverse("schedule:month_detail", args=[march.pk])
    assert f'href="{detail}#register"' not in html  # registered already
    assert f'href="{detail}#appoint"' in html and "đã cử 2 cán bộ" in html


def test_a_correspondents_home_names_who_registers_instead_of_offering_it(client, alice, lead, this_year):
    lead.first_name, lead.last_name = "Lâm", "Trần Văn"
    lead.save()
    html = home(client, alice)
    assert "#register" not in html and "#appoint" not in html and "Đăng ký cho đơn vị" not in html
    assert "do Ban Thường trực đơn vị thực hiện:" in html and f"<strong>{lead}</strong>" in html
    # The months are still listed, with their links.
    assert reverse("schedule:month_detail", args=[this_year.column_months.get(month=3).pk]) in html


def test_a_correspondent_of_a_unit_without_a_lead_is_told_so(client, alice, this_year):
    html = home(client, alice)
    assert "đơn vị chưa có tài khoản Ban Thường trực" in html


def test_the_unit_panels_queries_do_not_grow_with_months_registrations_or_staff(client, lead, alice, unit, this_year):
    def queries(user) -> int:
        client.force_login(user)
        client.get(reverse("home:home"))  # the first request after signing in does some once-only work
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse("home:home")).status_code == 200
        return len(captured)

    before = {"lead": queries(lead), "alice": queries(alice)}
    for number in (4, 5, 6, 7):
        month = this_year.column_months.get(month=number)
        month.units.add(unit)
        client.force_login(lead)
        client.post(reverse("schedule:month_register", args=[month.pk]), {"proposed_topic": ""})
        for n in range(3):
            ColumnStaff.objects.create(
                column_month=month, unit=unit, name=f"Cán bộ {n}", appointed_at=timezone.now(), appointed_by=lead
            )
    for n in range(3):
        portal_services.account_create(
            username=f"lead{n}", email=f"lead{n}@example.com", role=Role.UNIT_LEAD, unit=unit, password="x-Strong-pass1"
        )
    assert {"lead": queries(lead), "alice": queries(alice)} == before
