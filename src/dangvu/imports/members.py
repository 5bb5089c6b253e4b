"""Members from a spreadsheet (the 1-HSĐV fields the system keeps) with optional history sheets (transfers,
recognitions, departures). A row matches a registered member by citizen id, else card number, and updates it
through the services (member_update_profile, member_recognise_full, the lifecycle services). New members take a
bulk path: every table the file refers to is read once, each row is checked with the services' own rule functions
(dangvu.members.rules) and folded with the same projection (compute_member), then written in bulk — exactly the
rows member_record and the lifecycle services would write, so `dangvu rebuild --check` stays clean."""

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone

from dangvu.core.actors import recorded_by
from dangvu.core.audit import snapshot
from dangvu.core.dates import add_months, today
from dangvu.core.errors import DomainError, NotAllowed, NotVisible
from dangvu.core.models import AuditEntry
from dangvu.core.text import name_sort_key, search_key
from dangvu.documents.uses import link_records
from dangvu.members.models import (
    EventKind,
    FamilyRelation,
    FamilyRelationKind,
    Member,
    MemberEvent,
    MembershipSpan,
    Sex,
    TheoryLevel,
)
from dangvu.members.projection import compute_member
from dangvu.members.rules import (
    admission_age_max,
    check_admission_age,
    check_cell,
    check_member_event,
    check_temporary_period,
    check_transfer_target,
    clean_card_number,
    clean_citizen_id,
)
from dangvu.members.services import (
    PROFILE_FIELDS,
    member_leave,
    member_recognise_full,
    member_record_event,
    member_transfer,
    member_transfer_out,
    member_update_profile,
)
from dangvu.members.services.family import (
    check_relative,
    member_family_add,
    member_family_update,
    relative_values,
)
from dangvu.members.services.record import check_profile
from dangvu.members.snapshots import snapshots_invalidate
from dangvu.orgs.models import Organization, OrgEvent, OrgEventKind
from dangvu.orgs.rules import check_not_future
from dangvu.orgs.scope import can, scope_of

from .cells import RowReader
from .kinds import (
    ERROR,
    NEW,
    UNCHANGED,
    UPDATE,
    Actor,
    BadCell,
    Column,
    ImportKind,
    ProgressFn,
    RowOutcome,
    Sheet,
    Sheets,
)
from .refs import by_export_code

ID_COLUMNS = (
    Column("citizen_id", "Số CCCD", example="037085001234", sensitive=True, aliases=("CCCD", "Số căn cước")),
    Column("card_number", "Số thẻ đảng viên", example="12345678"),
)
MAIN = Sheet("members", "Đảng viên", (
    Column("full_name", "Họ và tên", required=True, example="Nguyễn Thị Hồng Hạnh"),
    Column("other_name", "Tên gọi khác"),
    Column("sex", "Giới tính", required=True, example="Nữ"),
    Column("birth_date", "Ngày sinh", required=True, example="05/09/1985"),
    *ID_COLUMNS,
    Column("ethnic_group", "Dân tộc", example="Kinh"),
    Column("religion", "Tôn giáo", example="Không"),
    Column("birthplace", "Nơi sinh"),
    Column("home_town", "Quê quán", example="Hoa Lư, Ninh Bình"),
    Column("address", "Nơi ở hiện nay", sensitive=True),
    Column("phone", "Điện thoại", sensitive=True),
    Column("education", "Giáo dục phổ thông", example="12/12"),
    Column("qualification", "Chuyên môn, nghiệp vụ", example="Cử nhân Kinh tế"),
    Column("theory_level", "Lý luận chính trị", example=TheoryLevel.INTERMEDIATE.label),
    Column("occupation", "Nghề nghiệp, chức vụ", example="Chuyên viên"),
    Column("organization", "Chi bộ (mã hoặc tên)", required=True, example="Chi bộ Văn phòng Sở"),
    Column("admitted_on", "Ngày quyết định kết nạp", required=True, example="10/05/2010"),
    Column("ceremony_on", "Ngày lễ kết nạp", example="19/05/2010"),
    Column("full_on", "Ngày công nhận chính thức", example="19/05/2011"),
    Column("joined_on", "Ngày chuyển đến chi bộ", example=""),
    Column("document", "Quyết định kết nạp/chuyển đến", example="15-QĐ/ĐU"),
    Column("over_age_decision", "Quyết định của tỉnh ủy cho kết nạp trên 60 tuổi", example=""),
))
TRANSFERS = Sheet("transfers", "Chuyển sinh hoạt", (
    *ID_COLUMNS,
    Column("effective_on", "Ngày chuyển", required=True, example="01/07/2015"),
    Column("to_organization", "Chuyển đến chi bộ (mã hoặc tên)", required=True, example="Chi bộ Phòng Kế hoạch"),
    Column("temporary", "Tạm thời (có/không)", example="không"),
    Column("temporary_until", "Sinh hoạt tạm thời đến ngày", example=""),
    Column("temporary_purpose", "Lý do sinh hoạt tạm thời", example=""),
    Column("document", "Văn bản", example="20-QĐ/ĐU"),
), optional=True)
RECOGNITIONS = Sheet("recognitions", "Công nhận chính thức", (
    *ID_COLUMNS,
    Column("effective_on", "Ngày công nhận", required=True, example="19/05/2011"),
    Column("document", "Quyết định", example="30-QĐ/ĐU"),
), optional=True)
DEPARTURE_KINDS = [
    (EventKind.TRANSFERRED_OUT.value, "Chuyển ra ngoài"), (EventKind.STRUCK_OFF.value, EventKind.STRUCK_OFF.label),
    (EventKind.EXPELLED.value, EventKind.EXPELLED.label), (EventKind.RELEASED.value, EventKind.RELEASED.label),
    (EventKind.DECEASED.value, EventKind.DECEASED.label),
]
DEPARTURES = Sheet("departures", "Ra khỏi danh sách", (
    *ID_COLUMNS,
    Column("kind", "Hình thức", required=True, example="Chuyển ra ngoài"),
    Column("effective_on", "Ngày", required=True, example="01/09/2020"),
    Column("destination", "Nơi chuyển đến", example="Đảng bộ tỉnh Thanh Hóa"),
    Column("document", "Văn bản", example=""),
), optional=True)
OTHER_KINDS = [(k.value, k.label) for k in (
    EventKind.TEMPORARY_ENDED, EventKind.EXEMPTED, EventKind.EXEMPTION_ENDED, EventKind.REINSTATED,
    EventKind.READMITTED, EventKind.ORG_MERGED, EventKind.ORG_SPLIT,
)]
OTHER = Sheet("events", "Quá trình khác", (
    *ID_COLUMNS,
    Column("kind", "Sự kiện", required=True, example=EventKind.EXEMPTED.label),
    Column("effective_on", "Ngày", required=True, example="01/03/2021"),
    Column("to_organization", "Chi bộ (phục hồi, kết nạp lại, theo sáp nhập/chia tách)", example=""),
    Column("document", "Văn bản", example=""),
), optional=True)
HISTORY = (TRANSFERS, RECOGNITIONS, DEPARTURES, OTHER)
# «Hoàn cảnh gia đình» of the profile (1-HSĐV), one relative a row, keyed by the member's CCCD or card number; a
# relative is recognised by the member, the relation and the name (compared without case and extra spaces).
RELATIONS = [(v, label) for v, label in FamilyRelationKind.choices]
FAMILY = Sheet("family", "Quan hệ gia đình", (
    *ID_COLUMNS,
    Column("relation", "Quan hệ", required=True, example=FamilyRelationKind.FATHER.label),
    Column("full_name", "Họ và tên người thân", required=True, example="Nguyễn Văn Lộc"),
    Column("birth_year", "Năm sinh", example="1948"),
    Column("occupation", "Nghề nghiệp, nơi làm việc", example="Nghỉ hưu"),
    Column("political_attitude", "Lịch sử, thái độ chính trị", example="Đảng viên, cựu chiến binh"),
), optional=True)
RELATIVE_FIELDS = ("birth_year", "occupation", "political_attitude")
RETURNS = {EventKind.REINSTATED, EventKind.READMITTED}
FOLLOWS: dict[str, str] = {EventKind.ORG_MERGED: OrgEventKind.MERGED, EventKind.ORG_SPLIT: OrgEventKind.SPLIT}
# Events of one member on one day, in the order they happen (the file's sheets do not say it).
SAME_DAY: dict[str, int] = {EventKind.RECOGNISED_FULL: 0, EventKind.TEMPORARY_ENDED: 1, EventKind.EXEMPTION_ENDED: 2,
            EventKind.TRANSFERRED: 3, EventKind.ORG_MERGED: 3, EventKind.ORG_SPLIT: 3, EventKind.EXEMPTED: 4,
            EventKind.REINSTATED: 6, EventKind.READMITTED: 6}
