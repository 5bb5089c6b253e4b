"""A report is titled tables (with charts) for a scope and a date or period, with its source: one shape that the
page, the JSON answer and every file renderer (xlsx, docx, pdf) read, so each format holds the same numbers."""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import Any

TEXT, INT, PERCENT, DECIMAL = "text", "int", "percent", "decimal"
Cell = str | int | float | Decimal | None


def cell_text(kind: str, value: Any) -> str:
    """A cell as Vietnamese text: 8.614; 94,5%; — for no data."""
    from dangvu.core.text import format_number, format_share

    if value is None or value == "":
        return "—" if kind != TEXT else ""
    if kind == INT:
        return format_number(int(value))
    if kind == DECIMAL:
        s = format_number(value, 2)
        return s[:-3] if s.endswith(",00") else s
    if kind == PERCENT:
        return format_share(value)  # the one rule for shares: one decimal, "75,0%" beside "75,1%"
    return str(value)


@dataclass
class Column:
    key: str
    label: str
    kind: str = INT


@dataclass
class Table:
    title: str
    columns: list[Column]
    rows: list[list[Any]]
    note: str = ""
    links: dict[tuple[int, int], str] = field(default_factory=dict)  # (row, column) → list behind the figure

    def as_dicts(self) -> list[dict[str, Any]]:
        out = []
        for row in self.rows:
            out.append(
                {c.key: (float(v) if isinstance(v, Decimal) else v) for c, v in zip(self.columns, row, strict=False)}
            )
        return out


@dataclass
class Chart:
    """Horizontal bars: one bar per label; values in `unit` ("%" draws against 100)."""

    title: str
    labels: list[str]
    values: list[float]
    unit: str = ""
    targets: list[float | None] | None = None  # a tick for the target of each bar, if any


@dataclass
class Report:
    name: str
    title: str
    scope: str  # the organisation's name as of the report's date
    period: str  # "Ngày 31/12/2025" or "Từ 01/01/2025 đến 31/12/2025"
    source: str  # where the figures come from
    tables: list[Table]
    charts: list[Chart] = field(default_factory=list)
    summary: list[str] = field(default_factory=list)  # lines of text ("159 tổ chức cơ sở đảng: ...")
    organization_id: int | None = None
    on: date | None = None
    data: dict[str, Any] = field(default_factory=dict)  # the JSON answer's own fields
    letterhead: "Letterhead | None" = None

    def as_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "title": self.title,
            "scope": self.scope,
            "period": self.period,
            "source": self.source,
            "summary": self.summary,
            "tables": [
                {
                    "title": t.title,
                    "columns": [{"key": c.key, "label": c.label, "kind": c.kind} for c in t.columns],
                    "rows": t.as_dicts(),
                }
                for t in self.tables
            ],
            **self.data,
        }


@dataclass
class Letterhead:
    """The heading of a party document (Hướng dẫn 36-HD/VPTW): superior committee and issuing committee
    top-left, "ĐẢNG CỘNG SẢN VIỆT NAM" and the place-date line top-right."""

    superior: str  # "ĐẢNG BỘ TỈNH NINH BÌNH"
    issuer: str  # "ĐẢNG ỦY KHỐI CÁC CƠ QUAN VÀ DOANH NGHIỆP TỈNH"
    place: str  # "Ninh Bình"
    issued_on: date
    number: str = "Số      -BC"
    recipients: list[str] = field(
        default_factory=lambda: [
            "Ban Thường vụ cấp ủy cấp trên (để báo cáo),",
            "Các đồng chí cấp ủy viên,",
            "Lưu Văn phòng.",
        ]
    )
    signer_title: str = "T/M BAN THƯỜNG VỤ"
    signer_role: str = "BÍ THƯ"


@dataclass
class Pack:
    """Several reports in one document (the annual review pack)."""

    title: str
    scope: str
    period: str
    reports: list[Report]
    intro: list[str] = field(default_factory=list)
    organization_id: int | None = None
    letterhead: Letterhead | None = None
