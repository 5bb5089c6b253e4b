"""Organisations from a spreadsheet: the tree is built parents first whatever the rows' order; a row whose code
(or, for an organisation without a code yet, exact name) is already registered changes it through dated events
(org_rename, org_move, org_change_kind), never by overwriting its history."""

from datetime import date
from typing import Any

from dangvu.core.dates import format_date
from dangvu.core.errors import DomainError, NotAllowed, NotVisible
from dangvu.orgs.models import Organization, OrgKind, Sector
from dangvu.orgs.services import org_change_kind, org_found, org_move, org_rename, org_set_code

from .cells import RowReader
from .kinds import (
    ERROR,
    NEW,
    UNCHANGED,
    UPDATE,
    BadCell,
    Column,
    ImportKind,
    ProgressFn,
    RowOutcome,
    Sheet,
    Sheets,
)
from .kinds import Actor as _Actor

SHEET = Sheet("organizations", "Tổ chức đảng", (
    Column("code", "Mã tổ chức", example="KCQ.SYT"),
    Column("name", "Tên tổ chức", required=True, example="Đảng bộ Sở Y tế"),
    Column("kind", "Loại hình", required=True, example=OrgKind.GRASSROOTS_COMMITTEE.label),
    Column("sector", "Khối/lĩnh vực", example=Sector.STATE_AGENCY.label),
    Column("parent", "Trực thuộc (mã hoặc tên)", example="KCQ"),
    Column("founded_on", "Ngày thành lập", required=True, example="01/03/2008"),
    Column("document", "Văn bản thành lập", example="125-QĐ/ĐUK"),
    Column("changed_on", "Ngày hiệu lực thay đổi", example=""),
    Column("change_document", "Văn bản thay đổi", example=""),
))
OUTSIDE = "ngoài phạm vi bạn được quản lý (cần vai trò quản lý tổ chức tại cấp trên)"


def _fold(text: str) -> str:
    return " ".join((text or "").split()).casefold()


class _Row:
    def __init__(self, reader: RowReader, outcome: RowOutcome):
        self.r, self.o = reader, outcome
        self.code, self.name, self.parent_ref = "", "", ""
        self.kind: str | None = None
        self.sector: str | None = None
        self.founded_on: date | None = None
        self.changed_on: date | None = None
        self.existing: Organization | None = None
        self.org: Organization | None = None  # after it is applied
        self.parent_row: _Row | None = None
        self.parent_org: Organization | None = None