IDENTITY = ("full_name", "sex", "birth_date", "admitted_on", "ceremony_on")
SEXES = [(Sex.MALE.value, "Nam"), (Sex.FEMALE.value, "Nữ")]
PURPOSES = [("work", "Công tác, lao động"), ("study", "Học tập tập trung")]
THEORY = [(v, label) for v, label in TheoryLevel.choices]
OUTSIDE = "chi bộ ngoài phạm vi bạn được ghi hồ sơ đảng viên"


def over_age_note(decision: str) -> str:
    """The note member_record writes on the admission of a member over the age limit (read back by exports)."""
    return f"Kết nạp trên {admission_age_max()} tuổi theo quyết định {decision} của tỉnh ủy."


OVER_AGE_NOTE = re.compile(r"theo quyết định (.+) của tỉnh ủy\.$")


def _fold(text: str) -> str:
    return " ".join((text or "").split()).casefold()


@dataclass
class _Main:
    r: RowReader
    o: RowOutcome
    ident: str = ""
    existing: Member | None = None
    member: Member | None = None  # new: unsaved, its projection folded in memory
    events: list[MemberEvent] = field(default_factory=list)
    profile: dict[str, Any] = field(default_factory=dict)  # existing: the fields to change
    recognise_on: date | None = None  # existing: recognition to record
    main_count: int = 0  # new: how many of `events` member_record itself writes (audited as one entry)


@dataclass
class _Hist:
    sheet: Sheet
    r: RowReader
    o: RowOutcome
    kind: str = ""
    on: date | None = None
    to: Organization | None = None
    temporary: bool = False
    temporary_until: date | None = None
    temporary_purpose: str = ""
    done_already: bool = False
    owner_main: _Main | None = None  # a member new in this file
    owner: Member | None = None  # a registered member


@dataclass
class _Fam:
    r: RowReader
    o: RowOutcome
    values: dict[str, Any] = field(default_factory=dict)  # the non-blank cells (service field names)
    existing: FamilyRelation | None = None  # the relative to correct (registered member)
    owner_main: _Main | None = None  # a member new in this file
    owner: Member | None = None  # a registered member


@dataclass
class _Plan:
    mains: list[_Main]
    hists: list[_Hist]
    orgs: dict[int, Organization]
    family: list[_Fam] = field(default_factory=list)


