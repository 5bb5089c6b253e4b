"""xlsx export of a rating result table (openpyxl imported lazily: the rest works without it)."""

import io
from typing import Any

from dangvu.core.text import XLSX_COUNT, XLSX_SHARE, format_count, format_share

from .selectors import LevelCounts, RatingResults

# Column kinds of the result table after the label: a count, then (count, share) per level, then two shares.
COUNT, SHARE = "count", "share"
KINDS = [COUNT] + [COUNT, SHARE] * 4 + [SHARE, SHARE]


def results_values(res: RatingResults) -> list[list[Any]]:
    """Rows of the result table as numbers: counts as ints, shares in percent (None where there is none)."""
    rows: list[list[Any]] = []
    groups: list[tuple[str, LevelCounts, LevelCounts | None]] = [
        ("Tổ chức cơ sở đảng", res.organizations, res.previous.organizations if res.previous else None),
        ("Đảng viên chính thức", res.members, res.previous.members if res.previous else None),
        ("Đảng viên dự bị", res.probationary, res.previous.probationary if res.previous else None),
        ("Tổng số đảng viên", res.all_members, res.previous.all_members if res.previous else None),
    ]
    # Leadership collectives and leaders, rated in the same rounds, with their own rows where there are any.
    if res.leadership.total:
        groups.append(("Tập thể lãnh đạo, quản lý", res.leadership, None))
    if res.leaders.total:
        groups.append(("Cán bộ lãnh đạo, quản lý", res.leaders, None))
    for label, now, before in groups:
        row: list[Any] = [label, now.total]
        for _lv, _l, n, share in now.rows():
            row += [n, share]
        row += [now.good_or_better_share, before.good_or_better_share if before else None]
        rows.append(row)
    return rows


def results_table(res: RatingResults) -> list[list[str]]:
    """Rows of the result table as the page shows them: counts "8.165", shares "75,1%"."""
    return [
        [row[0]] + [format_count(v) if k == COUNT else format_share(v) for k, v in zip(KINDS, row[1:], strict=True)]
        for row in results_values(res)
    ]


HEADER = [
    "Đối tượng", "Tổng số được xếp loại",
    "HTXSNV", "Tỷ lệ", "HTTNV", "Tỷ lệ", "HTNV", "Tỷ lệ", "KHTNV", "Tỷ lệ",
    "Tốt trở lên", "Năm trước (tốt trở lên)",
]


def results_xlsx(res: RatingResults) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = f"Xếp loại {res.year}"
    ws.append([f"KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM {res.year}"])
    ws.append([res.organization.name])
    ws.append([])
    ws.append(HEADER)
    for cell in ws[1] + ws[4]:
        cell.font = Font(bold=True)
    # Numbers stay numbers (they can be summed); Excel shows them with the reader's separators.
    for row in results_values(res):
        ws.append([row[0]] + [None if v is None else (v / 100 if k == SHARE else v)
                              for k, v in zip(KINDS, row[1:], strict=True)])
        for cell, kind in zip(ws[ws.max_row][1:], KINDS, strict=True):
            cell.number_format = XLSX_COUNT if kind == COUNT else XLSX_SHARE
    ws.column_dimensions["A"].width = 28
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