class OrganizationsKind(ImportKind):
    key = "organizations"
    label = "Tổ chức đảng"
    sheets = (SHEET,)
    action = "manage_org"
    field_columns = {"parent_id": "parent", "effective_on": "changed_on", "name": "name", "kind": "kind",
                     "founded_on": "founded_on", "sector": "sector", "code": "code"}
    guide = (
        "Cột Trực thuộc ghi mã hoặc đúng tên tổ chức cấp trên: một tổ chức đã có trong hệ thống hoặc một dòng khác "
        "của tệp (thứ tự dòng tùy ý: cấp trên được lập trước).",
        "Dòng có Mã tổ chức đã có trong hệ thống (hoặc đúng tên một tổ chức chưa có mã) là cập nhật: đổi tên, chuyển "
        "trực thuộc, đổi loại hình được ghi thành sự kiện có ngày hiệu lực (cột Ngày hiệu lực thay đổi), lịch sử "
        "cũ được giữ nguyên.",
        "Loại hình: " + "; ".join(k.label for k in OrgKind) + ".",
        "Khối/lĩnh vực: " + "; ".join(s.label for s in Sector) + ".",
    )

    def apply(self, *, actor: _Actor, sheets: Sheets, plan: Any, progress: ProgressFn, write: bool,
              filename: str = "") -> list[RowOutcome]:
        all_orgs = list(Organization.objects.all())
        by_code = {o.code: o for o in all_orgs if o.code}
        by_name: dict[str, list[Organization]] = {}
        for o in all_orgs:
            by_name.setdefault(_fold(o.name), []).append(o)
        rows = [self._read(RowReader(SHEET, raw), by_code, by_name) for raw in sheets.get(SHEET.key, [])]
        self._link(rows, by_code, by_name)
        for done, row in enumerate(self._order(rows), start=1):
            self._apply_row(actor, row, by_code)
            progress(done)
        return [r.o for r in rows]

    # --- reading ---------------------------------------------------------------------------------------------
    def _read(self, r: RowReader, by_code: dict[str, Organization],
              by_name: dict[str, list[Organization]]) -> _Row:
        row = _Row(r, RowOutcome(SHEET.title, r.line, r.text("name") or r.text("code")))
        for key, read in (
            ("code", lambda: r.text("code")), ("name", lambda: r.text("name", required=True)),
            ("kind", lambda: r.choice("kind", list(OrgKind.choices), required=True)),
            ("sector", lambda: r.choice("sector", list(Sector.choices))),
            ("parent_ref", lambda: r.text("parent")), ("founded_on", lambda: r.date("founded_on")),
            ("changed_on", lambda: r.date("changed_on")),
        ):
            try:
                setattr(row, key, read())
            except BadCell as e:
                row.o.fail(SHEET.label(e.column), e.detail)
        if row.code:
            row.existing = by_code.get(row.code)
        if row.existing is None and row.name:
            same = [o for o in by_name.get(_fold(row.name), []) if not o.code]
            if len(same) == 1:
                row.existing = same[0]
        if row.existing is None and row.founded_on is None and row.o.action != ERROR:
            row.o.fail(SHEET.label("founded_on"), "không được để trống khi lập tổ chức mới")
        return row

    def _link(self, rows: list[_Row], by_code: dict[str, Organization],
              by_name: dict[str, list[Organization]]) -> None:
        """Resolve each parent reference: a row of the file (by code, then exact name) or a registered one."""
        file_code = {r.code: r for r in rows if r.code}
        file_name: dict[str, list[_Row]] = {}
        for r in rows:
            file_name.setdefault(_fold(r.name), []).append(r)
        for r in rows:
            ref = r.parent_ref
            if not ref:
                continue
            col = SHEET.label("parent")
            if ref in file_code:
                r.parent_row = file_code[ref]
            elif ref in by_code:
                r.parent_org = by_code[ref]
            elif len(file_name.get(_fold(ref), [])) == 1:
                r.parent_row = file_name[_fold(ref)][0]
            elif len(file_name.get(_fold(ref), [])) > 1:
                r.o.fail(col, f"tên '{ref}' trùng nhiều dòng trong tệp; ghi mã tổ chức")
            else:
                found = [o for o in by_name.get(_fold(ref), []) if o.dissolved_on is None]
                if len(found) == 1:
                    r.parent_org = found[0]
                elif found:
                    r.o.fail(col, f"tên '{ref}' trùng nhiều tổ chức; ghi mã tổ chức")
                else:
                    r.o.fail(col, f"không có tổ chức mã hoặc tên '{ref}' trong hệ thống hay trong tệp")
            if r.parent_row is r:
                r.o.fail(col, "tổ chức không thể trực thuộc chính nó")
                r.parent_row = None

    def _order(self, rows: list[_Row]) -> list[_Row]:
        """Parents before children (rows whose parent rows form a cycle are refused)."""
        out: list[_Row] = []
        state: dict[int, int] = {}  # 1 visiting, 2 done

        def visit(r: _Row, chain: list[_Row]) -> None:
            s = state.get(id(r))
            if s == 2:
                return
            if s == 1:
                for c in chain[chain.index(r):]:
                    c.o.fail(SHEET.label("parent"), "các dòng trực thuộc lẫn nhau thành vòng")
                return
            state[id(r)] = 1
            if r.parent_row is not None:
                visit(r.parent_row, [*chain, r])
            state[id(r)] = 2
            out.append(r)

        for r in rows:
            visit(r, [])
        return out

    # --- applying --------------------------------------------------------------------------------------------
    def _apply_row(self, actor: _Actor, row: _Row, by_code: dict[str, Organization]) -> None:
        o = row.o
        if row.parent_row is not None:
            if row.parent_row.org is None:
                if o.action != ERROR:
                    o.fail(SHEET.label("parent"), f"tổ chức cấp trên (dòng {row.parent_row.r.line}) có lỗi")
                return
            row.parent_org = row.parent_row.org
        if o.action == ERROR:
            return
        try:
            if row.existing is None:
                self._found(actor, row)
            else:
                self._update(actor, row)
        except DomainError as e:
            o.fail(self.column_for(e, SHEET, "name"), e.message)
        except (NotVisible, NotAllowed):
            o.fail(SHEET.label("parent"), OUTSIDE)
        if row.org is not None and row.org.code:
            by_code[row.org.code] = row.org

    def _found(self, actor: _Actor, row: _Row) -> None:
        assert row.kind is not None and row.founded_on is not None
        row.org = org_found(
            actor=actor, name=row.name, kind=row.kind, parent=row.parent_org, founded_on=row.founded_on,
            sector=row.sector or Sector.OTHER, document=row.r.text("document"), code=row.code or None,
        )
        row.o.action = NEW

    def _update(self, actor: _Actor, row: _Row) -> None:
        org = row.existing
        assert org is not None
        o = row.o
        changes: list[tuple[str, Any]] = []
        if row.name and row.name != org.name:
            changes.append(("name", row.name))
        if row.parent_org is not None and row.parent_org.pk != org.parent_id:
            changes.append(("parent", row.parent_org))
        if row.kind and row.kind != org.kind:
            changes.append(("kind", row.kind))
        if row.sector and row.sector != org.sector:
            o.fail(SHEET.label("sector"), f"khác khối/lĩnh vực đang lưu ({Sector(org.sector).label}); "
                   "khối/lĩnh vực không đổi qua nhập tệp, sửa trên trang tổ chức")
            return
        if row.founded_on and row.founded_on != org.founded_on:
            o.fail(SHEET.label("founded_on"), f"khác ngày thành lập đang lưu ({format_date(org.founded_on)}); "
                   "ngày thành lập là sự kiện đã ghi, không sửa qua nhập tệp")
            return
        if changes and row.changed_on is None:
            o.fail(SHEET.label("changed_on"), "cần ngày hiệu lực để ghi thay đổi (đổi tên, chuyển trực thuộc, "
                   "đổi loại hình) thành sự kiện")
            return
        doc = row.r.text("change_document")
        if row.code and org.code != row.code:
            org = org_set_code(actor=actor, org=org, code=row.code)
            o.changes.append(f"Mã: {org.code or ''} → {row.code}")
        for what, value in changes:
            assert row.changed_on is not None
            if what == "name":
                o.changes.append(f"Tên: {org.name} → {value} (từ {format_date(row.changed_on)})")
                org_rename(actor=actor, org=org, name=value, effective_on=row.changed_on, document=doc)
            elif what == "parent":
                o.changes.append(f"Trực thuộc: {org.parent.name if org.parent else ''} → {value.name} "
                                 f"(từ {format_date(row.changed_on)})")
                org_move(actor=actor, org=org, parent=value, effective_on=row.changed_on, document=doc)
            else:
                o.changes.append(f"Loại hình: {OrgKind(org.kind).label} → {OrgKind(value).label} "
                                 f"(từ {format_date(row.changed_on)})")
                org_change_kind(actor=actor, org=org, kind=value, effective_on=row.changed_on, document=doc)
            org.refresh_from_db()
        row.org = org
        o.action = UPDATE if o.changes else UNCHANGED
