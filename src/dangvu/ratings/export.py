"""xlsx export of a rating result table (openpyxl imported lazily: the rest works without it)."""

import io

from dangvu.core.text import format_number, format_percent

from .selectors import LevelCounts, RatingResults


def _pct(v: float | None) -> str:
    return "" if v is None else format_percent(v, 1)


def results_table(res: RatingResults) -> list[list[str]]:
    """Rows of the result table, as the page and the export show them."""
    rows: list[list[str]] = []
    groups: list[tuple[str, LevelCounts, LevelCounts | None]] = [
        ("Tổ chức cơ sở đảng", res.organizations, res.previous.organizations if res.previous else None),
        ("Đảng viên chính thức", res.members, res.previous.members if res.previous else None),
        ("Đảng viên dự bị", res.probationary, res.previous.probationary if res.previous else None),
        ("Tổng số đảng viên", res.all_members, res.previous.all_members if res.previous else None),
    ]
    for label, now, before in groups:
        row = [label, format_number(now.total)]
        for _lv, _l, n, share in now.rows():
            row += [format_number(n), _pct(share)]
        row += [_pct(now.good_or_better_share), _pct(before.good_or_better_share if before else None)]
        rows.append(row)
    return rows


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
    for row in results_table(res):
        ws.append(row)
    ws.column_dimensions["A"].width = 28
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
