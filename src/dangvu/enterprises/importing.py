"""Spreadsheet import of enterprises with their workforce and organisations.

The upload is parsed into an ImportBatch (rows as JSON). The dry run applies every row through the same
services inside a transaction that is rolled back, so each row is reported exactly as the confirmation
would treat it: new, update (the tax code is already registered) or error with the column and the reason.
The confirmation applies all rows in one transaction; a single bad row writes nothing."""

import io
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from dangvu.core.audit import audit, snapshot
from dangvu.core.dates import format_date, today
from dangvu.core.errors import DomainError, NotAllowed, NotVisible
from dangvu.core.models import AuditEntry
from dangvu.core.text import search_key
from dangvu.jobs.models import Job, JobStatus
from dangvu.jobs.services import Progress, job_start, latest_job
from dangvu.orgs.models import Organization
from dangvu.orgs.refs import resolve_org_refs
from dangvu.orgs.scope import scope_of

from . import services
from .access import require_any
from .models import (
    Enterprise,
    EnterpriseStatus,
    EnterpriseStatusChange,
    ImportBatch,
    ImportBatchStatus,
    IndustrialZone,
    Locality,
    MassOrganization,
    MassOrgCount,
    MassOrgKind,
    Ownership,
    SteeringCommittee,
    WomenForm,
    WorkforceCount,
)
from .rules import TAX_CODE_DOCUMENT, normalize_tax_code, tax_code_problem

try:  # dated links of an enterprise to its locality, zone and party organisation (written as the services do)
    from .links import carry_over_links as _carry_over_links
    from .links import link_enterprise as _link_enterprise
except ImportError:  # pragma: no cover — before the dated links exist
    _link_enterprise = _carry_over_links = None  # type: ignore[assignment]

MAX_ROWS = 20000
# A blank cell leaves the stored value alone on a re-import; this marker clears an optional field.
CLEAR_MARKER = "[xóa]"
CLEAR_KEYS = {search_key(CLEAR_MARKER), "xoa"}
MASS_KINDS = [k for k in MassOrgKind]
COLUMNS: list[tuple[str, str]] = [
    ("tax_code", "Mã số thuế"), ("name", "Tên doanh nghiệp"), ("ownership", "Loại hình sở hữu"),
    ("investor_country", "Quốc gia nhà đầu tư"), ("industry", "Ngành nghề"), ("address", "Địa chỉ"),
    ("locality", "Địa bàn"), ("zone", "Khu công nghiệp"), ("owner_name", "Chủ doanh nghiệp"),
    ("contact", "Liên hệ"), ("party_org", "Tổ chức đảng"), ("registered_on", "Ngày đưa vào theo dõi"),
    ("as_of", "Ngày số liệu"),
    ("workers", "Số lao động"), ("women", "Lao động nữ"), ("union_eligible", "Lao động đủ điều kiện vào công đoàn"),
]
for _k in MASS_KINDS:
    COLUMNS.append((f"{_k.value}_founded_on", f"{_k.label}: ngày thành lập"))
    if _k == MassOrgKind.WOMEN:
        COLUMNS.append(("women_form", f"{_k.label}: hình thức (câu lạc bộ/chi hội/tổ)"))
    COLUMNS.append((f"{_k.value}_members", f"{_k.label}: số đoàn viên, hội viên"))
LABEL = dict(COLUMNS)
REQUIRED = ["tax_code", "name", "ownership", "locality", "registered_on"]
OWNERSHIP_WORDS = {
    "tu nhan": Ownership.PRIVATE, "private": Ownership.PRIVATE, "fdi": Ownership.FDI,
    "co von dau tu nuoc ngoai": Ownership.FDI, "co von dau tu nuoc ngoai (fdi)": Ownership.FDI,
    "hop tac xa": Ownership.COOPERATIVE, "htx": Ownership.COOPERATIVE, "khac": Ownership.OTHER,
}
FORM_WORDS = {"cau lac bo": WomenForm.CLUB, "clb": WomenForm.CLUB, "chi hoi": WomenForm.BRANCH,
              "to": WomenForm.GROUP, "to phu nu": WomenForm.GROUP}