class MembersKind(ImportKind):
    key = "members"
    label = "Đảng viên"
    sheets = (MAIN, *HISTORY, FAMILY)
    action = "record_member"
    field_columns = {"organization_id": "organization", "to_organization_id": "to_organization",
                     "effective_on": "effective_on"}
    guide = (
        "Một đảng viên một dòng ở trang Đảng viên; đảng viên đã có (cùng Số CCCD, nếu không có thì cùng Số thẻ "
        "đảng viên; hồ sơ không có cả hai số: cùng họ tên, ngày sinh và ngày kết nạp) được cập nhật: ô để trống giữ "
        "nguyên giá trị đang lưu.",
        "Chi bộ ghi mã tổ chức hoặc đúng tên chi bộ nơi đảng viên được kết nạp (hoặc chuyển đến từ ngoài hệ thống "
        "vào ngày ở cột Ngày chuyển đến chi bộ); các lần chuyển sau ghi ở trang Chuyển sinh hoạt.",
        "Họ tên, giới tính, ngày sinh, ngày kết nạp, ngày lễ kết nạp của đảng viên đã có không sửa qua nhập tệp.",
        "Các trang Chuyển sinh hoạt, Công nhận chính thức, Ra khỏi danh sách (không bắt buộc) ghi quá trình theo "
        "ngày; mỗi dòng nhận ra đảng viên bằng Số CCCD hoặc Số thẻ đảng viên.",
        "Giới tính: Nam/Nữ. Lý luận chính trị: " + "; ".join(label for _v, label in THEORY) + ".",
        "Hình thức ra khỏi danh sách: " + "; ".join(label for _v, label in DEPARTURE_KINDS) + ".",
        "Trang Quá trình khác (không bắt buộc): " + "; ".join(label for _v, label in OTHER_KINDS) + "; phục hồi, "
        "kết nạp lại ghi chi bộ nhận (để trống: chi bộ cuối cùng), theo sáp nhập/chia tách ghi chi bộ đến.",
        "Trang Quan hệ gia đình (không bắt buộc): một người thân một dòng (mục «Hoàn cảnh gia đình» của lý lịch "
        "1-HSĐV), nhận ra đảng viên bằng Số CCCD hoặc Số thẻ đảng viên. Người thân đã có (cùng đảng viên, quan hệ và "
        "họ tên) được cập nhật — ô để trống giữ nguyên giá trị đang lưu; người thân khác được thêm. Quan hệ: "
        + "; ".join(label for _v, label in RELATIONS) + ". Sửa họ tên, quan hệ hay xóa người thân làm ở trang đảng "
        "viên (hoặc qua API).",
        "Ảnh đảng viên không nằm trong tệp Excel (không xuất, không nhập): tải ảnh ở trang sửa lý lịch của từng đảng "
        "viên hoặc qua API (POST /api/v1/members/{id}/photo).",
    )

    # --- prepare: bulk reads and in-memory checks ----------------------------------------------------------
    def prepare(self, *, actor: Actor, sheets: Sheets, progress: ProgressFn) -> _Plan:
        main_rows = sheets.get(MAIN.key, [])
        hist_rows = [(s, row) for s in HISTORY for row in sheets.get(s.key, [])]
        # Family rows only name their member: read with the history rows for the bulk lookups below.
        keyed = hist_rows + [(FAMILY, row) for row in sheets.get(FAMILY.key, [])]
        orgs = {o.pk: o for o in Organization.objects.all()}  # one query; a province has a few hundred
        by_code = {o.code: o for o in orgs.values() if o.code}
        by_name: dict[str, list[Organization]] = {}
        for o in orgs.values():
            by_name.setdefault(_fold(o.name), []).append(o)
        cids = {RowReader(s, r).digits("citizen_id") for s, r in [(MAIN, x) for x in main_rows] + keyed} - {""}
        cards = {RowReader(s, r).digits("card_number") for s, r in [(MAIN, x) for x in main_rows] + keyed} - {""}
        known = {m.pk: m for m in Member.objects.filter(citizen_id__in=cids)}
        known.update({m.pk: m for m in Member.objects.filter(card_number__in=cards)})
        # Rows with neither number match a registered member without numbers by name, birth and admission dates.
        bare = {RowReader(MAIN, r).text("full_name") for r in main_rows
                if not RowReader(MAIN, r).digits("citizen_id") and not RowReader(MAIN, r).digits("card_number")}
        by_person: dict[tuple[str, date | None, date | None], Member] = {
            (m.full_name, m.birth_date, m.admitted_on): m for m in Member.objects.filter(
            full_name__in=bare - {""}, citizen_id__isnull=True, card_number__isnull=True)}
        known.update({m.pk: m for m in by_person.values()})
        by_cid = {m.citizen_id: m for m in known.values() if m.citizen_id}
        by_card = {m.card_number: m for m in known.values() if m.card_number}
        history: dict[int, list[MemberEvent]] = {}
        for ev in MemberEvent.objects.filter(member_id__in=list(known)).order_by("effective_on", "id"):
            history.setdefault(ev.member_id, []).append(ev)
        for m in known.values():
            m.organization = orgs[m.organization_id]
        ctx = _Ctx(actor, orgs, by_code, by_name, by_cid, by_card, history)
        ctx.by_person = by_person
        mains: list[_Main] = []
        for i, raw in enumerate(main_rows):
            mains.append(ctx.read_main(RowReader(MAIN, raw)))
            if i % 200 == 0:
                progress(i)
        hists = ctx.read_history([(s, RowReader(s, raw)) for s, raw in hist_rows], mains)
        family = ctx.read_family([RowReader(FAMILY, raw) for raw in sheets.get(FAMILY.key, [])], mains)
        progress(len(main_rows) + len(hist_rows))
        return _Plan(mains, hists, orgs, family)

    # --- apply: bulk writes of the new, services for the registered -----------------------------------------
    def apply(self, *, actor: Actor, sheets: Sheets, plan: Any, progress: ProgressFn, write: bool,
              filename: str = "") -> list[RowOutcome]:
        assert isinstance(plan, _Plan)
        fresh = [m for m in plan.mains if m.member is not None and m.o.action != ERROR]
        _write_new(actor, fresh)
        for m in plan.mains:
            if m.existing is not None and m.o.action == UPDATE:
                self._update(actor, m)
        for h in plan.hists:
            if h.o.action == ERROR or h.done_already:
                continue
            if h.owner is not None:
                self._replay(actor, h, h.owner)
        for fam in plan.family:
            if fam.o.action in (NEW, UPDATE):
                self._relative(actor, fam)
        return [m.o for m in plan.mains] + [h.o for h in plan.hists] + [fam.o for fam in plan.family]

    def _relative(self, actor: Actor, fam: _Fam) -> None:
        """A family row through the family services (member_family_add / member_family_update): the same checks
        as the member page's form and the API."""
        member = fam.owner or (fam.owner_main.member if fam.owner_main is not None else None)
        if member is None or member.pk is None:
            fam.o.fail(FAMILY.label("citizen_id"), "không có đảng viên này trong tệp hay trong hệ thống")
            return
        try:
            if fam.existing is not None:
                given = {k: v for k, v in fam.values.items() if k in RELATIVE_FIELDS}  # matched by relation, name
                member_family_update(actor=actor, relative=fam.existing, **{**relative_values(fam.existing), **given})
            else:
                values = {"birth_year": None, "occupation": "", "political_attitude": "", **fam.values}
                member_family_add(actor=actor, member=member, **values)
        except DomainError as e:
            fam.o.fail(self.column_for(e, FAMILY, "full_name"), e.message)
        except (NotVisible, NotAllowed):
            fam.o.fail(FAMILY.label("citizen_id"), OUTSIDE)

    def _update(self, actor: Actor, m: _Main) -> None:
        assert m.existing is not None
        try:
            if m.profile:
                fields = dict(m.profile)
                member_update_profile(actor=actor, member=m.existing, citizen_id=fields.pop("citizen_id", None),
                                      card_number=fields.pop("card_number", None), **fields)
            if m.recognise_on is not None:
                member_recognise_full(actor=actor, member=m.existing, effective_on=m.recognise_on,
                                      document=m.r.text("document"))
        except DomainError as e:
            m.o.fail(self.column_for(e, MAIN, "full_name") if e.field != "effective_on" else MAIN.label("full_on"),
                     e.message)
        except (NotVisible, NotAllowed):
            m.o.fail(MAIN.label("organization"), OUTSIDE)

    def _replay(self, actor: Actor, h: _Hist, member: Member) -> None:
        """A history row of a registered member, through its lifecycle service."""
        assert h.on is not None
        doc = h.r.text("document")
        member.refresh_from_db()
        try:
            if h.kind == EventKind.TRANSFERRED:
                member_transfer(actor=actor, member=member, to_organization=h.to, effective_on=h.on,
                                temporary=h.temporary, document=doc, temporary_until=h.temporary_until,
                                temporary_purpose=h.temporary_purpose or "work")
            elif h.kind == EventKind.RECOGNISED_FULL:
                member_recognise_full(actor=actor, member=member, effective_on=h.on, document=doc)
            elif h.kind == EventKind.TRANSFERRED_OUT:
                member_transfer_out(actor=actor, member=member, effective_on=h.on, document=doc,
                                    destination=h.r.text("destination"))
            elif h.kind in FOLLOWS:
                raise DomainError("Đảng viên theo tổ chức sáp nhập/chia tách được ghi khi ghi việc sắp xếp tổ chức, "
                                  "không nhập riêng cho đảng viên đã có.", field="kind", rule="import_follows")
            elif h.sheet is OTHER:
                member_record_event(actor=actor, member=member, kind=h.kind, effective_on=h.on, document=doc,
                                    to_organization=h.to)
            else:
                member_leave(actor=actor, member=member, kind=h.kind, effective_on=h.on, document=doc)
        except DomainError as e:
            h.o.fail(self.column_for(e, h.sheet, "effective_on"), e.message)
        except (NotVisible, NotAllowed):
            h.o.fail(h.sheet.label("citizen_id"), OUTSIDE)


