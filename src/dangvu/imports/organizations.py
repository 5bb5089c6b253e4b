"""Organisations from a spreadsheet: the tree is built parents first whatever the rows' order; a row whose code
(or, for an organisation without a code yet, exact name) is already registered changes it through dated events
(org_rename, org_move, org_change_kind), never by overwriting its history.

The optional sheet «Quá trình tổ chức» carries each organisation's dated history (founding, renames, moves, kind
changes, merges, splits, dissolutions), as exports write it: the rows are replayed in date order through the same
services; the moves, merges, dissolutions and kind changes of one date under one document are one reorganisation
decision (members.reorganization.reorganization_record). Path spans are rebuilt once per import (and once before
a decision or a merge, which read the tree), never per organisation."""

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from dangvu.core.dates import format_date
from dangvu.core.errors import DomainError, NotAllowed, NotVisible
from dangvu.members.reorganization import ReorgStep, reorganization_record
from dangvu.members.restructuring import dissolve, merge_into
from dangvu.orgs.models import Organization, OrgEvent, OrgEventKind, OrgKind, Sector
from dangvu.orgs.projection import rebuild_paths
from dangvu.orgs.rules import check_active_on, check_event_order, check_not_future
from dangvu.orgs.scope import require
from dangvu.orgs.services import (
    org_change_kind,
    org_found,
    org_move,
    org_rename,
    org_set_code,
    record_org_event,
)

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
from .refs import by_export_code, is_own_export_code

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
HISTORY = Sheet("history", "Quá trình tổ chức", (
    Column("organization", "Tổ chức (mã hoặc tên)", required=True, example="KCQ.SYT"),
    Column("effective_on", "Ngày hiệu lực", required=True, example="01/07/2025"),
    Column("event", "Sự kiện", required=True, example=OrgEventKind.MOVED.label),
    Column("name", "Tên (thành lập, đổi tên)", example=""),
    Column("kind", "Loại hình (thành lập, đổi loại hình)", example=""),
    Column("parent", "Trực thuộc (thành lập, chuyển trực thuộc)", example="DBUBT"),
    Column("related", "Sáp nhập vào / tách ra (mã hoặc tên)", example=""),
    Column("document", "Văn bản", example="350-QĐ/TU"),
), optional=True)
OUTSIDE = "ngoài phạm vi bạn được quản lý (cần vai trò quản lý tổ chức tại cấp trên)"
DECISION_KINDS: dict[str, str] = {
    OrgEventKind.MOVED: "moved", OrgEventKind.MERGED: "merged", OrgEventKind.DISSOLVED: "dissolved",
    OrgEventKind.KIND_CHANGED: "kind_changed",
}
# The order of the actions of one date: organisations founded (parents first), the rows of the main sheet, renames
# and kind changes, moves, reorganisation decisions, splits, then merges and dissolutions (children moved first).
PHASE: dict[str, int] = {
    "found": 0, "update": 1, OrgEventKind.RENAMED: 2, OrgEventKind.KIND_CHANGED: 2, OrgEventKind.MOVED: 3,
    "decision": 4, OrgEventKind.SPLIT: 5, OrgEventKind.MERGED: 6, OrgEventKind.DISSOLVED: 6,
}


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
        self.founding: _Hist | None = None  # its «Thành lập» row of the history sheet
        self.history: list[_Hist] = []


@dataclass
class _Hist:
    r: RowReader
    o: RowOutcome
    event: str = ""
    on: date | None = None
    row: _Row | None = None  # the organisation: a row of the main sheet...
    org: Organization | None = None  # ...or a registered organisation
    name: str = ""
    kind: str | None = None
    targets: dict[str, "_Row | Organization"] = field(default_factory=dict)  # "parent", "related"
    done_already: bool = False

    def organization(self) -> Organization | None:
        return self.row.org if self.row is not None else self.org

    def target(self, key: str) -> Organization | None:
        t = self.targets.get(key)
        return t.org if isinstance(t, _Row) else t


@dataclass
class _Action:
    on: date
    phase: int
    seq: int
    what: str  # "found" | "update" | "hist" | "decision"
    row: _Row | None = None
    hists: list[_Hist] = field(default_factory=list)


