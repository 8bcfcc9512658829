"""Excel workbooks written safely: no cell that came from a person becomes a formula.

openpyxl stores any string that starts with ``=`` as a formula, and Excel and LibreOffice also
evaluate cells starting with ``+``, ``-`` or ``@`` when someone edits them (CSV/formula injection:
a unit named ``=HYPERLINK(...)`` would run in the department's spreadsheet). Every export saves its
workbook through :func:`workbook_bytes`, which turns such strings back into plain text.
"""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def is_formula_like(value: object) -> bool:
    """Whether a spreadsheet program could read ``value`` as a formula."""
    return isinstance(value, str) and value.startswith(FORMULA_STARTS)


def neutralise_formulas(workbook: Workbook) -> int:
    """Make every formula-like string cell of ``workbook`` plain text, shown as typed (a text cell
    with the quote prefix, so editing it does not evaluate it either). Returns how many were changed."""
    changed = 0
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if is_formula_like(cell.value) or cell.data_type == "f":
                    cell.data_type = "s"
                    cell.quotePrefix = True
                    changed += 1
    return changed


def workbook_bytes(workbook: Workbook) -> bytes:
    """The ``.xlsx`` file's bytes, with no formula in it (see :func:`neutralise_formulas`)."""
    neutralise_formulas(workbook)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