class _Ctx:
    """What the rows refer to, read once, and the in-file identities seen so far."""

    def __init__(self, actor: Actor, orgs: dict[int, Organization], by_code: dict[str, Organization],
                 by_name: dict[str, list[Organization]], by_cid: dict[str, Member], by_card: dict[str, Member],
                 history: dict[int, list[MemberEvent]]):
        self.actor, self.orgs, self.by_code, self.by_name = actor, orgs, by_code, by_name
        self.by_cid, self.by_card, self.history = by_cid, by_card, history
        self.by_person: dict[tuple[str, date | None, date | None], Member] = {}
        self.seen_cid: dict[str, int] = {}
        self.seen_card: dict[str, int] = {}
        who = recorded_by(actor)
        self.who_id = who.pk if who is not None else None
        self.today = today()
        self.scope = scope_of(actor)
        self._restructurings: dict[tuple[int, str, date, int | None], int] | None = None

    def org(self, r: RowReader, key: str) -> Organization:
        ref = r.text(key, required=True)
        found = self.by_code.get(ref) or by_export_code(ref, self.orgs)
        if found is not None:
            return found
        named = [o for o in self.by_name.get(_fold(ref), []) if o.dissolved_on is None] or \
            self.by_name.get(_fold(ref), [])
        if len(named) == 1:
            return named[0]
        if named:
            raise BadCell(key, f"tên '{ref}' trùng nhiều tổ chức; ghi mã tổ chức")
        raise BadCell(key, f"không có tổ chức mã hoặc tên '{ref}' trong hệ thống")

    def event(self, member: Member, kind: str, on: date, *, org: Organization | None = None,
              to: Organization | None = None, temporary: bool = False, destination: str = "",
              document: str = "") -> MemberEvent:
        """The row events._event would create (unsaved)."""
        # Ids, not objects: assigning related objects costs most of a model's construction, ×20.000 events.
        return MemberEvent(
            kind=kind, effective_on=on, organization_id=(org or member.organization).pk,
            to_organization_id=to.pk if to is not None else None, temporary=temporary,
            destination=destination.strip()[:255], document=document.strip()[:64], recorded_by_id=self.who_id,
        )

    def restructuring(self, org_id: int, kind: str, on: date, to_id: int) -> int | None:
        """The merge or split of the member's organisation that the member followed (read once per import)."""
        if self._restructurings is None:
            self._restructurings = {
                (o, k, d, r): pk for pk, o, k, d, r in OrgEvent.objects.filter(
                    kind__in=list(FOLLOWS.values())).values_list("pk", "organization_id", "kind", "effective_on",
                                                                 "related_id")}
        found = self._restructurings.get((org_id, kind, on, to_id))
        if found is None and kind == OrgEventKind.SPLIT:  # a split names the new organisation, not where members go
            found = next((pk for (o, k, d, _r), pk in self._restructurings.items() if (o, k, d) == (org_id, kind, on)),
                         None)
        return found

    def not_future(self, d: date, field: str = "effective_on") -> None:
        """orgs.rules.check_not_future, asked only for a date after today (the rule reads the clock each call)."""
        if d > self.today:
            check_not_future(d, field)

    # --- the main sheet --------------------------------------------------------------------------------
    def read_main(self, r: RowReader) -> _Main:
        m = _Main(r, RowOutcome(MAIN.title, r.line, r.text("full_name")))
        values: dict[str, Any] = {}
        readers: dict[str, Any] = {
            "full_name": lambda: r.text("full_name", required=True),
            "sex": lambda: r.choice("sex", SEXES),
            "birth_date": lambda: r.date("birth_date"),
            "citizen_id": lambda: clean_citizen_id(r.digits("citizen_id")),
            "card_number": lambda: clean_card_number(r.digits("card_number")),
            "theory_level": lambda: r.choice("theory_level", THEORY),
            "admitted_on": lambda: r.date("admitted_on"),
            "ceremony_on": lambda: r.date("ceremony_on"),
            "full_on": lambda: r.date("full_on"),
            "joined_on": lambda: r.date("joined_on"),
        }
        for key, read in readers.items():
            try:
                values[key] = read()
            except BadCell as e:
                m.o.fail(MAIN.label(e.column), e.detail)
            except DomainError as e:
                m.o.fail(MAIN.label(key), e.message)
        cid, card = values.get("citizen_id"), values.get("card_number")
        for value, seen, key in ((cid, self.seen_cid, "citizen_id"), (card, self.seen_card, "card_number")):
            if value and value in seen:
                m.o.fail(MAIN.label(key), f"{value} trùng với dòng {seen[value]} trong tệp")
            elif value:
                seen[value] = r.line
        m.ident = cid or card or ""
        m.existing = (self.by_cid.get(cid) if cid else None) or (self.by_card.get(card) if card else None)
        if m.existing is None and not cid and not card:
            m.existing = self.by_person.get((r.text("full_name"), values.get("birth_date"), values.get("admitted_on")))
        profile = {k: r.text(k) for k in PROFILE_FIELDS if k != "theory_level" and r.text(k)}
        if values.get("theory_level") is not None:
            profile["theory_level"] = values["theory_level"]
        try:
            profile = check_profile(profile)
        except DomainError as e:
            m.o.fail(MAIN.label(e.field or "full_name"), e.message)
        if m.o.action == ERROR:
            return m
        if m.existing is not None:
            self._compare(m, values, profile)
        else:
            self._new(m, values, profile)
        return m

    def _compare(self, m: _Main, values: dict[str, Any], profile: dict[str, Any]) -> None:
        """A registered member: identity fields must agree; changed profile fields and a first recognition are
        written through the services."""
        member = m.existing
        assert member is not None
        if not self.scope.sees(member.organization_id):
            m.o.fail(MAIN.label("citizen_id"), "đảng viên này thuộc tổ chức ngoài phạm vi bạn quản lý")
            return
        for key in IDENTITY:
            given, stored = values.get(key) if key != "full_name" else m.r.text(key), getattr(member, key)
            if given not in (None, "") and given != stored:
                shown = stored.strftime("%d/%m/%Y") if isinstance(stored, date) else (stored or "trống")
                m.o.fail(MAIN.label(key), f"khác hồ sơ đang lưu ({shown}); sửa trên trang đảng viên, không sửa qua "
                         "nhập tệp")
        for key in ("citizen_id", "card_number"):
            given, stored = values.get(key), getattr(member, key)
            if given and stored and given != stored:
                m.o.fail(MAIN.label(key), f"khác hồ sơ đang lưu của đảng viên {member.full_name}")
            elif given and not stored:
                other = (self.by_cid if key == "citizen_id" else self.by_card).get(given)
                if other is not None and other.pk != member.pk:
                    m.o.fail(MAIN.label(key), f"{given} đã có trong hồ sơ một đảng viên khác")
                m.profile[key] = given
                m.o.changes.append(f"{MAIN.label(key)}: → {'[đã ẩn]' if key == 'citizen_id' else given}")
        for key, value in profile.items():
            if value != (getattr(member, key) or ""):
                m.profile[key] = value
                m.o.changes.append(f"{MAIN.label(key)}: {getattr(member, key) or ''} → {value}")
        full_on = values.get("full_on")
        if full_on is not None and full_on != member.full_on:
            if member.full_on is not None:
                m.o.fail(MAIN.label("full_on"), f"khác ngày chính thức đang lưu ({member.full_on:%d/%m/%Y})")
            else:
                m.recognise_on = full_on
                m.o.changes.append(f"{MAIN.label('full_on')}: → {full_on:%d/%m/%Y}")
        if m.o.action != ERROR:
            m.o.action = UPDATE if m.o.changes else UNCHANGED

    def _new(self, m: _Main, values: dict[str, Any], profile: dict[str, Any]) -> None:  # noqa: C901
        """The checks member_record makes, on rows read in bulk; the member and its events built in memory."""
        o, r = m.o, m.r
        for key in ("sex", "birth_date", "admitted_on"):
            if values.get(key) is None:
                o.fail(MAIN.label(key), "không được để trống khi ghi đảng viên mới")
        try:
            org = self.org(r, "organization")
        except BadCell as e:
            o.fail(MAIN.label(e.column), e.detail)
            return
        if o.action == ERROR:
            return
        birth, admitted = values["birth_date"], values["admitted_on"]
        ceremony, full_on, joined = values.get("ceremony_on"), values.get("full_on"), values.get("joined_on")
        try:
            if not can(self.actor, "record_member", org):
                raise BadCell("organization", OUTSIDE)
            self.not_future(birth, "birth_date")
            self.not_future(admitted, "admitted_on")
            over_age = r.text("over_age_decision")
            check_admission_age(birth, admitted, over_age_decision=over_age)
            if ceremony is not None:
                self.not_future(ceremony, "ceremony_on")
                if ceremony < admitted:
                    raise DomainError("Ngày lễ kết nạp không được trước ngày quyết định kết nạp.",
                                      field="ceremony_on", rule="ceremony_after_decision")
            if joined is not None:
                self.not_future(joined, "joined_on")
                if joined < admitted:
                    raise DomainError("Ngày chuyển đến không được trước ngày kết nạp.", field="joined_on",
                                      rule="joined_after_admission")
            start = joined or admitted
            check_cell(org, start, "organization_id")
            name = r.text("full_name")
            member = Member(full_name=name, sex=values["sex"], birth_date=birth, admitted_on=admitted,
                            ceremony_on=ceremony, citizen_id=values.get("citizen_id"),
                            card_number=values.get("card_number"), organization=org, search_key=search_key(name),
                            sort_key=name_sort_key(name), **profile)
            first = EventKind.JOINED if joined and joined > admitted else EventKind.ADMITTED
            events = [self.event(member, first, start, org=org, document=r.text("document"))]
            if over_age and admitted > add_months(birth, 12 * admission_age_max()):  # as member_record notes it
                events[0].note = over_age_note(over_age[:200])
            if full_on is not None:
                self.not_future(full_on, "full_on")
                proj = compute_member(member, events)
                if full_on < admitted:
                    raise DomainError(
                        f"Ngày công nhận chính thức {full_on:%d/%m/%Y} trước ngày quyết định kết nạp "
                        f"{admitted:%d/%m/%Y}.", field="full_on", rule="recognition_before_admission")
                try:
                    check_member_event(member, [], EventKind.RECOGNISED_FULL, full_on, proj.probation_start)
                except DomainError as e:
                    raise DomainError(e.message, field="full_on", rule=e.rule) from None
                events.append(self.event(member, EventKind.RECOGNISED_FULL, full_on))
        except BadCell as e:
            o.fail(MAIN.label(e.column), e.detail)
            return
        except DomainError as e:
            column = {"organization_id": "organization"}.get(e.field or "", e.field or "full_name")
            o.fail(MAIN.label(column), e.message)
            return
        events.sort(key=lambda e: e.effective_on)  # as member_record folds them: by date, then as created
        m.member, m.events, m.main_count = member, events, len(events)
        _refold(m, self.orgs)
        o.action = NEW

    # --- history sheets --------------------------------------------------------------------------------
    def read_history(self, rows: list[tuple[Sheet, RowReader]], mains: list[_Main]) -> list[_Hist]:  # noqa: C901
        in_file: dict[str, _Main] = {}
        for m in mains:
            for key in ("citizen_id", "card_number"):
                value = m.r.digits(key)
                if value:
                    in_file.setdefault(value, m)
        hists: list[_Hist] = []
        for sheet, r in rows:
            h = _Hist(sheet, r, RowOutcome(sheet.title, r.line, ""))
            hists.append(h)
            try:
                cid, card = r.digits("citizen_id"), r.digits("card_number")
                if not cid and not card:
                    raise BadCell("citizen_id", "ghi Số CCCD hoặc Số thẻ đảng viên để nhận ra đảng viên")
                owner_main = in_file.get(cid) if cid else None
                owner_main = owner_main or (in_file.get(card) if card else None)
                owner_db = (self.by_cid.get(cid) if cid else None) or (self.by_card.get(card) if card else None)
                h.on = r.date("effective_on", required=True)
                if sheet is TRANSFERS:
                    h.kind = EventKind.TRANSFERRED
                    h.to = self.org(r, "to_organization")
                    h.temporary = r.flag("temporary")
                    h.temporary_until = r.date("temporary_until")
                    h.temporary_purpose = r.choice("temporary_purpose", PURPOSES) or ""
                elif sheet is RECOGNITIONS:
                    h.kind = EventKind.RECOGNISED_FULL
                elif sheet is OTHER:
                    h.kind = r.choice("kind", OTHER_KINDS, required=True) or ""
                    if h.kind in FOLLOWS or r.text("to_organization"):
                        h.to = self.org(r, "to_organization")
                else:
                    h.kind = r.choice("kind", DEPARTURE_KINDS, required=True) or ""
            except BadCell as e:
                h.o.fail(sheet.label(e.column), e.detail)
                continue
            if owner_main is not None and owner_main.member is not None:
                h.o.label = owner_main.member.full_name
                h.owner_main = owner_main
            elif owner_main is not None and owner_main.o.action == ERROR and owner_main.existing is None:
                h.o.fail(sheet.label("citizen_id"), f"đảng viên ở dòng {owner_main.r.line} trang "
                         f"«{MAIN.title}» có lỗi")
            elif owner_db is not None:
                h.o.label = owner_db.full_name
                h.owner = owner_db
                if not self.scope.sees(owner_db.organization_id):
                    h.o.fail(sheet.label("citizen_id"), "đảng viên này thuộc tổ chức ngoài phạm vi bạn quản lý")
                elif any(e.kind == h.kind and e.effective_on == h.on and e.voided_at is None
                         for e in self.history.get(owner_db.pk, [])):
                    h.done_already = True
                    h.o.action = UNCHANGED
            else:
                h.o.fail(sheet.label("citizen_id"), "không có đảng viên này trong tệp hay trong hệ thống")
        # The new members' history, replayed in date order with the lifecycle services' own checks.
        pending = [h for h in hists if h.o.action != ERROR and h.owner_main is not None]
        pending.sort(key=lambda h: (h.on or date.min, SAME_DAY.get(h.kind, 5), h.r.line))
        for h in pending:
            assert h.owner_main is not None
            self._append(h, h.owner_main)
        for h in hists:
            if h.o.action != ERROR and h.owner is not None and not h.done_already:
                h.o.action = NEW
        return hists

    # --- family sheet ----------------------------------------------------------------------------------
    def read_family(self, rows: list[RowReader], mains: list[_Main]) -> list[_Fam]:  # noqa: C901
        """Each relative's row matched to its member (in the file or registered) and, for a registered member, to
        the relative already on the profile; the changes listed old → new, blank cells keeping stored values."""
        in_file: dict[str, _Main] = {}
        for m in mains:
            for key in ("citizen_id", "card_number"):
                value = m.r.digits(key)
                if value:
                    in_file.setdefault(value, m)
        owners = {m.pk for r in rows for m in [self._registered(r)] if m is not None}
        stored: dict[tuple[int, str, str], FamilyRelation] = {}
        if owners:
            for rel in FamilyRelation.objects.filter(member_id__in=owners, removed_at__isnull=True).order_by("id"):
                stored.setdefault((rel.member_id, rel.relation, _fold(rel.full_name)), rel)
        seen: dict[tuple[str, str, str], int] = {}
        out: list[_Fam] = []
        for r in rows:
            fam = _Fam(r, RowOutcome(FAMILY.title, r.line, r.text("full_name")))
            out.append(fam)
            try:
                cid, card = r.digits("citizen_id"), r.digits("card_number")
                if not cid and not card:
                    raise BadCell("citizen_id", "ghi Số CCCD hoặc Số thẻ đảng viên để nhận ra đảng viên")
                relation = r.choice("relation", RELATIONS, required=True) or ""
                name = r.text("full_name", required=True)
            except BadCell as e:
                fam.o.fail(FAMILY.label(e.column), e.detail)
                continue
            fam.values = {"relation": relation, "full_name": name}
            for key in RELATIVE_FIELDS:
                # The political history may run over several lines (the page's text area): kept as written.
                value = r.digits(key) if key == "birth_year" else \
                    str(r.row.get(key) or "").strip() if key == "political_attitude" else r.text(key)
                if value:
                    fam.values[key] = value
            owner_main = (in_file.get(cid) if cid else None) or (in_file.get(card) if card else None)
            owner_db = self._registered(r)
            who = f"#{owner_db.pk}" if owner_db else f"dòng {owner_main.r.line}" if owner_main else f"{cid}/{card}"
            ident = (who, relation, _fold(name))
            if ident in seen:
                fam.o.fail(FAMILY.label("full_name"), f"người thân này trùng với dòng {seen[ident]} của trang")
                continue
            seen[ident] = r.line
            if owner_main is not None and owner_main.member is not None:
                fam.owner_main = owner_main
                fam.o.label = f"{owner_main.member.full_name} — {FamilyRelationKind(relation).label}: {name}"
                fam.o.action = NEW
            elif owner_main is not None and owner_main.o.action == ERROR and owner_main.existing is None:
                fam.o.fail(FAMILY.label("citizen_id"), f"đảng viên ở dòng {owner_main.r.line} trang «{MAIN.title}» "
                           "có lỗi")
            elif owner_db is not None:
                fam.owner = owner_db
                fam.o.label = f"{owner_db.full_name} — {FamilyRelationKind(relation).label}: {name}"
                if not self.scope.sees(owner_db.organization_id):
                    fam.o.fail(FAMILY.label("citizen_id"), "đảng viên này thuộc tổ chức ngoài phạm vi bạn quản lý")
                    continue
                fam.existing = stored.get((owner_db.pk, relation, _fold(name)))
                if fam.existing is None:
                    fam.o.action = NEW
                    continue
                given = {k: v for k, v in fam.values.items() if k in RELATIVE_FIELDS}
                try:  # the service's own check, to show the change as it would be stored
                    clean = check_relative(**{**relative_values(fam.existing), **given})
                except DomainError as e:
                    fam.o.fail(_family_column(e), e.message)
                    continue
                for k in RELATIVE_FIELDS:
                    before, after = getattr(fam.existing, k), clean[k]
                    if (before or "") != (after or ""):
                        fam.o.changes.append(f"{FAMILY.label(k)}: {before or ''} → {after or ''}")
                fam.o.action = UPDATE if fam.o.changes else UNCHANGED
            else:
                column, number = ("citizen_id", cid) if cid else ("card_number", card)
                fam.o.fail(FAMILY.label(column), f"không có đảng viên mang số {number} trong tệp hay trong hệ thống")
        return out

    def _registered(self, r: RowReader) -> Member | None:
        """The registered member a keyed row names by CCCD, else card number."""
        cid, card = r.digits("citizen_id"), r.digits("card_number")
        return (self.by_cid.get(cid) if cid else None) or (self.by_card.get(card) if card else None)

    def _append(self, h: _Hist, m: _Main) -> None:
        """What lifecycle._append and the kind's service check, on the in-memory member."""
        member = m.member
        assert member is not None and h.on is not None
        if m.o.action == ERROR:
            h.o.fail(h.sheet.label("citizen_id"), f"đảng viên ở dòng {m.r.line} trang «{MAIN.title}» có lỗi")
            return
        try:
            if not can(self.actor, "record_member", member.organization):
                raise BadCell("citizen_id", OUTSIDE)
            self.not_future(h.on)
            proj = compute_member(member, m.events)
            check_member_event(member, m.events, h.kind, h.on, proj.probation_start)
            if h.kind == EventKind.TRANSFERRED:
                check_transfer_target(member, h.to, h.on)
                if h.temporary and member.temporary_organization_id is not None:
                    raise DomainError("Đảng viên đang sinh hoạt tạm thời; ghi kết thúc sinh hoạt tạm thời trước.",
                                      field="temporary", rule="already_temporary")
                if h.temporary and (h.temporary_until or h.temporary_purpose):
                    # A row without either is a temporary transfer recorded before Quy định 294-QĐ/TW asked for them
                    # (the national database's history): its end is its «Kết thúc sinh hoạt tạm thời» row.
                    check_temporary_period(h.on, h.temporary_until, h.temporary_purpose or "work")
                ev = self.event(member, h.kind, h.on, to=h.to, temporary=h.temporary, document=h.r.text("document"))
                if h.temporary:
                    ev.temporary_until, ev.temporary_purpose = h.temporary_until, h.temporary_purpose
            elif h.kind == EventKind.TRANSFERRED_OUT:
                ev = self.event(member, h.kind, h.on, destination=h.r.text("destination"),
                                document=h.r.text("document"))
            elif h.kind in RETURNS or h.kind in FOLLOWS:
                target = h.to or member.organization
                check_cell(target, h.on, "to_organization_id")
                if not can(self.actor, "record_member", target):
                    raise BadCell("to_organization", OUTSIDE)
                ev = self.event(member, h.kind, h.on, to=target, document=h.r.text("document"))
                if h.kind in FOLLOWS:
                    ev.org_event_id = self.restructuring(member.organization_id, FOLLOWS[h.kind], h.on, target.pk)
            else:
                ev = self.event(member, h.kind, h.on, document=h.r.text("document"))
        except BadCell as e:
            h.o.fail(h.sheet.label(e.column), e.detail)
            return
        except DomainError as e:
            column = {"to_organization_id": "to_organization", "kind": "effective_on"}.get(e.field or "", e.field)
            h.o.fail(h.sheet.label(column or "effective_on"), e.message)
            return
        m.events.append(ev)
        _refold(m, self.orgs)
        h.o.action = NEW