class _Refs:
    """Organisation references of the file (its rows by code, then exact name) and of the system (code, an
    export's "DV" reference, exact name)."""

    def __init__(self, rows: list[_Row], orgs: dict[int, Organization]):
        self.orgs = orgs
        self.by_code = {o.code: o for o in orgs.values() if o.code}
        self.by_name: dict[str, list[Organization]] = {}
        for o in orgs.values():
            self.by_name.setdefault(_fold(o.name), []).append(o)
        self.file_code = {r.code: r for r in rows if r.code}
        self.file_name: dict[str, list[_Row]] = {}
        for r in rows:
            self.file_name.setdefault(_fold(r.name), []).append(r)

    def existing(self, code: str, name: str) -> Organization | None:
        if code:
            found = self.by_code.get(code) or by_export_code(code, self.orgs)
            if found is not None:
                return found
        same = [o for o in self.by_name.get(_fold(name), []) if not o.code] if name else []
        return same[0] if len(same) == 1 else None

    def find(self, ref: str, column: str) -> "_Row | Organization":
        if ref in self.file_code:
            return self.file_code[ref]
        found = self.by_code.get(ref) or by_export_code(ref, self.orgs)
        if found is not None:
            return found
        named = self.file_name.get(_fold(ref), [])
        if len(named) == 1:
            return named[0]
        if len(named) > 1:
            raise BadCell(column, f"tên '{ref}' trùng nhiều dòng trong tệp; ghi mã tổ chức")
        orgs = self.by_name.get(_fold(ref), [])
        living = [o for o in orgs if o.dissolved_on is None] or orgs
        if len(living) == 1:
            return living[0]
        if living:
            raise BadCell(column, f"tên '{ref}' trùng nhiều tổ chức; ghi mã tổ chức")
        raise BadCell(column, f"không có tổ chức mã hoặc tên '{ref}' trong hệ thống hay trong tệp")


