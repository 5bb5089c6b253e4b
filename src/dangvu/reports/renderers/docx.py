"""Word in the party's document layout (Hướng dẫn 36-HD/VPTW, 2018): superior and issuing committee top-left
with the number, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place-date line top-right, the title, the body (summary,
tables, charts), the source note, "Nơi nhận" bottom-left and the signature block bottom-right. Editable."""

import io
from datetime import date
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from .. import charts
from ..model import Cell, Column, Letterhead, Pack, Report, cell_text

FONT = "Times New Roman"


def number_text(column: Column, value: Cell) -> str:
    return cell_text(column.kind, value)


def date_line(place: str, d: date) -> str:
    return f"{place}, ngày {d.day:02d} tháng {d.month:02d} năm {d.year}"


def _no_borders(table) -> None:  # type: ignore[no-untyped-def]
    tbl_pr = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        el = OxmlElement(f"w:{edge}")
        el.set(qn("w:val"), "nil")
        borders.append(el)
    tbl_pr.append(borders)


def _para(
    cell_or_doc: Any,  # a python-docx Document or table cell: both have paragraphs and add_paragraph
    text: str,
    *,
    bold: bool = False,
    italic: bool = False,
    size: int = 13,
    align: Any = WD_ALIGN_PARAGRAPH.CENTER,
    underline: bool = False,
    first: bool = False,
) -> Any:
    p = cell_or_doc.paragraphs[0] if first else cell_or_doc.add_paragraph()
    if align is not None:
        p.alignment = align
    run = p.add_run(text)
    run.bold, run.italic, run.underline = bold, italic, underline
    run.font.size = Pt(size)
    run.font.name = FONT
    p.paragraph_format.space_after = Pt(0)
    return p


def _heading(doc, lh: Letterhead) -> None:  # type: ignore[no-untyped-def]
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    left, right = t.rows[0].cells
    left.width, right.width = Cm(7.5), Cm(8.5)
    _para(left, lh.superior.upper(), size=13, first=True)
    _para(left, lh.issuer.upper(), bold=True, size=13)
    _para(left, "*", size=13)
    _para(left, lh.number, size=13)
    _para(right, "ĐẢNG CỘNG SẢN VIỆT NAM", bold=True, underline=True, size=14, first=True)
    _para(right, "")
    _para(right, date_line(lh.place, lh.issued_on), italic=True, size=13)


def _closing(doc, lh: Letterhead) -> None:  # type: ignore[no-untyped-def]
    doc.add_paragraph()
    t = doc.add_table(rows=1, cols=2)
    _no_borders(t)
    left, right = t.rows[0].cells
    _para(left, "Nơi nhận:", bold=True, underline=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT, first=True)
    for r in lh.recipients:
        _para(left, f"- {r}", size=11, align=WD_ALIGN_PARAGRAPH.LEFT)
    _para(right, lh.signer_title, bold=True, size=14, first=True)
    _para(right, lh.signer_role, bold=True, size=14)
    for _ in range(4):
        _para(right, "")
    _para(right, "(Ký tên, đóng dấu)", italic=True, size=12)


def _table(doc, table) -> None:  # type: ignore[no-untyped-def]
    _para(doc, table.title, bold=True, size=13, align=WD_ALIGN_PARAGRAPH.LEFT)
    t = doc.add_table(rows=1, cols=len(table.columns))
    t.style = "Table Grid"
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    for i, c in enumerate(table.columns):
        cell = t.rows[0].cells[i]
        _para(cell, c.label, bold=True, size=11, first=True)
    for row in table.rows:
        cells = t.add_row().cells
        for i, c in enumerate(table.columns):
            v = row[i] if i < len(row) else None
            align = WD_ALIGN_PARAGRAPH.LEFT if c.kind == "text" else WD_ALIGN_PARAGRAPH.RIGHT
            _para(cells[i], number_text(c, v), size=11, align=align, first=True)
    if table.note:
        _para(doc, table.note, italic=True, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)


def _body(doc, report: Report, *, heading: bool) -> None:  # type: ignore[no-untyped-def]
    if heading:
        _para(doc, report.title, bold=True, size=14, align=WD_ALIGN_PARAGRAPH.LEFT)
        _para(doc, f"{report.scope} — {report.period}", italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in report.summary:
        p = _para(doc, line, size=13, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
        p.paragraph_format.first_line_indent = Cm(1)
    for table in report.tables:
        doc.add_paragraph()
        _table(doc, table)
    for chart in report.charts:
        doc.add_paragraph()
        doc.add_picture(io.BytesIO(charts.png(chart)), width=Cm(16))
    _para(doc, f"Nguồn số liệu: {report.source}", italic=True, size=11, align=WD_ALIGN_PARAGRAPH.LEFT)


def _document():  # type: ignore[no-untyped-def]
    doc = Document()
    sec = doc.sections[0]
    sec.page_height, sec.page_width = Cm(29.7), Cm(21)
    sec.top_margin, sec.bottom_margin = Cm(2), Cm(2)
    sec.left_margin, sec.right_margin = Cm(3), Cm(1.5)
    style = doc.styles["Normal"]
    style.font.name = FONT
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)
    return doc


def render_docx(doc_in: Report | Pack) -> bytes:
    doc = _document()
    lh = doc_in.letterhead
    if lh is not None:
        _heading(doc, lh)
    doc.add_paragraph()
    if isinstance(doc_in, Pack):
        _para(doc, "BÁO CÁO", bold=True, size=15)
        _para(doc, doc_in.title, bold=True, size=14)
        _para(doc, "-----", size=13)
        for line in doc_in.intro:
            p = _para(doc, line, size=13, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
            p.paragraph_format.first_line_indent = Cm(1)
        for n, report in enumerate(doc_in.reports, start=1):
            doc.add_paragraph()
            _para(doc, f"{n}. {report.title}", bold=True, size=14, align=WD_ALIGN_PARAGRAPH.LEFT)
            _para(doc, report.period, italic=True, size=12, align=WD_ALIGN_PARAGRAPH.LEFT)
            _body(doc, report, heading=False)
    else:
        _para(doc, "BÁO CÁO", bold=True, size=15)
        _para(doc, doc_in.title, bold=True, size=14)
        _para(doc, f"{doc_in.scope} — {doc_in.period}", italic=True, size=13)
        _para(doc, "-----", size=13)
        _body(doc, doc_in, heading=False)
    if lh is not None:
        _closing(doc, lh)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