def _family_column(e: DomainError) -> str:
    """The family sheet's heading for a family service's DomainError (its fields are the sheet's column keys)."""
    return FAMILY.label(e.field if e.field and any(c.key == e.field for c in FAMILY.columns) else "full_name")


def _refold(m: _Main, orgs: dict[int, Organization]) -> None:
    """The in-memory member's projected fields from its events (compute_member), as apply_member sets them."""
    member = m.member
    assert member is not None
    proj = compute_member(member, m.events)
    for k, v in proj.fields.items():
        if k == "organization_id":
            member.organization = orgs[v]
        elif k == "temporary_organization_id":
            member.temporary_organization = orgs.get(v) if v else None
        else:
            setattr(member, k, v)


def _insert(model: type[Model], columns: list[str], rows: list[list[Any]]) -> None:
    """INSERT rows whose ids nobody needs back with one executemany (bulk_create compiles every value through the
    ORM: most of the write's time at 10.000 members). Values are given already adapted to the database."""
    if not rows:
        return
    qn = connection.ops.quote_name
    sql = (f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(c) for c in columns)}) "
           f"VALUES ({', '.join(['%s'] * len(columns))})")
    with connection.cursor() as cursor:
        for i in range(0, len(rows), 2000):
            cursor.executemany(sql, rows[i:i + 2000])