class OrganizationsKind(ImportKind):
    key = "organizations"
    label = "Tổ chức đảng"
    sheets = (SHEET, HISTORY)
    action = "manage_org"
    field_columns = {"parent_id": "parent", "effective_on": "changed_on", "name": "name", "kind": "kind",
                     "founded_on": "founded_on", "sector": "sector", "code": "code"}
    guide = (
        "Cột Trực thuộc ghi mã hoặc đúng tên tổ chức cấp trên: một tổ chức đã có trong hệ thống hoặc một dòng khác "
        "của tệp (thứ tự dòng tùy ý: cấp trên được lập trước).",
        "Dòng có Mã tổ chức đã có trong hệ thống (hoặc đúng tên một tổ chức chưa có mã) là cập nhật: đổi tên, chuyển "
        "trực thuộc, đổi loại hình được ghi thành sự kiện có ngày hiệu lực (cột Ngày hiệu lực thay đổi), lịch sử "
        "cũ được giữ nguyên.",
        "Trang «Quá trình tổ chức» (không bắt buộc, tệp xuất từ hệ thống có trang này) ghi từng sự kiện có ngày: "
        "Thành lập (tên, loại hình, trực thuộc lúc thành lập), Đổi tên, Chuyển trực thuộc, Đổi loại hình, Sáp nhập "
        "(vào tổ chức ở cột Sáp nhập vào), Chia tách, Giải thể. Các sự kiện được ghi lại theo thứ tự ngày; chuyển, "
        "sáp nhập, giải thể, đổi loại hình cùng ngày và cùng văn bản là một quyết định sắp xếp. Tổ chức có dòng ở "
        "trang này lấy tên, loại hình, trực thuộc theo quá trình, không theo trang Tổ chức đảng.",
        "Tổ chức chưa có mã được tệp xuất ghi là DV và số của tổ chức trong hệ thống; nhập sang hệ thống khác thì "
        "số đó thành mã tổ chức.",
        "Loại hình: " + "; ".join(k.label for k in OrgKind) + ".",
        "Khối/lĩnh vực: " + "; ".join(s.label for s in Sector) + ".",
        "Sự kiện: " + "; ".join(k.label for k in OrgEventKind) + ".",
    )

    def apply(self, *, actor: _Actor, sheets: Sheets, plan: Any, progress: ProgressFn, write: bool,
              filename: str = "") -> list[RowOutcome]:
        orgs = {o.pk: o for o in Organization.objects.all()}
        rows = [self._read(RowReader(SHEET, raw)) for raw in sheets.get(SHEET.key, [])]
        refs = _Refs(rows, orgs)
        for row in rows:
            row.existing = refs.existing(row.code, row.name)
        hists = [self._read_hist(RowReader(HISTORY, raw), refs) for raw in sheets.get(HISTORY.key, [])]
        self._attach(rows, hists)
        for row in rows:
            if row.existing is None and row.founded_on is None and row.founding is None and row.o.action != ERROR:
                row.o.fail(SHEET.label("founded_on"), "không được để trống khi lập tổ chức mới")
            if row.existing is None or not row.history:
                self._link(row, refs)
        self._order(rows)
        run = _Run(actor, orgs, self)
        actions = self._actions(rows, hists)
        for done, action in enumerate(actions, start=1):
            run.do(action)
            progress(done)
        run.finish()
        for row in rows:
            if row.existing is not None and row.history and row.o.action != ERROR:
                applied = any(h.o.action == NEW for h in row.history)
                row.o.action = UPDATE if applied or row.o.changes else UNCHANGED
        return [r.o for r in rows] + [h.o for h in hists]

    # --- reading ---------------------------------------------------------------------------------------------
    def _read(self, r: RowReader) -> _Row:
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
        return row

    def _read_hist(self, r: RowReader, refs: _Refs) -> _Hist:
        h = _Hist(r, RowOutcome(HISTORY.title, r.line, r.text("organization")))
        try:
            ref = r.text("organization", required=True)
            h.on = r.date("effective_on", required=True)
            h.event = r.choice("event", list(OrgEventKind.choices), required=True) or ""
            h.name = r.text("name")
            h.kind = r.choice("kind", list(OrgKind.choices))
            found = refs.find(ref, "organization")
            if isinstance(found, _Row):
                h.row = found
            else:
                h.org = found
            needs_of: dict[str, str] = {
                OrgEventKind.RENAMED: "name", OrgEventKind.KIND_CHANGED: "kind", OrgEventKind.MOVED: "parent",
                OrgEventKind.MERGED: "related", OrgEventKind.SPLIT: "related",
            }
            needs = needs_of.get(h.event)
            for key in ("parent", "related"):
                if r.text(key):
                    h.targets[key] = refs.find(r.text(key), key)
            if needs == "name" and not h.name or needs == "kind" and not h.kind or \
                    needs in ("parent", "related") and needs not in h.targets:
                raise BadCell(needs or "event", f"cần cho sự kiện «{OrgEventKind(h.event).label}»")
        except BadCell as e:
            h.o.fail(HISTORY.label(e.column), e.detail)
        return h

    def _attach(self, rows: list[_Row], hists: list[_Hist]) -> None:
        """Each history row to its organisation; a «Thành lập» row founds a new one (and is what a registered one
        already has); rows a registered organisation already has are unchanged."""
        known = [h.org.pk for h in hists if h.org is not None] + [r.existing.pk for r in rows if r.existing]
        recorded = set(OrgEvent.objects.filter(organization_id__in=known).values_list(
            "organization_id", "kind", "effective_on"))
        for h in hists:
            if h.o.action == ERROR:
                continue
            if h.row is not None:
                h.row.history.append(h)
                h.o.label = h.row.name
                if h.row.existing is not None:
                    h.org, h.row = h.row.existing, None
            if h.org is not None:
                h.o.label = h.org.name
                if (h.org.pk, h.event, h.on) in recorded:
                    h.done_already = True
                    h.o.action = UNCHANGED
                elif h.event == OrgEventKind.FOUNDED:
                    h.o.fail(HISTORY.label("effective_on"), f"{h.org.name} đã có trong hệ thống, thành lập ngày "
                             f"{format_date(h.org.founded_on)}; ngày thành lập không sửa qua nhập tệp")
            elif h.row is not None and h.event == OrgEventKind.FOUNDED:
                if h.row.founding is not None:
                    h.o.fail(HISTORY.label("event"), f"tổ chức đã có dòng Thành lập (dòng {h.row.founding.r.line})")
                    continue
                h.row.founding = h
                if h.row.founded_on is not None and h.row.founded_on != h.on:
                    h.row.o.fail(SHEET.label("founded_on"), f"khác ngày Thành lập ở trang «{HISTORY.title}» "
                                 f"(dòng {h.r.line})")

    def _link(self, r: _Row, refs: _Refs) -> None:
        """Resolve the row's parent: its founding row's (history sheet), else the main sheet's column."""
        f = r.founding
        if f is not None:
            t = f.targets.get("parent")
            if isinstance(t, _Row):
                r.parent_row = t
            else:
                r.parent_org = t
            r.name = f.name or r.name
            r.kind = f.kind or r.kind
            r.founded_on = f.on
        elif r.parent_ref:
            try:
                t = refs.find(r.parent_ref, "parent")
            except BadCell as e:
                r.o.fail(SHEET.label("parent"), e.detail)
                return
            if isinstance(t, _Row):
                r.parent_row = t
            else:
                r.parent_org = t
        if r.parent_row is r:
            r.o.fail(SHEET.label("parent"), "tổ chức không thể trực thuộc chính nó")
            r.parent_row = None

    def _order(self, rows: list[_Row]) -> None:
        """Rows whose founding parents form a cycle are refused."""
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

        for r in rows:
            visit(r, [])

    def _actions(self, rows: list[_Row], hists: list[_Hist]) -> list[_Action]:
        """Everything to do, in date order (see PHASE); founding parents first within a date."""
        out: list[_Action] = []
        depth: dict[int, int] = {}

        def level(r: _Row, seen: int = 0) -> int:
            if id(r) not in depth:
                depth[id(r)] = 0 if r.parent_row is None or seen > 50 else level(r.parent_row, seen + 1) + 1
            return depth[id(r)]

        for r in rows:
            if r.existing is None:
                out.append(_Action(r.founded_on or date.min, PHASE["found"], level(r), "found", row=r))
            elif not r.history:
                out.append(_Action(r.changed_on or date.min, PHASE["update"], r.r.line, "update", row=r))
            else:
                out.append(_Action(date.min, PHASE["update"], r.r.line, "update", row=r))
        decisions: dict[tuple[date, str], _Action] = {}
        for h in hists:
            if h.o.action == ERROR or h.done_already or h.event == OrgEventKind.FOUNDED or h.on is None:
                continue
            doc = h.r.text("document")
            if h.event in DECISION_KINDS and doc:
                key = (h.on, doc)
                if key not in decisions:
                    decisions[key] = _Action(h.on, PHASE["decision"], h.r.line, "decision")
                    out.append(decisions[key])
                decisions[key].hists.append(h)
            else:
                out.append(_Action(h.on, PHASE[h.event], h.r.line, "hist", hists=[h]))
        out.sort(key=lambda a: (a.on, a.phase, a.seq))
        return out


