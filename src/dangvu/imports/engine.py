"""The one import engine: read an upload (xlsx or CSV) into the kind's sheets, write templates, run the dry run
(every row through the services, then rolled back) and the confirmation (all rows in one transaction or none), as
jobs of dangvu.jobs whose stored result is shown again, never recomputed; the error file is the upload's rows with
an error column."""

import contextlib
import csv
import io
from collections import Counter
from typing import Any

from django.db import transaction

from dangvu.core.errors import DomainError
from dangvu.core.text import search_key

from .cells import cell_value
from .kinds import ACTIONS, ERROR, ImportKind, RowOutcome, Sheet, Sheets

MAX_ROWS = 60000  # a bloc's export with its history: ~13.000 records and ~30.000 history rows
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class _Rollback(Exception):
    """Raised at the end of a dry run so that its transaction is rolled back."""


# --- templates ----------------------------------------------------------------------------------------------------

def _guide_lines(kind: ImportKind) -> list[str]:
    lines = [f"Mẫu nhập {kind.label.lower()}. Dòng 1 là tiêu đề cột, giữ nguyên; mỗi dòng sau là một bản ghi.",
             "Ngày ghi dạng ngày/tháng/năm (05/09/1985) hoặc năm-tháng-ngày (1985-09-05).",
             "Trước khi ghi, hệ thống kiểm tra từng dòng (thêm mới, cập nhật, không đổi, lỗi — lỗi ghi rõ dòng và "
             "cột); chỉ khi không còn dòng lỗi mới xác nhận ghi, và ghi tất cả trong một lần."]
    lines += list(kind.guide)
    for sheet in kind.sheets:
        required = [c.label for c in sheet.columns if c.required]
        lines.append(f"Trang «{sheet.title}»{' (không bắt buộc)' if sheet.optional else ''}: cột bắt buộc: "
                     f"{', '.join(required) or 'không'}.")
    return lines


def workbook_bytes(kind: ImportKind, data: dict[str, list[list[Any]]], *, sensitive: bool = True,
                   with_guide: bool = True) -> bytes:
    """An xlsx in the kind's template format: one sheet per sheet of the kind, headings, then `data[sheet.key]`
    rows (values in column order). Personal-data columns are left out when `sensitive` is False."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]  # the default sheet; ours are created below
    for sheet in kind.sheets:
        ws = wb.create_sheet(sheet.title[:31])
        cols = [i for i, c in enumerate(sheet.columns) if sensitive or not c.sensitive]
        ws.append([sheet.columns[i].label for i in cols])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for values in data.get(sheet.key, []):
            ws.append([values[i] for i in cols])
        for i, _c in enumerate(cols):
            ws.column_dimensions[ws.cell(1, i + 1).column_letter].width = 20
    if with_guide:
        guide = wb.create_sheet("Hướng dẫn")
        for line in _guide_lines(kind):
            guide.append([line])
        guide.column_dimensions["A"].width = 120
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def template_xlsx(kind: ImportKind) -> bytes:
    """The empty template with one example row per sheet."""
    return workbook_bytes(kind, {s.key: [[c.example for c in s.columns]] for s in kind.sheets})


def template_csv(kind: ImportKind) -> bytes:
    """The main sheet's template as CSV (UTF-8 with BOM so that Excel reads the diacritics)."""
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow([c.label for c in kind.main.columns])
    w.writerow([c.example for c in kind.main.columns])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


# --- reading an upload --------------------------------------------------------------------------------------------

def _header_keys(sheet: Sheet, header: list[Any]) -> list[str | None]:
    by_label: dict[str, str] = {}
    for c in sheet.columns:
        for name in (c.label, c.key, *c.aliases):
            by_label[search_key(name)] = c.key
    return [by_label.get(search_key(str(h or ""))) for h in header]


def _rows(sheet: Sheet, lines: list[list[Any]], count: list[int]) -> list[dict[str, Any]]:
    if not lines:
        return []
    keys = _header_keys(sheet, list(lines[0]))
    if not any(keys):
        raise DomainError(
            f"Trang «{sheet.title}»: dòng 1 không có tiêu đề cột nào của tệp mẫu (dùng tệp mẫu).",
            field="file", rule="columns",
        )
    out = []
    for line, values in enumerate(lines[1:], start=2):
        if not any(v not in (None, "") for v in values):
            continue
        count[0] += 1
        if count[0] > MAX_ROWS:
            raise DomainError(f"Tệp có quá {MAX_ROWS} dòng; chia thành nhiều tệp.", field="file", rule="max_rows")
        row: dict[str, Any] = {"_line": line}
        for key, value in zip(keys, values, strict=False):
            if key:
                row[key] = cell_value(value)
        out.append(row)
    return out


