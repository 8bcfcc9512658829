"""The city's compilation as an Excel workbook and as a Word report laid out as a Vietnamese
administrative document (Decree 30/2020/NĐ-CP): the committee and national motto header, number
and symbol, place and date, title, body, "Nơi nhận" with the plan's "(b/c)" recipients and the
signature block, ready for the office to number, sign and send upward."""

from __future__ import annotations

import datetime
from io import BytesIO

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from portal.spreadsheets import workbook_bytes
from reports import periods
from reports.models import Report
from reports.selectors import Compilation, recipients_for_reports

BOLD = Font(bold=True)
TITLE = Font(bold=True, size=13)
WRAP = Alignment(wrap_text=True, vertical="top")
MOTTO_1 = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_2 = "Độc lập - Tự do - Hạnh phúc"
NARRATIVE_FIELDS = (
    ("results", "Kết quả thực hiện"),
    ("mobilisation", "Vận động đoàn viên, hội viên tham gia giám sát, phản biện xã hội"),
    ("ideological_situation", "Tình hình tư tưởng cán bộ, đoàn viên, hội viên"),
    ("difficulties", "Khó khăn, vướng mắc"),
    ("proposals", "Đề xuất, kiến nghị với cấp ủy"),
)


def period_label(period: periods.Period) -> str:
    """The period in Vietnamese, as a report's title says it."""
    if period.kind == periods.MONTHLY:
        return f"tháng {period.index:02d} năm {period.year}"
    if period.kind == periods.QUARTERLY:
        return f"quý {['I', 'II', 'III', 'IV'][period.index - 1]} năm {period.year}"
    if period.kind == periods.HALF_YEARLY:
        return f"{'6 tháng đầu' if period.index == 1 else '6 tháng cuối'} năm {period.year}"
    return f"năm {period.year}"


def _narrative_text(report: Report) -> list[tuple[str, str]]:
    rows = []
    for name, label in NARRATIVE_FIELDS:
        value = getattr(report, name)
        if name == "mobilisation" and report.mobilised_count is not None:
            value = f"{report.mobilised_count} người. {value}".strip()
        if value:
            rows.append((label, value))
    return rows


# --- Excel -------------------------------------------------------------------------------------


def _widths(ws, widths: list[int]) -> None:
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width


def compilation_workbook(c: Compilation) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Theo hình thức"
    ws.append([f"{c.plan.committee.name}: tổng hợp kết quả {period_label(c.period)}"])
    ws["A1"].font = TITLE
    ws.append([str(c.plan)])
    ws.append([])
    ws.append(["STT", "Hình thức", "Số hoạt động", "Chỉ số", "Tổng"])
    for cell in ws[4]:
        cell.font = BOLD
    for i, total in enumerate(c.form_totals, start=1):
        ws.append([i, total.form.name, total.count])
        for label, value in total.sums:
            ws.append(["", "", "", label, value])
    ws.append(["", "Tổng cộng", c.grand_total])
    ws.cell(ws.max_row, 2).font = BOLD
    _widths(ws, [6, 50, 14, 40, 10])

    ws = wb.create_sheet("Theo đơn vị")
    ws.append(["STT", "Đơn vị", *[f.name for f in c.forms], "Tổng", "Báo cáo"])
    for cell in ws[1]:
        cell.font = BOLD
        cell.alignment = WRAP
    for i, line in enumerate(c.lines, start=1):
        status = "Chưa báo cáo" if line.missing else "Đã báo cáo"
        ws.append([i, line.unit.name, *line.counts, line.total, status])
    ws.append(["", "Tổng cộng", *[t.count for t in c.form_totals], c.grand_total, ""])
    ws.cell(ws.max_row, 2).font = BOLD
    _widths(ws, [6, 40, *[14] * len(c.forms), 10, 16])

    ws = wb.create_sheet("Chưa báo cáo")
    ws.append(["STT", "Đơn vị", "Kỳ chưa báo cáo"])
    for cell in ws[1]:
        cell.font = BOLD
    for i, line in enumerate(c.missing_units, start=1):
        ws.append([i, line.unit.name, ", ".join(p.key for p in line.missing)])
    _widths(ws, [6, 40, 30])

    ws = wb.create_sheet("Nội dung báo cáo")
    ws.append(["Đơn vị", "Kỳ", *[label for _n, label in NARRATIVE_FIELDS]])
    for cell in ws[1]:
        cell.font = BOLD
        cell.alignment = WRAP
    for report in c.narratives:
        texts = dict(_narrative_text(report))
        ws.append(
            [
                report.unit.name,
                report.period_key,
                *[texts.get(label, "") for _n, label in NARRATIVE_FIELDS],
            ]
        )
        for cell in ws[ws.max_row]:
            cell.alignment = WRAP
    _widths(ws, [30, 10, 40, 40, 40, 40, 40])
    return workbook_bytes(wb)  # no cell a person typed becomes a formula


# --- Word --------------------------------------------------------------------------------------


