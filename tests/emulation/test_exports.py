"""The Excel export and the printable page hold the same numbers as the dashboard."""

from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from emulation.tasks import freeze_closed_tallies

pytestmark = pytest.mark.django_db

FIRST_MONTH_COLUMN, MONTH_COLUMNS, FIRST_DATA_ROW = 3, 4, 5


def _export(client, user):
    client.force_login(user)
    matrix = client.get(reverse("emulation:dashboard"), {"year": 2023}).context["matrix"]
    response = client.get(reverse("emulation:export_xlsx"), {"year": 2023})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return matrix, load_workbook(BytesIO(response.content))


def test_the_workbook_has_a_matrix_and_a_ranking_sheet_with_vietnamese_headers(client, propaganda, scenario):
    _matrix, wb = _export(client, propaganda)
    assert wb.sheetnames == ["Ma trận", "Xếp hạng"]
    matrix_sheet, ranking_sheet = wb["Ma trận"], wb["Xếp hạng"]
    assert "2023" in matrix_sheet["A1"].value and "Sóc Trăng" in matrix_sheet["A1"].value
    assert matrix_sheet.cell(row=3, column=2).value == "Đơn vị"
    assert [matrix_sheet.cell(row=4, column=c).value for c in range(3, 7)] == ["Tin", "Bài", "Đạt chỉ tiêu", "Đã chốt"]
    assert [c.value for c in ranking_sheet[3]][:5] == ["Hạng", "Đơn vị", "Điểm đạt", "Điểm tối đa", "Tỷ lệ (%)"]


def test_the_matrix_sheet_holds_the_pages_numbers_as_numbers(client, propaganda, scenario):
    freeze_closed_tallies.delay(as_of="2023-04-06")
    matrix, wb = _export(client, propaganda)
    ws = wb["Ma trận"]
    for r, row in enumerate(matrix.rows):
        excel_row = FIRST_DATA_ROW + r
        assert ws.cell(row=excel_row, column=2).value == row.unit.name
        for i, cell in enumerate(row.cells):
            column = FIRST_MONTH_COLUMN + i * MONTH_COLUMNS
            values = [ws.cell(row=excel_row, column=column + k).value for k in range(4)]
            if cell.shown:
                assert values[:2] == [cell.news, cell.articles]
                assert isinstance(values[0], int)
                assert values[2] == ("Có" if cell.compliant else "Không")
                assert values[3] == ("Có" if cell.frozen else None)
            else:
                assert values == [None, None, None, None]
        totals_column = FIRST_MONTH_COLUMN + len(matrix.months) * MONTH_COLUMNS
        assert ws.cell(row=excel_row, column=totals_column).value == row.total_news
        assert ws.cell(row=excel_row, column=totals_column + 1).value == row.total_articles
    totals_row = FIRST_DATA_ROW + len(matrix.rows)
    assert ws.cell(row=totals_row, column=FIRST_MONTH_COLUMN).value == matrix.month_totals[0].news == 5
    # Châu Thành did not exist in July: empty cells in its row.
    chau_thanh_row = FIRST_DATA_ROW + [r.unit.code for r in matrix.rows].index("chau-thanh")
    assert ws.cell(row=chau_thanh_row, column=FIRST_MONTH_COLUMN + 6 * MONTH_COLUMNS).value is None


def test_the_ranking_sheet_holds_the_pages_ranking(client, propaganda, scenario):
    matrix, wb = _export(client, propaganda)
    rows = list(wb["Xếp hạng"].iter_rows(min_row=4, values_only=True))
    assert rows == [
        (s.rank, s.name, s.earned, s.possible, s.percent, s.published, s.compliant_months, s.scored_months)
        for s in matrix.ranking
    ]
    assert [r[4] for r in rows] == [33.3, 22.2, 13.9]


def test_the_workbook_is_vietnamese_even_for_an_english_speaking_user(client, editor, scenario):
    editor.language = "en"
    editor.save(update_fields=["language"])
    _matrix, wb = _export(client, editor)
    assert wb.sheetnames == ["Ma trận", "Xếp hạng"]


def test_the_printable_page_has_the_matrix_the_ranking_and_print_css(client, propaganda, scenario):
    client.force_login(propaganda)
    response = client.get(reverse("emulation:print"), {"year": 2023})
    assert response.status_code == 200
    html = response.content.decode()
    assert "@media print" in html and 'id="tally-matrix"' in html and 'id="ranking"' in html
    assert "navbar" not in html
    assert response.context["matrix"].ranking[0].unit.code == "chau-thanh"


def test_there_is_no_export_for_a_year_without_a_plan(client, propaganda, scenario):
    client.force_login(propaganda)
    assert client.get(reverse("emulation:export_xlsx"), {"year": 2030}).status_code == 404
    assert client.get(reverse("emulation:print"), {"year": "abc"}).status_code == 404


def test_a_unit_named_like_a_formula_is_text_in_the_workbook(client, propaganda, scenario, unit):
    from portal.models import Unit

    Unit.objects.filter(pk=unit.pk).update(name='=HYPERLINK("http://evil.example","Kế Sách")')
    _matrix, wb = _export(client, propaganda)
    for sheet in wb.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    names = [c.value for c in wb["Ma trận"]["B"]]
    assert '=HYPERLINK("http://evil.example","Kế Sách")' in names
