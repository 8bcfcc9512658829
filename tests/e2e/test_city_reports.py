# ruff: noqa: F811 - the fixtures of tests/reports are imported by name
"""The Sầm Sơn report cycle in a real browser: on a phone, a ward's lead records a seminar and a
loudspeaker period and files the quarterly report; the city (desktop) returns it with a comment;
the ward corrects and resubmits; the city accepts and downloads the compilation, whose .xlsx and
.docx totals equal the records."""

import io

import pytest
from docx import Document
from openpyxl import load_workbook

from reports.models import Activity, Report
from tests.e2e.browser import chromium_page
from tests.e2e.conftest import sign_in
from tests.reports.conftest import (  # noqa: F401 - fixtures used by name
    city,
    city_plan,
    city_propaganda,
    commune,
    other_ward,
    ward,
    ward_lead,
    women,
)

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}
COMMENT = "Đề nghị bổ sung số đoàn viên, hội viên tham gia giám sát."


def _record_seminar(page, base):
    page.goto(f"{base}/reports/activities/new/seminar/")
    page.fill("#id_date", "2023-08-15")
    page.fill("#id_place", "Hội trường phường Bắc Sơn")
    page.fill("#id_topic", "Nghị quyết số 07-NQ/TU về phát triển thành phố Sầm Sơn")
    page.fill("#id_organizer", "Ban Thường trực UB MTTQ phường")
    page.fill("#id_experts", "Lê Văn C, Báo cáo viên Thành ủy")
    page.fill("#id_attendance", "85")
    page.select_option("#id_broadcast", "Loa phát thanh phường, xã")
    page.click("button[type=submit][value=save]")
    page.wait_for_selector("#facts")


def _record_loudspeakers(page, base):
    page.goto(f"{base}/reports/activities/new/loudspeakers/")
    page.fill("#id_period_from", "2023-09-01")
    page.fill("#id_date", "2023-09-30")
    page.fill("#id_broadcasts", "24")
    page.fill("#id_minutes", "360")
    page.fill("#id_content", "Tuyên truyền Nghị quyết Đại hội XIII")
    page.click("button[type=submit][value=save]")
    page.wait_for_selector("#facts")


def _download(page, selector: str) -> bytes:
    with page.expect_download() as info:
        page.click(selector)
    return open(info.value.path(), "rb").read()


def test_a_ward_report_goes_to_the_city_and_back_and_into_the_compilation(
    live_server,
    city_plan,
    ward_lead,
    city_propaganda,
    other_ward,
    commune,
    women,
):
    base = live_server.url
    with chromium_page(mobile=True) as page:
        # The ward's lead, on a phone.
        sign_in(page, base, "btt.bac-son-sam-son")
        _record_seminar(page, base)
        _record_loudspeakers(page, base)
        page.goto(f"{base}/reports/reports/")
        page.click("[data-period='2023-Q3'] button[type=submit]")
        page.wait_for_selector("#report-form")
        report_url = page.url
        assert page.inner_text("[data-form='seminar'] .count") == "1"
        assert page.inner_text("[data-form='loudspeakers'] .count") == "1"
        page.fill("#id_results", "Tổ chức 1 buổi tọa đàm và 1 đợt phát loa.")
        page.fill("#id_mobilised_count", "30")
        page.fill("#id_ideological_situation", "Cán bộ, hội viên phấn khởi.")
        page.click("[data-action=submit]")
        page.wait_for_selector(".state-submitted")

        # The city, on a desktop, returns it with a comment.
        page.set_viewport_size(DESKTOP)
        sign_in(page, base, "tuyengiao.sam-son")
        page.goto(f"{base}/reports/inbox/?period=2023-Q3")
        page.click("[data-unit='bac-son-sam-son'] a")
        page.fill("#id_comment", COMMENT)
        page.click("[data-action=return]")
        page.wait_for_selector(".state-returned")

        # The ward sees the comment, corrects and resubmits.
        page.set_viewport_size(PHONE)
        sign_in(page, base, "btt.bac-son-sam-son")
        page.goto(report_url)
        assert COMMENT in page.inner_text("#return-comment")
        page.fill("#id_mobilisation", "30 hội viên tham gia giám sát thực hiện quy chế dân chủ.")
        page.click("[data-action=resubmit]")
        page.wait_for_selector(".state-submitted")

        # The city accepts it and downloads the compilation.
        page.set_viewport_size(DESKTOP)
        sign_in(page, base, "tuyengiao.sam-son")
        page.goto(report_url)
        page.click("[data-action=accept]")
        page.wait_for_selector(".state-accepted")
        page.goto(f"{base}/reports/compilation/?period=2023-Q3")
        assert page.inner_text("#grand-total") == "2"
        xlsx = _download(page, "#export-xlsx")
        docx = _download(page, "#export-docx")

    activities = Activity.objects.filter(unit=ward_lead.unit)
    assert activities.count() == 2
    report = Report.objects.get()
    assert report.state == "accepted"
    assert list(report.transitions.values_list("action", flat=True)) == ["submit", "return", "resubmit", "accept"]
    assert report.transitions.get(action="return").comment == COMMENT

    sheet = load_workbook(io.BytesIO(xlsx))["Theo hình thức"]
    by_form = {row[1]: row[2] for row in sheet.iter_rows(min_row=5, values_only=True) if row[1]}
    assert by_form["Tọa đàm, diễn đàn"] == 1 and by_form["Loa phát thanh phường, xã"] == 1
    assert by_form["Tổng cộng"] == activities.count()

    doc = Document(io.BytesIO(docx))
    rows = {r.cells[1].text.split(" (")[0]: r.cells[2].text for r in doc.tables[1].rows[1:]}
    assert rows["Tọa đàm, diễn đàn"] == "1" and rows["Loa phát thanh phường, xã"] == "1"
    assert rows["Tổng cộng"] == "2"
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in doc.tables[0].rows[0].cells[1].text