def _paragraph(cell_or_doc, text: str = "", *, bold=False, italic=False, size=13, align=None, underline=False):
    paragraph = cell_or_doc.add_paragraph()
    if align is not None:
        paragraph.alignment = align
    paragraph.paragraph_format.space_after = Pt(0)
    run = paragraph.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    return paragraph


def _no_borders(table) -> None:
    table.style = None
    table.alignment = WD_TABLE_ALIGNMENT.CENTER


def _date_line(place: str, day: datetime.date) -> str:
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def compilation_document(c: Compilation, *, on: datetime.date | None = None) -> bytes:
    settings = c.settings
    day = on or c.today
    committee = c.plan.committee
    place = (settings.place_name if settings else "") or committee.short_name or committee.name
    symbol = settings.document_symbol if settings else "BC-MTTQ"

    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    for section in doc.sections:
        section.page_width, section.page_height = Cm(21), Cm(29.7)
        section.top_margin, section.bottom_margin = Cm(2), Cm(2)
        section.left_margin, section.right_margin = Cm(3), Cm(2)

    # Header: the issuing body on the left, the national motto on the right (Decree 30, Annex I).
    header = doc.add_table(rows=1, cols=2)
    _no_borders(header)
    left, right = header.rows[0].cells
    left.paragraphs[0].text = ""
    _paragraph(left, committee.name.upper(), size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(left, "BAN THƯỜNG TRỰC", bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER, underline=True)
    _paragraph(left, f"Số:      /{symbol}", size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, MOTTO_1, bold=True, size=12, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(right, MOTTO_2, bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER, underline=True)
    _paragraph(right, _date_line(place, day), italic=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)

    _paragraph(doc)
    _paragraph(doc, "BÁO CÁO", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.CENTER)
    _paragraph(
        doc,
        f"Kết quả thực hiện công tác thông tin tuyên truyền trong hệ thống MTTQ {period_label(c.period)}",
        bold=True,
        size=14,
        align=WD_ALIGN_PARAGRAPH.CENTER,
    )
    _paragraph(doc)
    plan_ref = f"Kế hoạch số {c.plan.number}" if c.plan.number else "Kế hoạch"
    _paragraph(
        doc,
        f"Thực hiện {plan_ref} của Ban Thường trực {committee.name} ({c.plan.title}), trên cơ sở báo cáo "
        f"của {len(c.reported_units)}/{len(c.lines)} đơn vị, Ban Thường trực tổng hợp kết quả "
        f"{period_label(c.period)} như sau:",
    )

    _paragraph(doc, "I. KẾT QUẢ THEO HÌNH THỨC TUYÊN TRUYỀN", bold=True)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("STT", "Hình thức", "Số hoạt động"), strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for i, total in enumerate(c.form_totals, start=1):
        detail = "; ".join(f"{label}: {value}" for label, value in total.sums if value)
        cells = table.add_row().cells
        cells[0].text = str(i)
        cells[1].text = f"{total.form.name}" + (f" ({detail})" if detail else "")
        cells[2].text = str(total.count)
    cells = table.add_row().cells
    cells[1].text, cells[2].text = "Tổng cộng", str(c.grand_total)

    _paragraph(doc)
    _paragraph(doc, "II. KẾT QUẢ THEO ĐƠN VỊ", bold=True)
    table = doc.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("STT", "Đơn vị", "Số hoạt động"), strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    for i, line in enumerate(c.lines, start=1):
        cells = table.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = str(i), line.unit.name, str(line.total)

    _paragraph(doc)
    _paragraph(doc, "III. ĐƠN VỊ CHƯA BÁO CÁO", bold=True)
    if c.missing_units:
        for line in c.missing_units:
            _paragraph(doc, f"- {line.unit.name} ({', '.join(p.key for p in line.missing)})")
    else:
        _paragraph(doc, "Tất cả các đơn vị đã báo cáo.")

    _paragraph(doc, "IV. TÌNH HÌNH Ở CÁC ĐƠN VỊ", bold=True)
    for report in c.narratives:
        _paragraph(doc, f"{report.unit.name} ({report.period_key})", bold=True, italic=True)
        for label, value in _narrative_text(report):
            _paragraph(doc, f"- {label}: {value}")

    _paragraph(doc)
    # Recipients on the left, the signature block on the right.
    footer = doc.add_table(rows=1, cols=2)
    _no_borders(footer)
    left, right = footer.rows[0].cells
    _paragraph(left, "Nơi nhận:", bold=True, italic=True, size=12)
    for name in recipients_for_reports(c.plan):
        _paragraph(left, f"- {name} (b/c);", size=11)
    _paragraph(left, "- Lưu: VT.", size=11)
    on_behalf = settings.signer_on_behalf if settings else "TM. BAN THƯỜNG TRỰC"
    _paragraph(right, on_behalf, bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    if settings and settings.signer_position:
        _paragraph(right, settings.signer_position.upper(), bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    for _blank in range(3):
        _paragraph(right)
    if settings and settings.signer_name:
        _paragraph(right, settings.signer_name, bold=True, size=13, align=WD_ALIGN_PARAGRAPH.CENTER)

    out = BytesIO()
    doc.save(out)
    return out.getvalue()
