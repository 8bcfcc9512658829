"""Staff of one committee never see another committee's reports or activities; a ward never sees
another ward's."""

import datetime

import pytest

from reports import services
from reports.periods import QUARTERLY, Period
from tests.reports.conftest import make_activity

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(city_plan, ward, ward_lead):
    activity = make_activity(
        city_plan, ward, "good_example", datetime.date(2023, 5, 2), name="Mô hình", description="x"
    )
    report = services.report_open(plan=city_plan, unit=ward, period=Period(2023, QUARTERLY, 2), by=ward_lead)
    services.report_act(report=report, by=ward_lead, action="submit")
    return activity, report


def test_the_other_committees_department_sees_nothing_of_the_city(client, records, propaganda):
    activity, report = records
    client.force_login(propaganda)  # Sóc Trăng's propaganda department
    assert client.get(f"/reports/activities/{activity.pk}/").status_code == 404
    assert client.get(f"/reports/reports/{report.pk}/").status_code == 404
    assert client.post(f"/reports/reports/{report.pk}/do/accept/").status_code == 404
    assert client.get("/reports/compilation.xlsx?year=2023").status_code == 404
    report.refresh_from_db()
    assert report.state == "submitted"


def test_another_ward_sees_neither_the_activity_nor_the_report(client, records, other_ward_lead):
    activity, report = records
    client.force_login(other_ward_lead)
    assert client.get(f"/reports/activities/{activity.pk}/").status_code == 404
    assert client.get(f"/reports/reports/{report.pk}/").status_code == 404
    assert "Mô hình" not in client.get("/reports/activities/?year=2023").content.decode()


def test_the_city_department_and_editors_read_them(client, records, city_propaganda, city_editor):
    activity, report = records
    for user in (city_propaganda, city_editor):
        client.force_login(user)
        assert client.get(f"/reports/activities/{activity.pk}/").status_code == 200
        assert client.get(f"/reports/reports/{report.pk}/").status_code == 200


def test_a_ward_cannot_decide_on_its_own_report_nor_open_the_city_pages(client, records, ward_lead):
    _activity, report = records
    client.force_login(ward_lead)
    client.post(f"/reports/reports/{report.pk}/do/accept/")
    report.refresh_from_db()
    assert report.state == "submitted"
    for url in ("/reports/inbox/", "/reports/settings/", "/reports/compilation/", "/reports/ward-plans/"):
        assert client.get(url).status_code == 403, url


def test_an_editor_of_the_city_cannot_decide_on_reports(client, records, city_editor):
    _activity, report = records
    client.force_login(city_editor)
    client.post(f"/reports/reports/{report.pk}/do/accept/")
    report.refresh_from_db()
    assert report.state == "submitted"
