"""The home page tells a ward what its reports need and the city what waits for it."""

import pytest

from reports import services
from reports.periods import QUARTERLY, Period

pytestmark = pytest.mark.django_db


def test_a_ward_sees_its_returned_report_and_its_missing_plan(client, city_plan, ward, ward_lead, city_propaganda):
    report = services.report_open(plan=city_plan, unit=ward, period=Period(2023, QUARTERLY, 1), by=ward_lead)
    services.report_act(report=report, by=ward_lead, action="submit")
    services.report_act(report=report, by=city_propaganda, action="return", comment="Bổ sung")
    client.force_login(ward_lead)
    page = client.get("/home/").content.decode()
    panel = page[page.index('id="panel-reports"') :]
    assert "Thành phố trả lại báo cáo kỳ 2023-Q1" in panel
    assert "Đơn vị chưa nhập kế hoạch" in panel


def test_the_city_sees_how_many_reports_wait(client, city_plan, ward, ward_lead, city_propaganda):
    report = services.report_open(plan=city_plan, unit=ward, period=Period(2023, QUARTERLY, 2), by=ward_lead)
    services.report_act(report=report, by=ward_lead, action="submit")
    client.force_login(city_propaganda)
    page = client.get("/home/").content.decode()
    assert "1 báo cáo đang chờ xử lý." in page and "0/4 đơn vị đã ban hành kế hoạch." in page


def test_other_committees_see_no_reports_panel(client, city_plan, propaganda):
    client.force_login(propaganda)
    assert 'id="panel-reports"' not in client.get("/home/").content.decode()