GUIDE = [
    "Hướng dẫn nhập doanh nghiệp (chỉ trang tính đầu tiên được đọc).",
    "Mỗi doanh nghiệp một dòng; doanh nghiệp đã có (cùng mã số thuế) được cập nhật.",
    "Doanh nghiệp mới: bắt buộc Mã số thuế, Tên doanh nghiệp, Loại hình sở hữu, Địa bàn, Ngày đưa vào theo dõi.",
    "Cập nhật: ô để trống giữ nguyên giá trị đang lưu; chỉ các ô có nội dung mới thay đổi.",
    f"Muốn xóa một giá trị đang lưu (Quốc gia nhà đầu tư, Ngành nghề, Địa chỉ, Khu công nghiệp, Chủ doanh nghiệp, "
    f"Liên hệ), ghi đúng {CLEAR_MARKER} vào ô đó. Các trường bắt buộc và số liệu không xóa được bằng {CLEAR_MARKER}.",
    "Số lao động, số đoàn viên ghi theo Ngày số liệu; số liệu khác của cùng ngày thay số cũ (số cũ được giữ làm "
    "lịch sử).",
    "Tổ chức đảng của doanh nghiệp: ghi mã tổ chức (như tệp xuất ra) hoặc đúng tên tổ chức đảng trong phạm vi của "
    "bạn; tên trùng nhiều tổ chức thì ghi mã. Đổi tổ chức đảng có hiệu lực từ ngày ghi (số liệu các ngày trước "
    f"giữ tổ chức cũ); {CLEAR_MARKER} nghĩa là doanh nghiệp không còn tổ chức đảng.",
    "Trước khi ghi, hệ thống cho xem trước từng dòng: thêm mới, cập nhật (mỗi trường thay đổi: cũ → mới) hoặc lỗi.",
]


