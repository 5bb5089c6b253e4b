"""xlsx: one sheet per report; cells hold numbers (not text) with number formats that Excel shows with the
reader's separators (8.614; 94,00%), titles and the source note above and below the tables."""

import io
import re

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from dangvu.core.text import XLSX_COUNT, XLSX_SCORE, XLSX_SHARE

from ..model import DECIMAL, INT, PERCENT, Pack, Report

FORMATS = {INT: XLSX_COUNT, DECIMAL: XLSX_SCORE, PERCENT: XLSX_SHARE}  # core.text: one rule per kind of figure
THIN = Side(style="thin", color="999999")


def _sheet_title(text: str, used: set[str]) -> str:
    base = re.sub(r"[\[\]:*?/\\]", " ", text)[:28].strip() or "Bao cao"
    name, n = base, 2
    while name in used:
        name, n = f"{base[:25]} {n}", n + 1
    used.add(name)
    return name


def _write(ws, report: Report) -> None:  # type: ignore[no-untyped-def]
    ws.append([report.title])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([f"Đơn vị: {report.scope}"])
    ws.append([report.period])
    for line in report.summary:
        ws.append([line])
    widths: dict[int, int] = {}
    for table in report.tables:
        ws.append([])
        ws.append([table.title])
        ws.cell(ws.max_row, 1).font = Font(bold=True)
        ws.append([c.label for c in table.columns])
        head = ws.max_row
        for i, _ in enumerate(table.columns, start=1):
            cell = ws.cell(head, i)
            cell.font = Font(bold=True)
            cell.fill = PatternFill("solid", fgColor="F2DCDB")
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
        for row in table.rows:
            values = []
            for c, v in zip(table.columns, row, strict=False):
                if v is None or c.kind == "text":
                    values.append(v)
                elif c.kind == PERCENT:
                    values.append(float(v) / 100)  # Excel percent: the cell holds 0.94 shown as 94,00%
                else:
                    values.append(float(v) if c.kind == DECIMAL else int(v))
            ws.append(values)
            r = ws.max_row
            for i, c in enumerate(table.columns, start=1):
                cell = ws.cell(r, i)
                cell.border = Border(top=THIN, bottom=THIN, left=THIN, right=THIN)
                if c.kind in FORMATS:
                    cell.number_format = FORMATS[c.kind]
        for i, c in enumerate(table.columns, start=1):
            longest = max([len(c.label) // 2 + 2] + [len(str(r[i - 1])) + 2 for r in table.rows if len(r) >= i])
            widths[i] = max(widths.get(i, 10), min(60, longest))
        if table.note:
            ws.append([table.note])
    ws.append([])
    ws.append([f"Nguồn số liệu: {report.source}"])
    ws.cell(ws.max_row, 1).font = Font(italic=True)
    for i, w in widths.items():
        ws.column_dimensions[get_column_letter(i)].width = w


def render_xlsx(doc: Report | Pack) -> bytes:
    wb = Workbook()
    reports = doc.reports if isinstance(doc, Pack) else [doc]
    used: set[str] = set()
    for n, report in enumerate(reports):
        ws = wb.active if n == 0 else wb.create_sheet()
        ws.title = _sheet_title(report.title, used)
        _write(ws, report)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
