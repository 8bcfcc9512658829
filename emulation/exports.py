"""The year matrix and the ranking as an Excel workbook (one sheet each), with Vietnamese headers.

Numbers are written as numbers; a unit's months outside its life are empty and grey; each month
has a frozen-marker column.
"""

from __future__ import annotations

from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from emulation.selectors import YearMatrix
from portal.spreadsheets import workbook_bytes

FILLS = {
    "met": PatternFill("solid", fgColor="D1E7DD"),
    "partial": PatternFill("solid", fgColor="FFF3CD"),
    "missed": PatternFill("solid", fgColor="F8D7DA"),
    "inactive": PatternFill("solid", fgColor="E2E3E5"),
}
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)

# Columns per month on the matrix sheet: news, articles, quota met, frozen.
MONTH_COLUMNS = 4
FIRST_MONTH_COLUMN = 3


def _title(matrix: YearMatrix, what: str) -> str:
    return _("%(what)s, %(year)s: %(committee)s") % {
        "what": what,
        "year": matrix.plan.year,
        "committee": matrix.plan.committee.name,
    }


def _matrix_sheet(ws, matrix: YearMatrix) -> None:
    ws.title = _("Matrix")
    ws.append([_title(matrix, _("Published items toward the monthly quota"))])
    ws["A1"].font = TITLE
    ws.append(
        [
            _("Quota per month: %(news)s news items and %(articles)s articles.")
            % {"news": matrix.rule.quota_news, "articles": matrix.rule.quota_articles}
        ]
    )
    header = [_("No."), _("Unit")]
    sub = ["", ""]
    for m in matrix.months:
        header += [_("Month %(month)s") % {"month": f"{m:%m/%Y}"}, "", "", ""]
        sub += [_("News items"), _("Articles"), _("Quota met"), _("Frozen")]
    header += [_("Total news items"), _("Total articles")]
    sub += ["", ""]
    ws.append(header)
    ws.append(sub)
    header_row = ws.max_row - 1
    for i in range(len(matrix.months)):
        start = FIRST_MONTH_COLUMN + i * MONTH_COLUMNS
        ws.merge_cells(start_row=header_row, start_column=start, end_row=header_row, end_column=start + 3)
    for row in ws.iter_rows(min_row=header_row, max_row=header_row + 1):
        for cell in row:
            cell.font, cell.alignment = BOLD, CENTER
    yes, no = _("Yes"), _("No")
    for number, row in enumerate(matrix.rows, start=1):
        values: list = [number, row.unit.name]
        for cell in row.cells:
            if cell.shown:
                values += [cell.news, cell.articles, yes if cell.compliant else no, yes if cell.frozen else ""]
            else:
                values += [None, None, None, None]
        values += [row.total_news, row.total_articles]
        ws.append(values)
        for i, cell in enumerate(row.cells):
            fill = FILLS.get(cell.status)
            if fill is None:
                continue
            start = FIRST_MONTH_COLUMN + i * MONTH_COLUMNS
            for column in range(start, start + MONTH_COLUMNS):
                ws.cell(row=ws.max_row, column=column).fill = fill
    totals: list = ["", _("Total")]
    for t in matrix.month_totals:
        totals += [t.news, t.articles, t.compliant, ""]
    totals += [matrix.total_news, matrix.total_articles]
    ws.append(totals)
    for cell in ws[ws.max_row]:
        cell.font = BOLD
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 42
    for column in range(FIRST_MONTH_COLUMN, FIRST_MONTH_COLUMN + MONTH_COLUMNS * len(matrix.months) + 2):
        ws.column_dimensions[get_column_letter(column)].width = 9
    ws.freeze_panes = ws.cell(row=header_row + 2, column=FIRST_MONTH_COLUMN)


def _ranking_sheet(ws, matrix: YearMatrix) -> None:
    ws.title = _("Ranking")
    ws.append([_title(matrix, _("Emulation ranking for propaganda work"))])
    ws["A1"].font = TITLE
    ws.append(
        [
            _(
                "Each month: one point per published news item up to %(news)s and one per article up to "
                "%(articles)s; score = points earned / points possible over the months the unit existed."
            )
            % {"news": matrix.rule.quota_news, "articles": matrix.rule.quota_articles}
        ]
    )
    ws.append(
        [
            _("Rank"),
            _("Unit"),
            _("Points earned"),
            _("Points possible"),
            _("Score (%)"),
            _("Published items"),
            _("Months quota met"),
            _("Months scored"),
        ]
    )
    for cell in ws[ws.max_row]:
        cell.font, cell.alignment = BOLD, CENTER
    for score in matrix.ranking:
        ws.append(
            [
                score.rank or None,
                score.name,
                score.earned,
                score.possible,
                score.percent,
                score.published,
                score.compliant_months,
                score.scored_months,
            ]
        )
    ws.column_dimensions["B"].width = 42
    for column in "CDEFGH":
        ws.column_dimensions[column].width = 14


def matrix_workbook(matrix: YearMatrix) -> bytes:
    """The .xlsx file's bytes: sheet 1 the matrix, sheet 2 the ranking. Always in Vietnamese."""
    with translation.override("vi"):
        wb = Workbook()
        _matrix_sheet(wb.active, matrix)
        _ranking_sheet(wb.create_sheet(), matrix)
    return workbook_bytes(wb)
