"""Writes of the import engine: upload (rows stored, dry run queued), confirmation (queued), each audited. The
dry run and the confirmation are jobs of dangvu.jobs; their results are stored on the jobs and shown again."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from dangvu.accounts.models import ROLE_ACTIONS
from dangvu.core.actors import Actor, recorded_by
from dangvu.core.audit import audit
from dangvu.core.errors import DomainError, NotAllowed, NotVisible
from dangvu.jobs.models import Job, JobStatus
from dangvu.jobs.services import Progress, job_start, latest_job
from dangvu.orgs.scope import scope_of

from . import engine
from .kinds import ImportKind, get_kind
from .models import ImportFile, ImportStatus

DRY_RUN_JOB = "import_dry_run"
CONFIRM_JOB = "import_confirm"
MAX_UPLOAD = 20 * 1024 * 1024


def may_import(actor: Actor, kind: ImportKind) -> bool:
    """Uploads need the write role for the kind (record_member for members, manage_org for organisations and
    enterprises) in at least one assigned subtree; each row is then checked in its own organisation's scope."""
    if not getattr(actor, "is_authenticated", False):
        return False
    if getattr(actor, "is_superuser", False):
        return True
    roles = scope_of(actor).roles_by_root.values()
    return any(kind.action in ROLE_ACTIONS[r] for rs in roles for r in rs)


def require_import(actor: Actor, kind: ImportKind) -> None:
    if not may_import(actor, kind):
        raise NotAllowed(f"Vai trò của bạn không được nhập {kind.label.lower()} từ tệp (cần vai trò được ghi).")


def ref_of(f: ImportFile) -> str:
    return f"imports.importfile:{f.pk}"


@transaction.atomic
def import_upload(*, actor: Actor, kind: str, filename: str, data: bytes) -> ImportFile:
    """Read the upload into its sheets, store them and queue the dry run (nothing else is written)."""
    k = get_kind(kind)
    require_import(actor, k)
    if len(data) > MAX_UPLOAD:
        raise DomainError(f"Tệp lớn quá {MAX_UPLOAD // (1024 * 1024)} MB.", field="file", rule="max_size")
    user = recorded_by(actor)
    if user is None:
        raise NotAllowed("Cần đăng nhập để nhập dữ liệu.")
    sheets = engine.read_upload(k, filename or "", data)
    count = sum(len(rows) for rows in sheets.values())
    f = ImportFile.objects.create(kind=k.key, filename=(filename or "tep.xlsx")[:255], sheets=sheets,
                                  row_count=count, created_by=user)
    audit(actor, "import_upload", f, after={"kind": k.key, "filename": f.filename, "rows": count})
    job_start(actor=actor, kind=DRY_RUN_JOB, handler="dangvu.imports.services.dry_run_job", ref=ref_of(f),
              params={"import_id": f.pk}, total=count)
    return f


@transaction.atomic
def import_fill_blank(*, actor: Actor, import_file: ImportFile, sheet: str, column: str, value: str) -> int:
    """Fill the empty cells of one column of a pending upload with `value` (the command line's --organization for
    rows that leave the cell or parent empty), audited, and queue the dry run again; returns the cells filled."""
    f = ImportFile.objects.select_for_update().get(pk=import_file.pk)
    if f.created_by_id != getattr(actor, "pk", None):
        raise NotVisible
    if f.status != ImportStatus.PENDING:
        raise DomainError("Tệp này đã được ghi.", field="file", rule="import_not_pending")
    filled = 0
    for row in f.sheets.get(sheet, []):
        if not str(row.get(column) or "").strip():
            row[column] = value
            filled += 1
    if not filled:
        return 0
    f.save(update_fields=["sheets"])
    import_file.sheets = f.sheets
    audit(actor, "import_fill", f, after={"sheet": sheet, "column": column, "value": value, "cells": filled})
    job_start(actor=actor, kind=DRY_RUN_JOB, handler="dangvu.imports.services.dry_run_job", ref=ref_of(f),
              params={"import_id": f.pk}, total=f.row_count)
    return filled


def import_get(actor: Actor, import_id: Any) -> ImportFile:
    """An upload of the caller's own (404 for anyone else's)."""
    try:
        pk = int(import_id)
    except (TypeError, ValueError):
        raise NotVisible from None
    if not 0 < pk < 2**63:  # beyond the database's integers: no such upload (never an overflow, never a 500)
        raise NotVisible
    f = ImportFile.objects.filter(pk=pk, created_by_id=getattr(actor, "pk", None)).first()
    if f is None:
        raise NotVisible
    return f


def import_jobs(f: ImportFile) -> tuple[Job | None, Job | None]:
    """The latest dry-run job and confirmation job of the upload."""
    return latest_job(kind=DRY_RUN_JOB, ref=ref_of(f)), latest_job(kind=CONFIRM_JOB, ref=ref_of(f))


@transaction.atomic
def import_confirm(*, actor: Actor, import_file: ImportFile) -> Job:
    """Queue the confirmation of an upload whose dry run finished without an error row."""
    f = ImportFile.objects.select_for_update().get(pk=import_file.pk)
    require_import(actor, get_kind(f.kind))
    if f.status != ImportStatus.PENDING:
        raise DomainError("Tệp này đã được ghi.", field="file", rule="import_not_pending")
    dry, confirm = import_jobs(f)
    if confirm is not None and confirm.status in (JobStatus.PENDING, JobStatus.RUNNING):
        return confirm
    if dry is None or dry.status != JobStatus.DONE:
        raise DomainError("Chưa kiểm tra xong tệp này; chờ kết quả kiểm tra rồi mới xác nhận.", field="file",
                          rule="import_dry_run_pending")
    if (dry.result or {}).get("rows", {}).get("error"):
        raise DomainError("Tệp còn dòng lỗi; tải tệp lỗi về, sửa rồi tải lên lại.", field="file",
                          rule="import_row_error")
    return job_start(actor=actor, kind=CONFIRM_JOB, handler="dangvu.imports.services.confirm_job", ref=ref_of(f),
                     params={"import_id": f.pk}, total=f.row_count)


def dry_run_job(job: Job) -> dict[str, Any]:
    """Queue handler: every row through the services, rolled back; the result is stored on the job."""
    f = ImportFile.objects.get(pk=job.params["import_id"])
    kind = get_kind(f.kind)
    progress = Progress(job, total=f.row_count)
    outcomes = engine.run_rows(kind, actor=f.created_by, sheets=f.sheets, progress=progress, write=False,
                               filename=f.filename)
    return engine.payload(outcomes)


def confirm_job(job: Job) -> dict[str, Any]:
    """Queue handler: every row written in one transaction, or none (a DomainError fails the job)."""
    with transaction.atomic():
        f = ImportFile.objects.select_for_update().get(pk=job.params["import_id"])
        if f.status != ImportStatus.PENDING:
            raise DomainError("Tệp này đã được ghi.", field="file", rule="import_not_pending")
        kind = get_kind(f.kind)
        outcomes = engine.run_rows(kind, actor=f.created_by, sheets=f.sheets,
                                   progress=Progress(job, total=f.row_count), write=True, filename=f.filename)
        f.status, f.confirmed_at = ImportStatus.CONFIRMED, timezone.now()
        f.save(update_fields=["status", "confirmed_at"])
        result = engine.payload(outcomes)
        audit(f.created_by, "import_confirm", f, after={"kind": f.kind, "rows": result["rows"]})
    return result


def result_of(job: Job | None) -> dict[str, Any] | None:
    return job.result if job is not None and job.status == JobStatus.DONE else None