def read_upload(kind: ImportKind, filename: str, data: bytes) -> Sheets:
    """The upload's rows per sheet of the kind (sheets matched by title; the first sheet is the main one when no
    title matches). CSV holds the main sheet only. DomainError if the file cannot be read."""
    count = [0]
    raw: dict[str, list[list[Any]]] = {}
    if filename.lower().endswith(".csv"):
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError("Tệp CSV phải mã hóa UTF-8.", field="file", rule="csv_encoding") from None
        dialect: Any = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        raw[kind.main.key] = [list(r) for r in csv.reader(io.StringIO(text), dialect)]
    else:
        from openpyxl import load_workbook

        try:
            wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception:  # noqa: BLE001 — any unreadable upload is the user's input error, not a bug
            raise DomainError("Không đọc được tệp: hãy tải lên tệp Excel (.xlsx) hoặc CSV theo mẫu.",
                              field="file", rule="xlsx") from None
        titles = {search_key(s.title): s.key for s in kind.sheets}
        for i, ws in enumerate(wb.worksheets):
            key = titles.get(search_key(ws.title)) or (kind.main.key if i == 0 else None)
            if key and key not in raw:
                raw[key] = [list(r) for r in ws.iter_rows(values_only=True)]
        wb.close()
    sheets = {s.key: _rows(s, raw.get(s.key, []), count) for s in kind.sheets}
    main = kind.main
    if not any(sheets.values()):  # history sheets alone are a file too (registered records' history)
        raise DomainError(f"Trang «{main.title}» không có dòng dữ liệu nào.", field="file", rule="empty")
    if sheets[main.key] and raw.get(main.key):
        present = set(_header_keys(main, list(raw[main.key][0])))
        missing = [c.label for c in main.columns if c.required and c.key not in present]
        if missing:
            raise DomainError(f"Tệp thiếu cột: {', '.join(missing)} (dùng tệp mẫu).", field="file", rule="columns")
    return sheets


# --- dry run and confirmation -------------------------------------------------------------------------------------

def payload(outcomes: list[RowOutcome]) -> dict[str, Any]:
    """What a job stores: counts by action, every row's outcome, the flat list of errors."""
    counts = Counter(o.action for o in outcomes)
    return {
        "rows": {a: counts.get(a, 0) for a in ACTIONS},
        "outcomes": [o.as_dict() for o in outcomes],
        "errors": [e.as_dict() for o in outcomes for e in o.errors],
    }


def run_rows(kind: ImportKind, *, actor: Any, sheets: Sheets, progress: Any, write: bool,
             filename: str = "") -> list[RowOutcome]:
    """Every row through the kind's apply, in one transaction: rolled back for the dry run (`write` False) and
    whenever a row is refused; committed only when every row passed and `write` is True."""
    outcomes: list[RowOutcome] = []
    plan = None if write else kind.prepare(actor=actor, sheets=sheets, progress=progress)
    try:
        with transaction.atomic():
            if write:
                plan = kind.prepare(actor=actor, sheets=sheets, progress=progress)
            outcomes = kind.apply(actor=actor, sheets=sheets, plan=plan, progress=progress, write=write,
                                  filename=filename)
            bad = [o for o in outcomes if o.action == ERROR]
            if not write:
                raise _Rollback
            if bad:
                first = bad[0].errors[0].sentence() if bad[0].errors else f"dòng {bad[0].row}"
                raise DomainError(
                    f"{len(bad)} dòng lỗi ({first}); không dòng nào được ghi. Sửa tệp rồi tải lên lại.",
                    field="file", rule="import_row_error",
                )
    except _Rollback:
        pass
    return outcomes


# --- the error file -----------------------------------------------------------------------------------------------

ERROR_HEADING = "Lỗi"


def error_workbook(kind: ImportKind, sheets: Sheets, result: dict[str, Any]) -> bytes:
    """The uploaded rows of every sheet with an error column (empty for the rows that passed)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    by_row: dict[tuple[str, int], list[str]] = {}
    for e in result.get("errors", []):
        by_row.setdefault((e["sheet"], int(e["row"])), []).append(f"Cột \"{e['column']}\": {e['detail']}")
    wb = Workbook()
    wb.remove(wb.active)  # type: ignore[arg-type]
    for sheet in kind.sheets:
        rows = sheets.get(sheet.key, [])
        if not rows and sheet.optional:
            continue
        ws = wb.create_sheet(sheet.title[:31])
        ws.append([ERROR_HEADING, *[c.label for c in sheet.columns]])
        for cell in ws[1]:
            cell.font = Font(bold=True)
        for row in rows:
            errors = by_row.get((sheet.title, int(row.get("_line") or 0)), [])
            ws.append(["; ".join(errors), *[row.get(c.key, "") for c in sheet.columns]])
        ws.column_dimensions["A"].width = 60
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()
