"""Text from people never becomes a formula in an Excel export."""

from io import BytesIO

import pytest
from openpyxl import Workbook, load_workbook

from portal.spreadsheets import workbook_bytes


@pytest.mark.parametrize("text", ['=HYPERLINK("http://evil.example","x")', "+1+1", "-2+3", "@SUM(A1)", "=1+1"])
def test_text_that_looks_like_a_formula_is_saved_as_text(text):
    wb = Workbook()
    wb.active.append(["Đơn vị", text, 42, -7])
    cells = load_workbook(BytesIO(workbook_bytes(wb))).active[1]
    assert [c.value for c in cells] == ["Đơn vị", text, 42, -7]
    assert cells[1].data_type == "s"
    assert cells[1].quotePrefix  # shown as typed, and editing the cell does not evaluate it either
    assert cells[2].data_type == "n" and cells[3].data_type == "n"  # numbers stay numbers
