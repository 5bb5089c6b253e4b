"""Spreadsheet import of enterprises with their workforce and organisations.

The upload is parsed into an ImportBatch (rows as JSON). The dry run applies every row through the same
services inside a transaction that is rolled back, so each row is reported exactly as the confirmation
would treat it: new, update (the tax code is already registered) or error with the column and the reason.
The confirmation applies all rows in one transaction; a single bad row writes nothing."""

import io
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import transaction
from django.utils import timezone

from dangvu.core.audit import audit
from dangvu.core.errors import DomainError, NotAllowed, NotVisible
from dangvu.core.text import search_key
from dangvu.jobs.models import Job, JobStatus
from dangvu.jobs.services import Progress, job_start, latest_job

from . import services
from .access import visible_enterprises
from .models import (
    Enterprise,
    ImportBatch,
    ImportBatchStatus,
    IndustrialZone,
    Locality,
    MassOrganization,
    MassOrgCount,
    MassOrgKind,
    Ownership,
    WomenForm,
    WorkforceCount,
)
from .rules import normalize_tax_code

MAX_ROWS = 5000
MASS_KINDS = [k for k in MassOrgKind]
COLUMNS: list[tuple[str, str]] = [
    ("tax_code", "Mã số thuế"), ("name", "Tên doanh nghiệp"), ("ownership", "Loại hình sở hữu"),
    ("investor_country", "Quốc gia nhà đầu tư"), ("industry", "Ngành nghề"), ("address", "Địa chỉ"),
    ("locality", "Địa bàn"), ("zone", "Khu công nghiệp"), ("owner_name", "Chủ doanh nghiệp"),
    ("contact", "Liên hệ"), ("registered_on", "Ngày đưa vào theo dõi"), ("as_of", "Ngày số liệu"),
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

    @property
    def action_label(self) -> str:
        return ACTION_LABELS[self.action]

    def as_dict(self) -> dict[str, Any]:
        return {"line": self.line, "tax_code": self.tax_code, "name": self.name, "action": self.action,
                "reason": self.reason}


ACTION_LABELS = {"new": "Thêm mới", "update": "Cập nhật", "error": "Lỗi"}


class RowError(Exception):
    def __init__(self, column: str, message: str):
        super().__init__(message)
        self.column = column
        self.message = message


def _date(row: dict[str, Any], key: str, *, required: bool = False) -> date | None:
    value = row.get(key)
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
    field = e.field or ""
    key = f"{column_prefix}{field}" if column_prefix else field
    return RowError(key if key in LABEL else column_prefix.rstrip("_") or field, e.message)


def _apply_row(actor: Any, row: dict[str, Any]) -> str:
    code = normalize_tax_code(_text(row, "tax_code"))
    name = _text(row, "name")
    for key in REQUIRED:
        if not _text(row, key):
            raise RowError(key, "không được để trống")
    ownership = OWNERSHIP_WORDS.get(search_key(_text(row, "ownership")))
    if ownership is None:
        raise RowError("ownership", "phải là Tư nhân, FDI, Hợp tác xã hoặc Khác")
    locality = Locality.objects.filter(name__iexact=_text(row, "locality")).first()
    if locality is None:
        raise RowError("locality", f"không có địa bàn '{_text(row, 'locality')}' trong danh mục")
    zone = None
    if _text(row, "zone"):
        zone = IndustrialZone.objects.filter(name__iexact=_text(row, "zone")).first()
        if zone is None:
            raise RowError("zone", f"không có khu công nghiệp '{_text(row, 'zone')}' trong danh mục")
    registered_on = _date(row, "registered_on", required=True)
    assert registered_on is not None
    fields: dict[str, Any] = {
        k: _text(row, k) for k in ("investor_country", "industry", "address", "owner_name", "contact")
    }
    existing = Enterprise.objects.filter(tax_code=code).first()
    try:
        if existing is None:
            enterprise = services.enterprise_register(
                actor=actor, name=name, tax_code=code, ownership=ownership, locality=locality, zone=zone,
                registered_on=registered_on, **fields,
            )
            action = "new"
        else:
            if not visible_enterprises(actor).filter(pk=existing.pk).exists():
                raise RowError("tax_code", "mã số thuế đã thuộc một doanh nghiệp ngoài phạm vi của bạn")
            enterprise = services.enterprise_update(
                actor=actor, enterprise=existing, name=name, ownership=ownership, locality=locality, zone=zone,
                **fields,
            )
            action = "update"
    except DomainError as e:
        raise _reraise("", e) from None
    as_of = _date(row, "as_of")
    workers = _int(row, "workers")
    if workers is not None:
        if as_of is None:
            raise RowError("as_of", "phải có khi ghi số lao động")
        women, eligible = _int(row, "women") or 0, _int(row, "union_eligible") or 0
        same = WorkforceCount.objects.filter(enterprise=enterprise, as_of=as_of, voided_at__isnull=True).first()
        if same is None or (same.workers, same.women, same.union_eligible) != (workers, women, eligible):
            try:
                if same is not None:
                    services.workforce_void(actor=actor, count=same, reason="Thay bằng số liệu nhập từ tệp")
                services.workforce_record(actor=actor, enterprise=enterprise, as_of=as_of, workers=workers,
                                          women=women, union_eligible=eligible)
            except DomainError as e:
                raise _reraise("", e) from None
    for kind in MASS_KINDS:
        _apply_mass_org(actor, enterprise, row, kind, as_of)
    return action


def _apply_mass_org(actor: Any, enterprise: Enterprise, row: dict[str, Any], kind: MassOrgKind,
                    as_of: date | None) -> None:
    prefix = f"{kind.value}_"
    founded_on = _date(row, f"{prefix}founded_on")
    members = _int(row, f"{prefix}members")
    if founded_on is None and members is None:
        return
    mass_org = MassOrganization.objects.filter(enterprise=enterprise, kind=kind, dissolved_on__isnull=True).first()
    try:
        if mass_org is None:
            if founded_on is None:
                raise RowError(f"{prefix}founded_on", "phải có khi tổ chức chưa có trong danh sách")
            form = ""
            if kind == MassOrgKind.WOMEN:
                form = FORM_WORDS.get(search_key(_text(row, "women_form")), "")
                if not form:
                    raise RowError("women_form", "phải là câu lạc bộ, chi hội hoặc tổ")
            mass_org = services.mass_org_found(actor=actor, enterprise=enterprise, kind=kind, founded_on=founded_on,
                                               form=form)
        if members is not None:
            if as_of is None:
                raise RowError("as_of", "phải có khi ghi số đoàn viên, hội viên")
            same = MassOrgCount.objects.filter(mass_org=mass_org, as_of=as_of, voided_at__isnull=True).first()
            if same is not None and same.members != members:
                same.voided_at = timezone.now()
                same.void_reason = "Thay bằng số liệu nhập từ tệp"
                same.save(update_fields=["voided_at", "void_reason"])
                audit(actor, "mass_org_count_void", same)
                same = None
            if same is None:
                services.mass_org_count_record(actor=actor, mass_org=mass_org, as_of=as_of, members=members)
    except DomainError as e:
        raise _reraise(prefix, e) from None


def _apply(actor: Any, rows: list[dict[str, Any]], progress: Any = None) -> list[RowResult]:
    results: list[RowResult] = []
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
            with transaction.atomic():
                result.action = _apply_row(actor, row)
        except RowError as e:
            result.reason = f"Cột \"{LABEL.get(e.column, e.column)}\": {e.message}"
        except (NotVisible, NotAllowed):
            result.reason = f"Cột \"{LABEL['locality']}\": địa bàn ngoài phạm vi bạn được cập nhật."
        results.append(result)
    return results


@transaction.atomic
def import_upload(*, actor: Any, filename: str, data: bytes) -> ImportBatch:
    """Parse the file into a pending batch (nothing else is written)."""
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
    """What the confirmation would do, row by row; everything is rolled back."""
    with transaction.atomic():
        results = _apply(actor, batch.rows, progress)
        transaction.set_rollback(True)
    return results


@transaction.atomic
def import_confirm(*, actor: Any, batch: ImportBatch, progress: Progress | None = None) -> list[RowResult]:
    """Write every row of the batch in one transaction; any bad row and nothing is written."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status != ImportBatchStatus.PENDING:
        raise DomainError("Tệp này đã được ghi hoặc đã hủy.", field="batch", rule="import_not_pending")
    results = _apply(actor, batch.rows, progress)
    bad = [r for r in results if r.action == "error"]
    if bad:
        raise DomainError(
            f"{len(bad)} dòng lỗi (dòng {bad[0].line}: {bad[0].reason}); không dòng nào được ghi. "
            "Sửa tệp rồi tải lên lại.",
            field="file", rule="import_row_error",
        )
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