def template_workbook() -> bytes:
    """The empty template with its header row and one example row."""
    from openpyxl import Workbook

    wb = Workbook()
    ws = wb.active
    ws.title = "Doanh nghiệp"
    ws.append([label for _, label in COLUMNS])
    example = {"tax_code": "0314409058", "name": "Công ty TNHH Ví dụ", "ownership": "Tư nhân",
               "locality": "(tên địa bàn đã có)", "registered_on": "01/01/2024", "as_of": "31/12/2024",
               "workers": 120, "women": 70, "union_eligible": 110, "trade_union_founded_on": "01/06/2022",
               "trade_union_members": 95}
    ws.append([example.get(key, "") for key, _ in COLUMNS])
    guide = wb.create_sheet("Hướng dẫn")
    for line in GUIDE:
        guide.append([line])
    guide.column_dimensions["A"].width = 120
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def _cell(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return value.strip()
    return value


def parse_workbook(data: bytes) -> list[dict[str, Any]]:
    """Rows of the first sheet keyed by column (headers matched without diacritics); DomainError if unreadable."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 — any unreadable upload is the user's input error, not a bug
        raise DomainError("Không đọc được tệp: hãy tải lên tệp Excel (.xlsx) theo mẫu.", field="file",
                          rule="xlsx") from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    header = next(rows, None) or ()
    by_key = {search_key(label): key for key, label in COLUMNS}
    keys = [by_key.get(search_key(str(h or ""))) for h in header]
    missing = [LABEL[k] for k in REQUIRED if k not in keys]
    if missing:
        raise DomainError(f"Tệp thiếu cột: {', '.join(missing)} (dùng tệp mẫu).", field="file", rule="columns")
    out: list[dict[str, Any]] = []
    for line, values in enumerate(rows, start=2):
        if not any(v not in (None, "") for v in values):
            continue
        if len(out) >= MAX_ROWS:
            raise DomainError(f"Tệp có quá {MAX_ROWS} dòng; chia thành nhiều tệp.", field="file", rule="max_rows")
        row: dict[str, Any] = {"_line": line}
        for key, value in zip(keys, values, strict=False):
            if key:
                row[key] = _cell(value)
        out.append(row)
    wb.close()
    if not out:
        raise DomainError("Tệp không có dòng dữ liệu nào.", field="file", rule="empty")
    return out


@dataclass
class RowResult:
    line: int
    tax_code: str
    name: str
    action: str  # "new" | "update" | "error"
    reason: str = ""
    changes: list[dict[str, str]] = field(default_factory=list)  # updates: {"label", "old", "new"} per field

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "tax_code": self.tax_code, "name": self.name, "action": self.action,
                "reason": self.reason, "changes": self.changes}


ACTION_LABELS = {"new": "Thêm mới", "update": "Cập nhật", "error": "Lỗi"}


class RowError(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


def _is_clear(value: Any) -> bool:
    return isinstance(value, str) and search_key(value) in CLEAR_KEYS


def _date(row: dict[str, Any], key: str, *, required: bool = False) -> date | None:
    value = row.get(key)
    if _is_clear(value):
        raise RowError(key, f"không dùng {CLEAR_MARKER} cho ngày; để trống nếu không đổi")
    if value in (None, ""):
        if required:
            raise RowError(key, "không được để trống")
        return None
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise RowError(key, f"'{text}' không phải ngày (nhập dạng ngày/tháng/năm)")


def _int(row: dict[str, Any], key: str) -> int | None:
    value = row.get(key)
    if _is_clear(value):
        raise RowError(key, f"không dùng {CLEAR_MARKER} cho số liệu; số liệu cũ được giữ làm lịch sử")
    if value in (None, ""):
        return None
    try:
        number = int(str(value).replace(".", "").replace(" ", "")) if not isinstance(value, int) else value
    except ValueError:
        raise RowError(key, f"'{value}' không phải số nguyên") from None
    if number < 0:
        raise RowError(key, "không được âm")
    return number


def _text(row: dict[str, Any], key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value).strip()


def _reraise(column_prefix: str, e: DomainError) -> RowError:
    field_name = e.field or ""
    key = f"{column_prefix}{field_name}" if column_prefix else field_name
    return RowError(key if key in LABEL else column_prefix.rstrip("_") or field_name, e.message)


# --- Bulk validation: every table the rows refer to is read once for the whole file (one query per table, not
# per row); each row is then checked in memory with the services' own rule functions and scope checks, so the dry
# run reports exactly what the confirmation writes.

@dataclass
class _MassPlan:
    kind: MassOrgKind
    existing: MassOrganization | None
    founded_on: date | None = None  # set when the organisation is new
    form: str = ""
    count: int | None = None
    as_of: date | None = None
    void_count: MassOrgCount | None = None


@dataclass
class _RowPlan:
    line: int
    action: str
    enterprise: Enterprise  # new (unsaved) or existing with the changes applied in memory
    before: dict[str, Any] | None = None
    changed: list[str] = field(default_factory=list)
    link_changed: bool = False
    workforce: tuple[date, int, int, int] | None = None
    void_workforce: WorkforceCount | None = None
    mass: list[_MassPlan] = field(default_factory=list)
    changes: list[dict[str, str]] = field(default_factory=list)


class _Context:
    """What the rows refer to, read in bulk: localities, zones, the enterprises already registered under the
    file's tax codes with their workforce, mass organisations and counts, and the committees responsible."""

    def __init__(self, actor: Any, rows: list[dict[str, Any]], *, lock: bool):
        self.actor = actor
        self.scope = scope_of(actor)
        self.today = today()
        self.localities = {_fold(x.name): x for x in Locality.objects.all()}
        self.zones = {_fold(x.name): x for x in IndustrialZone.objects.all()}
        codes = {normalize_tax_code(_text(r, "tax_code")) for r in rows} - {""}
        existing = Enterprise.objects.filter(tax_code__in=codes).select_related("locality", "zone", "party_org")
        if lock:
            existing = existing.select_for_update(of=("self",))
        self.existing = {e.tax_code: e for e in existing}
        ids = [e.pk for e in self.existing.values()]
        self.workforce: dict[tuple[int, date], WorkforceCount] = {
            (c.enterprise_id, c.as_of): c
            for c in WorkforceCount.objects.filter(enterprise_id__in=ids, voided_at__isnull=True)
        }
        self.mass_orgs: dict[tuple[int, str], list[MassOrganization]] = {}
        for m in MassOrganization.objects.filter(enterprise_id__in=ids).order_by("founded_on", "id"):
            self.mass_orgs.setdefault((m.enterprise_id, m.kind), []).append(m)
        mass_ids = [m.pk for ms in self.mass_orgs.values() for m in ms]
        self.mass_counts: dict[tuple[int, date], MassOrgCount] = {
            (c.mass_org_id, c.as_of): c
            for c in MassOrgCount.objects.filter(mass_org_id__in=mass_ids, voided_at__isnull=True)
        }
        self.steering: dict[int, set[int]] = {}
        for locality_id, org_id in SteeringCommittee.localities.through.objects.values_list(
            "locality_id", "steeringcommittee__organization_id"
        ):
            self.steering.setdefault(locality_id, set()).add(org_id)
        org_ids = {x.organization_id for x in self.localities.values()}
        org_ids |= {x.organization_id for x in self.zones.values() if x.organization_id}
        org_ids |= {e.party_org_id for e in self.existing.values() if e.party_org_id}
        org_ids |= {o for orgs in self.steering.values() for o in orgs}
        self.party_refs = resolve_org_refs({_text(r, "party_org") for r in rows if not _is_clear(r.get("party_org"))})
        self.orgs = {o.pk: o for o in Organization.objects.filter(pk__in=org_ids)}
        self.orgs.update({o.pk: o for found in self.party_refs.values() for o in found})

    def responsible(self, enterprise: Enterprise) -> list[Organization]:
        """access.responsible_orgs from the preloaded tables."""
        ids = {enterprise.locality.organization_id}
        if enterprise.zone is not None and enterprise.zone.organization_id:
            ids.add(enterprise.zone.organization_id)
        if enterprise.party_org_id:
            ids.add(enterprise.party_org_id)
        ids |= self.steering.get(enterprise.locality_id, set())
        return [self.orgs[i] for i in ids if i in self.orgs]

    def visible(self, enterprise: Enterprise) -> bool:
        return self.scope.everything or any(self.scope.sees(o.pk) for o in self.responsible(enterprise))


def _fold(name: str) -> str:
    return " ".join(str(name or "").split()).casefold()


def _place(ctx: _Context, row: dict[str, Any], key: str) -> Any:
    """The locality or zone a cell names; None for a blank cell, CLEAR for the clear marker."""
    text = _text(row, key)
    if not text:
        return None
    if _is_clear(text):
        if key == "locality":
            raise RowError(key, f"là trường bắt buộc, không xóa được bằng {CLEAR_MARKER}")
        return CLEAR
    found = (ctx.localities if key == "locality" else ctx.zones).get(_fold(text))
    if found is None:
        what = "địa bàn" if key == "locality" else "khu công nghiệp"
        raise RowError(key, f"không có {what} '{text}' trong danh mục")
    return found


CLEAR = object()
TEXT_FIELDS = ("investor_country", "industry", "address", "owner_name", "contact")


def _party_org(ctx: _Context, row: dict[str, Any]) -> Any:
    """The party organisation a cell names (code, export reference or exact name); None for a blank cell, CLEAR
    for the clear marker; services._check_party_org's scope rule."""
    text = _text(row, "party_org")
    if not text:
        return None
    if _is_clear(text):
        return CLEAR
    found = ctx.party_refs.get(text, [])
    living = [o for o in found if o.dissolved_on is None]
    if not found:
        raise RowError("party_org", f"không có tổ chức đảng mã hoặc tên '{text}'")
    if not living:
        raise RowError("party_org", f"tổ chức đảng '{text}' đã giải thể hoặc sáp nhập")
    if len(living) > 1:
        raise RowError("party_org", f"có {len(living)} tổ chức đảng tên '{text}': ghi mã tổ chức để phân biệt")
    try:
        services._check_party_org(ctx.actor, living[0])
    except DomainError as e:
        raise RowError("party_org", e.message) from None
    return living[0]


def _plan_row(ctx: _Context, row: dict[str, Any], line: int) -> _RowPlan:
    code = normalize_tax_code(_text(row, "tax_code"))
    existing = ctx.existing.get(code)
    required = REQUIRED if existing is None else ["tax_code"]
    for key in required:
        if not _text(row, key):
            raise RowError(key, "không được để trống")
    for key in ("name", "ownership", "registered_on"):
        if _is_clear(row.get(key)):
            raise RowError(key, f"là trường bắt buộc, không xóa được bằng {CLEAR_MARKER}")
    ownership = None
    if _text(row, "ownership"):
        ownership = OWNERSHIP_WORDS.get(search_key(_text(row, "ownership")))
        if ownership is None:
            raise RowError("ownership", "phải là Tư nhân, FDI, Hợp tác xã hoặc Khác")
    locality, zone = _place(ctx, row, "locality"), _place(ctx, row, "zone")
    party_org = _party_org(ctx, row)
    registered_on = _date(row, "registered_on", required=existing is None)
    texts = {k: ("" if _is_clear(row.get(k)) else _text(row, k)) for k in TEXT_FIELDS
             if _text(row, k)}  # blank cell: the stored value stays
    try:
        plan = _plan_new(ctx, code, row, ownership, locality, zone, party_org, registered_on, texts, line) \
            if existing is None else _plan_update(ctx, existing, row, ownership, locality, zone, party_org, texts, line)
    except DomainError as e:
        raise _reraise("", e) from None
    _plan_workforce(ctx, plan, row)
    for kind in MASS_KINDS:
        _plan_mass(ctx, plan, row, kind)
    return plan


def _plan_new(ctx: _Context, code: str, row: dict[str, Any], ownership: Any, locality: Any, zone: Any,
              party_org: Any, registered_on: date | None, texts: dict[str, str], line: int) -> _RowPlan:
    """services.enterprise_register's checks, in memory."""
    assert registered_on is not None and locality is not None and ownership is not None
    zone = None if zone is CLEAR else zone
    party_org = None if party_org is CLEAR else party_org
    enterprise = Enterprise(name=_text(row, "name"), tax_code=code, ownership=ownership, locality=locality, zone=zone,
                            registered_on=registered_on, party_org=party_org)
    require_any(ctx.actor, "manage_org", [ctx.orgs[locality.organization_id]] + (
        [ctx.orgs[zone.organization_id]] if zone is not None and zone.organization_id else []) + (
        [party_org] if party_org is not None else []))
    enterprise.name = services._text(enterprise.name, "name", required=True)
    for k in TEXT_FIELDS:
        setattr(enterprise, k, services._text(texts.get(k, ""), k, limit=services.TEXT_LIMITS[k]))
    problem = tax_code_problem(code)
    if problem:
        rule = "tax_code_check_digit" if "kiểm tra" in problem else "tax_code_format"
        raise DomainError(f"{problem} ({TAX_CODE_DOCUMENT})", field="tax_code", rule=rule)
    services._check_ownership(ownership, enterprise.investor_country)
    services._not_future(registered_on, "registered_on")
    services._check_active_place(locality, zone, registered_on)
    enterprise.search_key = search_key(enterprise.name)
    return _RowPlan(line, "new", enterprise)


UPDATE_FIELDS = ["name", "ownership", *TEXT_FIELDS, "locality", "zone", "party_org"]
TAX_CODE_UNAVAILABLE = ("mã số thuế này không dùng được: bạn không được cập nhật doanh nghiệp mang mã này (kiểm tra "
                        "lại mã số thuế, hoặc đề nghị cấp ủy quản lý doanh nghiệp cập nhật)")


def _plan_update(ctx: _Context, enterprise: Enterprise, row: dict[str, Any], ownership: Any, locality: Any,
                 zone: Any, party_org: Any, texts: dict[str, str], line: int) -> _RowPlan:
    """services.enterprise_update's checks, in memory; only the cells that were filled change anything."""
    # One answer whether the enterprise with this code lies outside the caller's scope or inside it without the
    # right to update it: the message never names it nor says where it is.
    if not ctx.visible(enterprise):
        raise RowError("tax_code", TAX_CODE_UNAVAILABLE)
    try:
        require_any(ctx.actor, "manage_org", ctx.responsible(enterprise))
    except (NotVisible, NotAllowed):
        raise RowError("tax_code", TAX_CODE_UNAVAILABLE) from None
    before = snapshot(enterprise)
    old = {k: _shown(enterprise, k) for k in UPDATE_FIELDS}
    if _text(row, "name"):
        enterprise.name = services._text(_text(row, "name"), "name", required=True)
        enterprise.search_key = search_key(enterprise.name)
    if ownership is not None:
        enterprise.ownership = ownership
    for k, v in texts.items():
        setattr(enterprise, k, services._text(v, k, limit=services.TEXT_LIMITS[k]))
    services._check_ownership(enterprise.ownership, enterprise.investor_country)
    link_changed = False
    if locality is not None and locality.pk != enterprise.locality_id:
        enterprise.locality = locality
        link_changed = True
    if zone is not None and (None if zone is CLEAR else zone.pk) != enterprise.zone_id:
        enterprise.zone = None if zone is CLEAR else zone
        link_changed = True
    if party_org is not None and (None if party_org is CLEAR else party_org.pk) != enterprise.party_org_id:
        enterprise.party_org = None if party_org is CLEAR else party_org
        link_changed = True
    if link_changed:
        services._check_active_place(enterprise.locality, enterprise.zone, ctx.today)
        require_any(ctx.actor, "manage_org", ctx.responsible(enterprise))  # still in scope afterwards
    changed = [k for k in UPDATE_FIELDS if _shown(enterprise, k) != old[k]]
    plan = _RowPlan(line, "update", enterprise, before=before, changed=changed, link_changed=link_changed)
    plan.changes = [{"label": LABEL[k], "old": old[k], "new": _shown(enterprise, k)} for k in changed]
    return plan


def _shown(enterprise: Enterprise, key: str) -> str:
    if key == "ownership":
        return str(Ownership(enterprise.ownership).label) if enterprise.ownership else ""
    if key == "party_org":
        return enterprise.party_org.name if enterprise.party_org_id and enterprise.party_org else ""
    if key in ("locality", "zone"):
        place = getattr(enterprise, key)
        return place.name if place is not None else ""
    return str(getattr(enterprise, key) or "")


def _plan_workforce(ctx: _Context, plan: _RowPlan, row: dict[str, Any]) -> None:
    """services.workforce_record's checks; a different count on the same date replaces (voids) the stored one."""
    as_of = _date(row, "as_of")
    workers = _int(row, "workers")
    if workers is None:
        return
    if as_of is None:
        raise RowError("as_of", "phải có khi ghi số lao động")
    try:
        numbers = services.check_workforce(workers, _int(row, "women") or 0, _int(row, "union_eligible") or 0)
        services._not_future(as_of, "as_of")
    except DomainError as e:
        raise _reraise("", e) from None
    same = ctx.workforce.get((plan.enterprise.pk, as_of)) if plan.enterprise.pk else None
    if same is not None and (same.workers, same.women, same.union_eligible) == numbers:
        return
    plan.workforce = (as_of, *numbers)
    plan.void_workforce = same
    if plan.action == "update":
        old = f"{same.workers:,}".replace(",", ".") if same else ""
        plan.changes.append({"label": f"{LABEL['workers']} ngày {format_date(as_of)}", "old": old,
                               "new": f"{numbers[0]:,}".replace(",", ".")})


def _plan_mass(ctx: _Context, plan: _RowPlan, row: dict[str, Any], kind: MassOrgKind) -> None:
    """services.mass_org_found's and mass_org_count_record's checks."""
    prefix = f"{kind.value}_"
    founded_on = _date(row, f"{prefix}founded_on")
    members = _int(row, f"{prefix}members")
    if founded_on is None and members is None:
        return
    history = ctx.mass_orgs.get((plan.enterprise.pk, kind.value), []) if plan.enterprise.pk else []
    alive = next((m for m in history if m.dissolved_on is None), None)
    mp = _MassPlan(kind, alive)
    try:
        if alive is None:
            if founded_on is None:
                raise RowError(f"{prefix}founded_on", "phải có khi tổ chức chưa có trong danh sách")
            if kind == MassOrgKind.WOMEN:
                mp.form = FORM_WORDS.get(search_key(_text(row, "women_form")), "")
                if not mp.form:
                    raise RowError("women_form", "phải là câu lạc bộ, chi hội hoặc tổ")
            services._not_future(founded_on, "founded_on")
            clash = next((m for m in history if m.founded_on <= founded_on and
                          (m.dissolved_on is None or m.dissolved_on > founded_on)), None) \
                or next((m for m in history if m.founded_on > founded_on), None)
            if clash is not None:
                raise DomainError(
                    f"Doanh nghiệp đã có {kind.label} (thành lập {format_date(clash.founded_on)}); "
                    "mỗi doanh nghiệp một tổ chức mỗi loại.", field="kind", rule="mass_org_duplicate")
            mp.founded_on = founded_on
        if members is not None:
            as_of = _date(row, "as_of")
            if as_of is None:
                raise RowError("as_of", "phải có khi ghi số đoàn viên, hội viên")
            services._not_future(as_of, "as_of")
            start = alive.founded_on if alive is not None else founded_on
            assert start is not None
            if as_of < start:
                raise DomainError(
                    f"Ngày số liệu {format_date(as_of)} nằm ngoài thời gian tổ chức hoạt động "
                    f"(thành lập {format_date(start)}).", field="as_of", rule="count_outside_life")
            same = ctx.mass_counts.get((alive.pk, as_of)) if alive is not None else None
            if same is None or same.members != members:
                mp.count, mp.as_of, mp.void_count = members, as_of, same
                if plan.action == "update":
                    plan.changes.append({"label": f"{kind.label} ngày {format_date(as_of)}",
                                           "old": str(same.members) if same else "", "new": str(members)})
    except DomainError as e:
        raise _reraise(prefix, e) from None
    if mp.founded_on is not None or mp.count is not None:
        plan.mass.append(mp)
        if plan.action == "update" and mp.founded_on is not None:
            plan.changes.append({"label": f"{kind.label}: ngày thành lập", "old": "",
                                   "new": format_date(mp.founded_on)})


def _plan_all(actor: Any, rows: list[dict[str, Any]], progress: Any, *, lock: bool
              ) -> tuple[list[RowResult], list[_RowPlan]]:
    ctx = _Context(actor, rows, lock=lock)
    results: list[RowResult] = []
    plans: list[_RowPlan] = []
    seen: dict[str, int] = {}
    for i, row in enumerate(rows):
        if progress is not None:
            progress(i)
        line = int(row.get("_line") or i + 2)
        code = normalize_tax_code(_text(row, "tax_code"))
        result = RowResult(line, code, _text(row, "name"), "error")
        if code and code in seen:
            result.reason = f"Cột \"{LABEL['tax_code']}\": trùng với dòng {seen[code]} trong tệp."
            results.append(result)
            continue
        if code:
            seen[code] = line
        try:
            plan = _plan_row(ctx, row, line)
        except RowError as e:
            result.reason = f"Cột \"{LABEL.get(e.column, e.column)}\": {e.message}"
        except (NotVisible, NotAllowed):
            result.reason = f"Cột \"{LABEL['locality']}\": địa bàn ngoài phạm vi bạn được cập nhật."
        else:
            result.action = plan.action
            result.name = plan.enterprise.name
            result.changes = plan.changes
            plans.append(plan)
        results.append(result)
    if progress is not None:
        progress(len(rows), force=True)
    return results, plans


def _entry(actor: Any, action: str, obj: Any, before: dict[str, Any] | None = None) -> AuditEntry:
    """The AuditEntry core.audit.audit() would write, for a bulk insert."""
    return AuditEntry(actor=actor if getattr(actor, "pk", None) else None, action=action,
                      object_type=obj._meta.label_lower, object_id=str(obj.pk), object_repr=str(obj)[:255],
                      before=before, after=snapshot(obj))


def _insert_many(objs: list[Any]) -> None:
    """INSERT rows whose ids nobody needs back with one executemany (Django's bulk_create splits into statements of
    999 parameters on SQLite and compiles each: the write phase's main cost before)."""
    if not objs:
        return
    model = type(objs[0])
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    qn = connection.ops.quote_name
    sql = (f"INSERT INTO {qn(model._meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) "
           f"VALUES ({', '.join(['%s'] * len(fields))})")
    params = [[f.get_db_prep_save(f.pre_save(o, True), connection) for f in fields] for o in objs]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def _write(actor: Any, plans: list[_RowPlan], progress: Any) -> None:
    """Write the planned rows in bulk (inside the caller's transaction), each write audited like its service."""
    who = actor if getattr(actor, "pk", None) else None
    now = timezone.now()
    stage = getattr(progress, "stage", lambda text: None)
    entries: list[AuditEntry] = []
    new = [p.enterprise for p in plans if p.action == "new"]
    Enterprise.objects.bulk_create(new, batch_size=500)
    _insert_many([EnterpriseStatusChange(enterprise=e, status=EnterpriseStatus.OPERATING, effective_on=e.registered_on,
                                         recorded_by=who) for e in new])
    entries += [_entry(actor, "enterprise_register", e) for e in new]
    stage(f"Đã ghi {len(new)} doanh nghiệp mới; đang ghi số liệu")
    changed = [p for p in plans if p.action == "update" and p.changed]
    fields = sorted({f for p in changed for f in p.changed} | ({"search_key"} if changed else set()))
    if changed:
        Enterprise.objects.bulk_update([p.enterprise for p in changed], fields, batch_size=500)
    entries += [_entry(actor, "enterprise_update", p.enterprise, before=p.before) for p in changed]
    if _link_enterprise is not None and _carry_over_links is not None:  # dated links, as the services write them
        _carry_over_links()  # the new enterprises' links from KNOWN_FROM, in bulk (enterprise_register: one each)
        for p in changed:
            if p.link_changed:
                _link_enterprise(p.enterprise, today())
    voided = [p.void_workforce for p in plans if p.void_workforce is not None]
    for c in voided:
        before = snapshot(c)
        c.voided_at, c.void_reason = now, "Thay bằng số liệu nhập từ tệp"
        entries.append(_entry(actor, "workforce_void", c, before=before))
    WorkforceCount.objects.bulk_update(voided, ["voided_at", "void_reason"], batch_size=500)
    counts = [WorkforceCount(enterprise=p.enterprise, as_of=p.workforce[0], workers=p.workforce[1],
                             women=p.workforce[2], union_eligible=p.workforce[3], recorded_by=who)
              for p in plans if p.workforce is not None]
    WorkforceCount.objects.bulk_create(counts, batch_size=500)  # ids needed by the audit entries
    entries += [_entry(actor, "workforce_record", c) for c in counts]
    founded = [(p, m) for p in plans for m in p.mass if m.founded_on is not None]
    for p, m in founded:
        assert m.founded_on is not None
        m.existing = MassOrganization(enterprise=p.enterprise, kind=m.kind.value, form=m.form, founded_on=m.founded_on,
                                      name=f"{m.kind.label} {p.enterprise.name}"[:255])
    MassOrganization.objects.bulk_create([m.existing for _, m in founded if m.existing is not None], batch_size=500)
    entries += [_entry(actor, "mass_org_found", m.existing) for _, m in founded]
    mass_counts = [m for p in plans for m in p.mass if m.count is not None]
    voided_mass = [m.void_count for m in mass_counts if m.void_count is not None]
    for mc in voided_mass:
        mc.voided_at, mc.void_reason = now, "Thay bằng số liệu nhập từ tệp"
        entries.append(_entry(actor, "mass_org_count_void", mc))
    MassOrgCount.objects.bulk_update(voided_mass, ["voided_at", "void_reason"], batch_size=500)
    new_counts = [MassOrgCount(mass_org=m.existing, as_of=m.as_of, members=m.count, recorded_by=who)  # type: ignore[misc]
                  for m in mass_counts]  # as_of and count are set together in _plan_mass
    MassOrgCount.objects.bulk_create(new_counts, batch_size=500)
    entries += [_entry(actor, "mass_org_count_record", c) for c in new_counts]
    stage("Đang ghi nhật ký thay đổi")
    _insert_many(entries)


@transaction.atomic
def require_import_role(actor: Any) -> None:
    """NotAllowed (403) unless some assignment of the actor carries manage_org (or a superuser)."""
    from dangvu.accounts.models import ROLE_ACTIONS, Assignment

    if getattr(actor, "is_superuser", False):
        return
    writers = [role for role, actions in ROLE_ACTIONS.items() if "manage_org" in actions]
    if not Assignment.objects.filter(user=actor, role__in=writers).exists():
        raise NotAllowed("Chỉ cán bộ có quyền cập nhật doanh nghiệp được nhập danh sách từ tệp.")


def import_upload(*, actor: Any, filename: str, data: bytes) -> ImportBatch:
    """Parse the file into a pending batch (nothing else is written). Only a user whose role may change
    enterprises (manage_org) uploads: a viewer or a cell secretary is refused before the file is read."""
    require_import_role(actor)
    rows = parse_workbook(data)
    batch = ImportBatch.objects.create(created_by=actor, filename=filename[:255], rows=rows)
    audit(actor, "import_upload", batch, after={"filename": batch.filename, "rows": len(rows)})
    return batch


def import_batch_get(actor: Any, batch_id: Any) -> ImportBatch:
    batch = ImportBatch.objects.filter(pk=batch_id, created_by_id=getattr(actor, "pk", None)).first()
    if batch is None:
        raise NotVisible
    return batch


def import_dry_run(*, actor: Any, batch: ImportBatch, progress: Progress | None = None) -> list[RowResult]:
    """What the confirmation would do, row by row, with each changed field (old → new); reads only."""
    results, _ = _plan_all(actor, batch.rows, progress, lock=False)
    return results


@transaction.atomic
def import_confirm(*, actor: Any, batch: ImportBatch, progress: Progress | None = None) -> list[RowResult]:
    """Check again and write every row of the batch in one transaction; any bad row and nothing is written."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatchStatus.PENDING:
        raise DomainError("Tệp này đã được ghi hoặc đã hủy.", field="batch", rule="import_not_pending")
    results, plans = _plan_all(actor, batch.rows, progress, lock=True)
    bad = [r for r in results if r.action == "error"]
    if bad:
        raise DomainError(
            f"{len(bad)} dòng lỗi (dòng {bad[0].line}: {bad[0].reason}); không dòng nào được ghi. "
            "Sửa tệp rồi tải lên lại.",
            field="file", rule="import_row_error",
        )
    _write(actor, plans, progress)
    batch.status = ImportBatchStatus.CONFIRMED
    batch.confirmed_at = timezone.now()
    batch.save(update_fields=["status", "confirmed_at"])
    audit(actor, "import_confirm", batch, after={"rows": len(results)})
    return results


# --- Background jobs: the dry run and the confirmation run in the queue (dangvu.jobs); the page shows progress
# and the stored result, which is never recomputed when the page is opened again.
DRY_RUN_JOB = "enterprise_import_dry_run"
CONFIRM_JOB = "enterprise_import_confirm"


def batch_ref(batch: ImportBatch) -> str:
    return f"enterprises.importbatch:{batch.pk}"


def results_payload(results: list[RowResult]) -> dict[str, Any]:
    """What a job stores: the counts and every row's outcome (JSON)."""
    counts = {a: sum(1 for r in results if r.action == a) for a in ("new", "update", "error")}
    return {"counts": counts, "rows": [r.as_dict() for r in results]}


def import_start_dry_run(*, actor: Any, batch: ImportBatch) -> Job:
    """Queue the dry run of an uploaded batch (its result is stored on the job)."""
    return job_start(actor=actor, kind=DRY_RUN_JOB, handler="dangvu.enterprises.importing.dry_run_job",
                     ref=batch_ref(batch), params={"batch_id": batch.pk}, total=len(batch.rows))


def import_start_confirm(*, actor: Any, batch: ImportBatch) -> Job:
    """Queue the confirmation: only for a pending batch whose dry run finished without an error row."""
    if batch.status != ImportBatchStatus.PENDING:
        raise DomainError("Tệp này đã được ghi hoặc đã hủy.", field="batch", rule="import_not_pending")
    running = latest_job(kind=CONFIRM_JOB, ref=batch_ref(batch))
    if running is not None and not running.finished:
        return running
    dry = latest_job(kind=DRY_RUN_JOB, ref=batch_ref(batch))
    if dry is None or dry.status != JobStatus.DONE:
        raise DomainError("Chưa xem trước xong tệp này; chờ kết quả xem trước rồi mới xác nhận.", field="batch",
                          rule="import_dry_run_pending")
    if (dry.result or {}).get("counts", {}).get("error"):
        raise DomainError("Tệp còn dòng lỗi; sửa tệp rồi tải lên lại.", field="file", rule="import_row_error")
    return job_start(actor=actor, kind=CONFIRM_JOB, handler="dangvu.enterprises.importing.confirm_job",
                     ref=batch_ref(batch), params={"batch_id": batch.pk}, total=len(batch.rows))


def _job_batch(job: Job) -> tuple[Any, ImportBatch]:
    batch = ImportBatch.objects.get(pk=job.params["batch_id"])
    return job.created_by, batch


def dry_run_job(job: Job) -> dict[str, Any]:
    """Queue handler: the dry run of the batch, with progress."""
    actor, batch = _job_batch(job)
    return results_payload(import_dry_run(actor=actor, batch=batch, progress=Progress(job, total=len(batch.rows))))


def confirm_job(job: Job) -> dict[str, Any]:
    """Queue handler: write the batch (one transaction; nothing written on any error)."""
    actor, batch = _job_batch(job)
    return results_payload(import_confirm(actor=actor, batch=batch, progress=Progress(job, total=len(batch.rows))))