EVENT_COLUMNS = ["member_id", "kind", "effective_on", "organization_id", "to_organization_id", "temporary",
                 "destination", "document", "note", "org_event_id", "recorded_at", "recorded_by_id", "voided_at",
                 "voided_by_id", "void_reason"]


def _write_new(actor: Actor, fresh: list[_Main]) -> None:
    """member_record's and the lifecycle services' rows for the new members, in bulk: the members, their events,
    the spans folded from them (compute_member), an audit entry per write, the snapshots' watermark."""
    if not fresh:
        return
    members = [m.member for m in fresh if m.member is not None]
    Member.objects.bulk_create(members, batch_size=500)
    ops = connection.ops
    day = ops.adapt_datefield_value
    now = ops.adapt_datetimefield_value(timezone.now())
    who = recorded_by(actor)
    who_id = who.pk if who is not None else None
    as_json = AuditEntry._meta.get_field("after").get_db_prep_save
    events: list[list[Any]] = []
    spans: list[list[Any]] = []
    entries: list[list[Any]] = []
    earliest: date | None = None
    # Columns added to MemberEvent later (a temporary transfer's end and purpose...) take the unsaved event's value.
    extra = [f for f in MemberEvent._meta.concrete_fields if not f.primary_key and f.column not in EVENT_COLUMNS]
    for m in fresh:
        member = m.member
        assert member is not None
        for ev in m.events:
            events.append([member.pk, ev.kind, day(ev.effective_on), ev.organization_id, ev.to_organization_id,
                           ev.temporary, ev.destination, ev.document, ev.note, ev.org_event_id, now, who_id, None,
                           None, "", *[f.get_db_prep_save(getattr(ev, f.attname), connection) for f in extra]])
        proj = compute_member(member, m.events)
        for o, vf, vt, sk, ek, ff in proj.spans:
            spans.append([member.pk, o, day(vf), day(vt), sk, ek, day(ff)])
            earliest = vf if earliest is None or vf < earliest else earliest
        name = member.full_name[:255]
        entries.append([now, who_id, "member_record", "members.member", str(member.pk), name, None,
                        as_json(snapshot(member), connection)])
        entries += [[now, who_id, f"member_{ev.kind}", "members.member", str(member.pk), name, None,
                     as_json({"kind": ev.kind, "effective_on": ev.effective_on.isoformat(), "import": True},
                             connection)]
                    for ev in m.events[m.main_count:]]
    _insert(MemberEvent, [*EVENT_COLUMNS, *[f.column for f in extra]], events)
    _insert(MembershipSpan, ["member_id", "organization_id", "valid_from", "valid_to", "start_kind", "end_kind",
                             "full_from"], spans)
    _insert(AuditEntry, ["at", "actor_id", "action", "object_type", "object_id", "object_repr", "before", "after"],
            entries)
    if earliest is not None:
        snapshots_invalidate(earliest)
    _link_documents([m.pk for m in members])


def _link_documents(member_ids: list[int]) -> None:
    """The raw inserts bypass save(): link the new events' numbered deciding documents ("12-QĐ/ĐUK") to the
    registered documents now, as the services' own writes are linked (documents.uses), so the document's page lists
    them without a later `dangvu relink_documents`."""
    for i in range(0, len(member_ids), 500):
        numbered = MemberEvent.objects.filter(member_id__in=member_ids[i:i + 500], document__contains="/")
        link_records(list(numbered))
