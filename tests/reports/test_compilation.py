"""The city's compilation (rule 8: "theo dõi, tổng hợp kết quả chung", docs/rules.md) against a
fixture worked out by hand, and its two exports.

Quarter 3 of 2023 (quarterly reports, due 5 October):

| unit        | seminar (attendance) | loudspeakers (broadcasts, minutes) | rebuttal (participants) | report    |
| ----------- | -------------------- | ---------------------------------- | ----------------------- | --------- |
| Bắc Sơn     | 2 (80 + 40)          | 1 (20, 300)                        | 0                       | accepted  |
| Trung Sơn   | 0                    | 2 (10, 100; 5, 60)                 | 1 (35)                  | submitted |
| Đại Hùng    | 1 (50)               | 0                                  | 0                       | draft     |
| Hội LHPN    | 0                    | 0                                  | 0                       | none      |

plus a Bắc Sơn seminar on 1 October (quarter 4) that does not count. Totals: seminar 3
(attendance 170), loudspeakers 3 (35 broadcasts, 460 minutes), rebuttal 1 (35), all forms 7.
Not reported: Đại Hùng (a draft is not filed) and Hội LHPN.
"""

import datetime
import io

import pytest
from docx import Document
from openpyxl import load_workbook

from reports import services
from reports.periods import QUARTERLY, Period, parse_key
from reports.selectors import compile_period
from schedule.recipients import parse
from schedule.services import plan_recipients_set
from tests.reports.conftest import make_activity

pytestmark = pytest.mark.django_db
D = datetime.date
Q3 = Period(2023, QUARTERLY, 3)


def _seminar(plan, unit, day, attendance):
    make_activity(plan, unit, "seminar", day, place="p", topic="t", organizer="o", attendance=attendance,
                  broadcast="Không phát sóng")  # fmt: skip


def _loud(plan, unit, day, broadcasts, minutes):
    make_activity(plan, unit, "loudspeakers", day, period_from=day.isoformat(), broadcasts=broadcasts,
                  minutes=minutes, content="c")  # fmt: skip


@pytest.fixture
def quarter(city_plan, ward, other_ward, commune, women, ward_lead, other_ward_lead, city_propaganda):
    plan = city_plan
    _seminar(plan, ward, D(2023, 7, 3), 80)
    _seminar(plan, ward, D(2023, 9, 28), 40)
    _loud(plan, ward, D(2023, 8, 31), 20, 300)
    _loud(plan, other_ward, D(2023, 7, 31), 10, 100)
    _loud(plan, other_ward, D(2023, 9, 30), 5, 60)
    make_activity(plan, other_ward, "rebuttal", D(2023, 8, 20), platform="Facebook", kind="Bình luận", participants=35)
    _seminar(plan, commune, D(2023, 8, 8), 50)
    _seminar(plan, ward, D(2023, 10, 1), 99)
    accepted = services.report_open(plan=plan, unit=ward, period=Q3, by=ward_lead)
    services.report_update(
        report=accepted, by=ward_lead, data={"results": '=HYPERLINK("http://x")', "proposals": "Hỗ trợ loa"}
    )
    services.report_act(report=accepted, by=ward_lead, action="submit")
    services.report_act(report=accepted, by=city_propaganda, action="accept")
    submitted = services.report_open(plan=plan, unit=other_ward, period=Q3, by=other_ward_lead)
    services.report_update(report=submitted, by=other_ward_lead, data={"difficulties": "Thiếu kinh phí"})
    services.report_act(report=submitted, by=other_ward_lead, action="submit")
    services.report_open(plan=plan, unit=commune, period=Q3, by=None)
    plan_recipients_set(
        plan=plan,
        by=city_propaganda,
        recipients=parse("- Ban Thường trực UB MTTQ tỉnh(b/c);\n- Thường trực Thành ủy (b/c);\n- Lưu MTTQ thành phố."),
    )
    return plan


def test_the_compilation_matches_the_hand_computed_quarter(quarter):
    c = compile_period(quarter, Q3, today=D(2023, 10, 10))
    totals = {t.form.code: (t.count, dict(t.sums)) for t in c.form_totals}
    assert totals["seminar"] == (3, {"Số người dự": 170})
    assert totals["loudspeakers"] == (3, {"Số lần phát": 35, "Tổng thời lượng (phút)": 460})
    assert totals["rebuttal"] == (
        1,
        {"Số cán bộ, đoàn viên, hội viên tham gia": 35, "Số nội dung xấu, độc đã báo cáo": 0},
    )
    assert c.grand_total == 7
    by_unit = {line.unit.code: line.total for line in c.lines}
    assert by_unit == {"bac-son-sam-son": 3, "trung-son-sam-son": 3, "dai-hung-sam-son": 1, "hoi-lhpn-sam-son": 0}
    assert [line.unit.code for line in c.missing_units] == ["dai-hung-sam-son", "hoi-lhpn-sam-son"]
    assert {r.unit.code for r in c.narratives} == {"bac-son-sam-son", "trung-son-sam-son"}


