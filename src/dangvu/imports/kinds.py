"""The registry of import kinds and what each row comes out as. A kind declares its sheets and columns (the
template, the Vietnamese headings), reads its rows through `cells.RowReader`, and applies them through the real
services (`ImportKind.apply`). The engine (engine.py) does the rest for every kind alike."""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from dangvu.core.actors import Actor
from dangvu.core.errors import DomainError

Rows = list[dict[str, Any]]
Sheets = dict[str, Rows]
ProgressFn = Callable[[int], None]

NEW, UPDATE, UNCHANGED, ERROR = "new", "update", "unchanged", "error"
ACTIONS = (NEW, UPDATE, UNCHANGED, ERROR)
ACTION_LABELS = {NEW: "Thêm mới", UPDATE: "Cập nhật", UNCHANGED: "Không đổi", ERROR: "Lỗi"}


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    required: bool = False  # for a new record
    example: str = ""
    sensitive: bool = False  # personal data: exported only to roles that may see it
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Sheet:
    key: str
    title: str
    columns: tuple[Column, ...]
    optional: bool = False  # history sheets: the file may leave them out

    def label(self, key: str) -> str:
        for c in self.columns:
            if c.key == key:
                return c.label
        return key


@dataclass
class CellError:
    sheet: str  # the sheet's title
    row: int  # the spreadsheet's line number (the heading is line 1)
    column: str  # the column's heading
    detail: str

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "column": self.column, "detail": self.detail}

    def sentence(self) -> str:
        return f"{self.sheet}, dòng {self.row}, cột \"{self.column}\": {self.detail}"


@dataclass
class RowOutcome:
    sheet: str
    row: int
    label: str  # who or what the row is about (a name)
    action: str = NEW
    errors: list[CellError] = field(default_factory=list)
    changes: list[str] = field(default_factory=list)  # "Tên: cũ → mới"

    def fail(self, column: str, detail: str) -> None:
        self.action = ERROR
        self.errors.append(CellError(self.sheet, self.row, column, detail))

    def as_dict(self) -> dict[str, Any]:
        return {"sheet": self.sheet, "row": self.row, "label": self.label, "action": self.action,
                "errors": [e.as_dict() for e in self.errors], "changes": self.changes}


class BadCell(Exception):
    """One cell refused: `column` is the column's key (or heading), `detail` the Vietnamese reason."""

    def __init__(self, column: str, detail: str):
        super().__init__(detail)
        self.column = column
        self.detail = detail


class ImportKind:
    """One kind of import. Subclasses set the class attributes and implement `apply`."""

    key: str = ""
    label: str = ""  # "Đảng viên"
    sheets: tuple[Sheet, ...] = ()
    guide: tuple[str, ...] = ()
    action: str = "record_member"  # the role action an uploader needs (orgs.scope / accounts.ROLE_ACTIONS)
    # service error fields → column keys of the main sheet ("parent_id" → "parent")
    field_columns: dict[str, str] = {}

    @property
    def main(self) -> Sheet:
        return self.sheets[0]

    def sheet(self, key: str) -> Sheet:
        return next(s for s in self.sheets if s.key == key)

    def prepare(self, *, actor: Actor, sheets: Sheets, progress: ProgressFn) -> Any:
        """Read-only work done before the transaction in a dry run (so that its progress can be seen), inside it
        for the confirmation: bulk lookups, in-memory checks. Its return value is given to `apply`."""
        return None

    def apply(
        self, *, actor: Actor, sheets: Sheets, plan: Any, progress: ProgressFn, write: bool, filename: str = "",
    ) -> list[RowOutcome]:
        """Run every row through the services (inside the engine's transaction); return one outcome per row.
        `write` is False for the dry run (the engine rolls everything back) and True for the confirmation."""
        raise NotImplementedError

    def column_for(self, error: DomainError, sheet: Sheet, default: str) -> str:
        """The heading of the column a service's DomainError is about."""
        name = error.field or ""
        key = self.field_columns.get(name, name)
        if key.endswith("_id") and not any(c.key == key for c in sheet.columns):
            key = key[:-3]
        if any(c.key == key for c in sheet.columns):
            return sheet.label(key)
        return sheet.label(default)


REGISTRY: dict[str, ImportKind] = {}


def register(kind: ImportKind) -> ImportKind:
    REGISTRY[kind.key] = kind
    return kind


def get_kind(key: str) -> ImportKind:
    """The registered kind, or a DomainError listing the kinds there are."""
    from . import registry  # noqa: F401 — registers the built-in kinds on first use

    kind = REGISTRY.get(key or "")
    if kind is None:
        raise DomainError(
            f"Loại dữ liệu '{key}' không hợp lệ; chọn một trong: {', '.join(sorted(REGISTRY))}.",
            field="kind", rule="choices",
        )
    return kind


def all_kinds() -> list[ImportKind]:
    from . import registry  # noqa: F401

    return list(REGISTRY.values())


_COLUMN_IN_REASON = re.compile(r'^Cột "([^"]+)":\s*(.*)$', re.S)


def split_reason(reason: str) -> tuple[str, str]:
    """'Cột "X": message' → ("X", "message") for adapters whose rows report one sentence."""
    m = _COLUMN_IN_REASON.match(reason or "")
    return (m.group(1), m.group(2)) if m else ("", reason)