class _Run:
    """Applies the actions; keeps the organisations' paths in memory (scope checks read them) and rebuilds the
    path spans only when a step reads the tree from the database, and once at the end."""

    def __init__(self, actor: _Actor, orgs: dict[int, Organization], kind: OrganizationsKind):
        self.actor, self.orgs, self.kind = actor, orgs, kind
        self.dirty = False

    def finish(self) -> None:
        if self.dirty:
            rebuild_paths()
            self.dirty = False

    def _sync(self) -> None:
        """Rebuild pending path spans, then refresh every organisation held in memory from the database."""
        self.finish()
        fresh = Organization.objects.in_bulk(list(self.orgs))
        for pk, org in self.orgs.items():
            f = fresh.get(pk)
            if f is not None:
                for attr in ("name", "kind", "parent_id", "dissolved_on", "path", "founded_on", "code"):
                    setattr(org, attr, getattr(f, attr))

    def _placed(self, org: Organization, parent: Organization | None) -> None:
        org.path = f"{parent.path if parent is not None else ''}{org.pk}."
        self.orgs[org.pk] = org
        self.dirty = True

    def do(self, a: _Action) -> None:
        if a.what == "found":
            assert a.row is not None
            self._found(a.row)
        elif a.what == "update":
            assert a.row is not None
            self._update(a.row)
        elif a.what == "decision":
            self._decision(a.hists)
        else:
            self._hist(a.hists[0])

    # --- main sheet ----------------------------------------------------------------------------------------
    def _found(self, row: _Row) -> None:
        o = row.o
        if row.parent_row is not None:
            if row.parent_row.org is None:
                if o.action != ERROR:
                    late = row.parent_row.o.action != ERROR
                    o.fail(SHEET.label("parent"), f"tổ chức cấp trên (dòng {row.parent_row.r.line}) "
                           f"{'thành lập sau tổ chức này' if late else 'có lỗi'}")
                self._fail_history(row)
                return
            row.parent_org = row.parent_row.org
        if o.action == ERROR:
            self._fail_history(row)
            return
        assert row.kind is not None and row.founded_on is not None
        f = row.founding
        try:
            row.org = org_found(
                actor=self.actor, name=row.name, kind=row.kind, parent=row.parent_org, founded_on=row.founded_on,
                sector=row.sector or Sector.OTHER, code=row.code or None, rebuild=False,
                document=f.r.text("document") if f is not None else row.r.text("document"),
                split_from=f.target("related") if f is not None else None,
            )
        except DomainError as e:
            o.fail(self.kind.column_for(e, SHEET, "name"), e.message)
        except (NotVisible, NotAllowed):
            o.fail(SHEET.label("parent"), OUTSIDE)
        if row.org is None:
            self._fail_history(row)
            return
        self._placed(row.org, row.parent_org)
        o.action = NEW
        if f is not None:
            f.o.action = NEW

    def _fail_history(self, row: _Row) -> None:
        for h in row.history:
            if h.o.action != ERROR:
                h.o.fail(HISTORY.label("organization"), f"tổ chức ở dòng {row.r.line} trang «{SHEET.title}» có lỗi")

    def _update(self, row: _Row) -> None:
        """A registered organisation's row: with history rows, only its code and founding date are read here;
        without, its name, parent and kind changes are dated events from the row's «Ngày hiệu lực thay đổi»."""
        org = row.existing
        assert org is not None
        o = row.o
        if row.parent_row is not None:
            if row.parent_row.org is None:
                if o.action != ERROR:
                    o.fail(SHEET.label("parent"), f"tổ chức cấp trên (dòng {row.parent_row.r.line}) có lỗi hoặc "
                           "thành lập sau ngày hiệu lực thay đổi")
                return
            row.parent_org = row.parent_row.org
        if o.action == ERROR:
            return
        try:
            if row.history:
                self._check_fixed(row, org)
                self._set_code(row, org)
            else:
                self._changes(row, org)
        except DomainError as e:
            o.fail(self.kind.column_for(e, SHEET, "name"), e.message)
        except (NotVisible, NotAllowed):
            o.fail(SHEET.label("parent"), OUTSIDE)
        row.org = org

    def _check_fixed(self, row: _Row, org: Organization) -> None:
        if row.sector and row.sector != org.sector:
            raise DomainError(f"khác khối/lĩnh vực đang lưu ({Sector(org.sector).label}); khối/lĩnh vực không "
                              "đổi qua nhập tệp, sửa trên trang tổ chức", field="sector", rule="import_fixed")
        if row.founded_on and row.founded_on != org.founded_on:
            raise DomainError(f"khác ngày thành lập đang lưu ({format_date(org.founded_on)}); ngày thành lập là sự "
                              "kiện đã ghi, không sửa qua nhập tệp", field="founded_on", rule="import_fixed")

    def _set_code(self, row: _Row, org: Organization) -> None:
        if row.code and org.code != row.code and not is_own_export_code(org, row.code):
            row.o.changes.append(f"Mã: {org.code or ''} → {row.code}")
            org_set_code(actor=self.actor, org=org, code=row.code)

    def _changes(self, row: _Row, org: Organization) -> None:
        o = row.o
        changes: list[tuple[str, Any]] = []
        if row.name and row.name != org.name:
            changes.append(("name", row.name))
        if row.parent_org is not None and row.parent_org.pk != org.parent_id:
            changes.append(("parent", row.parent_org))
        if row.kind and row.kind != org.kind:
            changes.append(("kind", row.kind))
        self._check_fixed(row, org)
        if changes and row.changed_on is None:
            o.fail(SHEET.label("changed_on"), "cần ngày hiệu lực để ghi thay đổi (đổi tên, chuyển trực thuộc, "
                   "đổi loại hình) thành sự kiện")
            return
        doc = row.r.text("change_document")
        self._set_code(row, org)
        for what, value in changes:
            assert row.changed_on is not None
            if what == "name":
                o.changes.append(f"Tên: {org.name} → {value} (từ {format_date(row.changed_on)})")
                org_rename(actor=self.actor, org=org, name=value, effective_on=row.changed_on, document=doc)
            elif what == "parent":
                o.changes.append(f"Trực thuộc: {org.parent.name if org.parent else ''} → {value.name} "
                                 f"(từ {format_date(row.changed_on)})")
                org_move(actor=self.actor, org=org, parent=value, effective_on=row.changed_on, document=doc,
                         rebuild=False)
                self._placed(org, value)
            else:
                o.changes.append(f"Loại hình: {OrgKind(org.kind).label} → {OrgKind(value).label} "
                                 f"(từ {format_date(row.changed_on)})")
                org_change_kind(actor=self.actor, org=org, kind=value, effective_on=row.changed_on, document=doc)
        o.action = UPDATE if o.changes else UNCHANGED

    # --- history sheet -------------------------------------------------------------------------------------
    def _ready(self, h: _Hist) -> Organization | None:
        """The organisation and targets of a history row, or None (the row is refused) when one of them could
        not be founded."""
        if h.o.action == ERROR:
            return None
        org = h.organization()
        if org is None:  # its main row failed (said by _fail_history), or the row is dated before the founding
            if h.o.action != ERROR:
                h.o.fail(HISTORY.label("effective_on"), "trước ngày thành lập của tổ chức")
            return None
        for key, t in h.targets.items():
            if isinstance(t, _Row) and t.org is None:
                h.o.fail(HISTORY.label(key), f"tổ chức ở dòng {t.r.line} trang «{SHEET.title}» có lỗi hoặc chưa "
                         "thành lập vào ngày này")
                return None
        return org

    def _hist(self, h: _Hist) -> None:
        org = self._ready(h)
        if org is None:
            return
        assert h.on is not None
        doc = h.r.text("document")
        try:
            if h.event == OrgEventKind.RENAMED:
                org_rename(actor=self.actor, org=org, name=h.name, effective_on=h.on, document=doc)
            elif h.event == OrgEventKind.KIND_CHANGED:
                assert h.kind is not None
                org_change_kind(actor=self.actor, org=org, kind=h.kind, effective_on=h.on, document=doc)
            elif h.event == OrgEventKind.MOVED:
                parent = h.target("parent")
                assert parent is not None
                org_move(actor=self.actor, org=org, parent=parent, effective_on=h.on, document=doc, rebuild=False)
                self._placed(org, parent)
            elif h.event == OrgEventKind.SPLIT:
                self._split(org, h, doc)
            else:
                self._sync()  # a merge or a dissolution reads the tree and the members from the database
                if h.event == OrgEventKind.MERGED:
                    into = h.target("related")
                    assert into is not None
                    merge_into(actor=self.actor, org=org, into=into, effective_on=h.on, document=doc)
                else:
                    dissolve(actor=self.actor, org=org, effective_on=h.on, document=doc)
                self._sync()
            h.o.action = NEW
        except DomainError as e:
            h.o.fail(self._column(e), e.message)
        except (NotVisible, NotAllowed):
            h.o.fail(HISTORY.label("organization"), OUTSIDE)

    def _split(self, org: Organization, h: _Hist, doc: str) -> None:
        """The source's side of a split: the new organisation is founded by its own «Thành lập» row (its members
        follow by the members' own history, ORG_SPLIT)."""
        new = h.target("related")
        assert new is not None and h.on is not None
        require(self.actor, "manage_org", org)
        check_not_future(h.on)
        check_active_on(org, h.on, "effective_on")
        check_event_order(org, h.on)
        record_org_event(actor=self.actor, org=org, kind=OrgEventKind.SPLIT, effective_on=h.on, document=doc,
                         related=new, name=h.name or new.name, rebuild=False)

    def _decision(self, hists: list[_Hist]) -> None:
        """The moves, merges, dissolutions and kind changes of one date and document: one reorganisation decision
        (all or nothing; paths rebuilt once for it)."""
        ready = [(h, self._ready(h)) for h in hists]
        live = [(h, org) for h, org in ready if org is not None]
        if len(live) < len(hists):
            for h, _org in live:
                h.o.fail(HISTORY.label("document"), "quyết định sắp xếp cùng ngày, cùng văn bản có dòng lỗi")
            return
        steps = []
        for h, org in live:
            kind = DECISION_KINDS[h.event]
            target = h.target("parent") if kind == "moved" else h.target("related")
            steps.append(ReorgStep(org.pk, kind, parent_id=target.pk if kind == "moved" and target else None,
                                   into_id=target.pk if kind == "merged" and target else None,
                                   new_kind=h.kind if kind == "kind_changed" else None))
        self._sync()
        first = hists[0]
        assert first.on is not None
        try:
            reorganization_record(actor=self.actor, effective_on=first.on, document=first.r.text("document"),
                                  steps=steps)
        except DomainError as e:
            for h in hists:
                h.o.fail(self._column(e), e.message)
            return
        except (NotVisible, NotAllowed):
            for h in hists:
                h.o.fail(HISTORY.label("organization"), OUTSIDE)
            return
        self._sync()
        for h in hists:
            h.o.action = NEW

    def _column(self, e: DomainError) -> str:
        name = (e.field or "").split(".")[-1]
        key = {"parent_id": "parent", "into_id": "related", "name": "name", "kind": "kind", "new_kind": "kind",
               "document": "document"}.get(name, "effective_on")
        return HISTORY.label(key)