def test_a_yearly_compilation_expects_every_quarter(quarter):
    c = compile_period(quarter, parse_key("2023-Y"), today=D(2024, 1, 10))
    assert c.grand_total == 8
    ward_line = next(line for line in c.lines if line.unit.code == "bac-son-sam-son")
    assert [p.key for p in ward_line.missing] == ["2023-Q1", "2023-Q2", "2023-Q4"]


def test_the_page_lists_the_units_that_have_not_reported(client, quarter, city_propaganda):
    client.force_login(city_propaganda)
    page = client.get("/reports/compilation/?year=2023&period=2023-Q3").content.decode()
    assert 'id="grand-total">7<' in page
    missing = page[page.index('id="missing"') :]
    assert "Đại Hùng" in missing and "Hội Liên hiệp Phụ nữ" in missing and "Bắc Sơn" not in missing[:400]


def test_the_workbook_holds_the_same_numbers_and_no_formula(client, quarter, city_propaganda):
    client.force_login(city_propaganda)
    response = client.get("/reports/compilation.xlsx?year=2023&period=2023-Q3")
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    wb = load_workbook(io.BytesIO(response.content))
    forms = {row[1]: row[2] for row in wb["Theo hình thức"].iter_rows(min_row=5, values_only=True) if row[1]}
    assert forms["Tọa đàm, diễn đàn"] == 3 and forms["Loa phát thanh phường, xã"] == 3 and forms["Tổng cộng"] == 7
    units = {row[1]: row for row in wb["Theo đơn vị"].iter_rows(min_row=2, values_only=True)}
    assert units["Ủy ban MTTQ phường Bắc Sơn"][-2] == 3 and units["Tổng cộng"][-2] == 7
    # What the ward typed is shown as typed, as text that no spreadsheet runs.
    [typed] = [
        c for row in wb["Nội dung báo cáo"].iter_rows(min_row=2) for c in row if c.value == '=HYPERLINK("http://x")'
    ]
    assert typed.data_type == "s" and typed.quotePrefix
    assert all(c.data_type != "f" for ws in wb.worksheets for row in ws.iter_rows() for c in row)


def test_the_word_report_is_an_administrative_document_with_the_figures_and_recipients(
    client, quarter, city_propaganda
):
    client.force_login(city_propaganda)
    response = client.get("/reports/compilation.docx?year=2023&period=2023-Q3")
    assert response.status_code == 200
    doc = Document(io.BytesIO(response.content))
    header = doc.tables[0].rows[0].cells
    assert "ỦY BAN MTTQ VIỆT NAM THÀNH PHỐ SẦM SƠN" in header[0].text and "Số:" in header[0].text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text
    assert "Độc lập - Tự do - Hạnh phúc" in header[1].text and "Sầm Sơn, ngày" in header[1].text
    text = "\n".join(p.text for p in doc.paragraphs)
    assert "BÁO CÁO" in text and "quý III năm 2023" in text
    by_form = {row.cells[1].text.split(" (")[0]: row.cells[2].text for row in doc.tables[1].rows[1:]}
    assert by_form["Tọa đàm, diễn đàn"] == "3" and by_form["Loa phát thanh phường, xã"] == "3"
    assert by_form["Tổng cộng"] == "7"
    assert "Ủy ban MTTQ xã Đại Hùng" in text  # not reported
    footer = doc.tables[-1].rows[0].cells
    assert "Nơi nhận:" in footer[0].text
    assert "Ban Thường trực UB MTTQ tỉnh (b/c)" in footer[0].text and "Thường trực Thành ủy (b/c)" in footer[0].text
    assert "Lưu MTTQ thành phố" not in footer[0].text  # not a "(b/c)" recipient
    assert "TM. BAN THƯỜNG TRỰC" in footer[1].text


def test_the_compilation_reads_in_a_few_queries_whatever_the_number_of_units(quarter, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        compile_period(quarter, Q3, today=D(2023, 10, 10))
