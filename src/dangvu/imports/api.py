"""/api/v1/imports: upload (202, the dry run queued), follow its progress and stored result, confirm (202), the
templates. Thin: parse, call the services, answer."""

from typing import Any

from django.http import HttpRequest, HttpResponse
from ninja import File, Form, Router, Schema, Status
from ninja.files import UploadedFile

from dangvu.core.api import ERRORS, caller
from dangvu.core.errors import DomainError
from dangvu.jobs.models import Job

from . import engine, services
from .kinds import ACTIONS, get_kind

router = Router(tags=["Nhập dữ liệu"])


class ImportStartOut(Schema):
    id: int
    status: str


class RowErrorOut(Schema):
    sheet: str
    row: int
    column: str
    detail: str


class ImportOut(Schema):
    id: int
    kind: str
    filename: str
    status: str  # pending | running | done | failed (of the latest job: the confirmation once asked, else the dry run)
    stage: str  # dry_run | confirm
    confirmed: bool
    done: int
    total: int
    rows: dict[str, int]
    errors: list[RowErrorOut]
    error: str = ""


def _job_status(job: Job | None) -> str:
    return job.status if job is not None else "pending"


def import_state(f: Any) -> dict[str, Any]:
    """The upload as the API and the progress page show it: the latest job, its progress and stored result."""
    dry, confirm = services.import_jobs(f)
    job = confirm or dry
    result = services.result_of(dry) or {}
    return {
        "id": f.pk, "kind": f.kind, "filename": f.filename, "status": _job_status(job),
        "stage": "confirm" if confirm is not None else "dry_run", "confirmed": f.status == "confirmed",
        "done": job.done if job else 0, "total": job.total if job else f.row_count,
        "rows": result.get("rows", {a: 0 for a in ACTIONS}), "errors": result.get("errors", []),
        "error": job.error if job else "",
    }


@router.post("/imports", response={202: ImportStartOut, **ERRORS})
def import_create(request: HttpRequest, kind: Form[str], file: File[UploadedFile]) -> Any:
    """Tải lên tệp (kind = organizations | members | enterprises); hệ thống kiểm tra thử từng dòng ở chế độ chạy
    nền (không ghi gì). Chỉ người có vai trò được ghi."""
    if file.size and file.size > services.MAX_UPLOAD:
        raise DomainError("Tệp lớn quá 20 MB.", field="file", rule="max_size")
    f = services.import_upload(actor=caller(request), kind=kind, filename=file.name or "", data=file.read())
    state = import_state(f)
    return Status(202, {"id": f.pk, "status": state["status"]})


@router.get("/imports/templates/{kind}", response={200: None, **ERRORS})
def import_template(request: HttpRequest, kind: str) -> HttpResponse:
    """Tệp mẫu (xlsx) của một loại dữ liệu."""
    k = get_kind(kind)
    response = HttpResponse(engine.template_xlsx(k), content_type=engine.XLSX)
    response["Content-Disposition"] = f'attachment; filename="mau-nhap-{k.key}.xlsx"'
    return response


@router.get("/imports/{import_id}", response={200: ImportOut, **ERRORS})
def import_detail(request: HttpRequest, import_id: int) -> Any:
    """Tiến độ và kết quả kiểm tra đã lưu (không tính lại): số dòng thêm mới, cập nhật, không đổi, lỗi; từng lỗi
    với dòng, cột và lý do."""
    return import_state(services.import_get(caller(request), import_id))


@router.post("/imports/{import_id}/confirm", response={202: ImportStartOut, **ERRORS})
def import_confirm(request: HttpRequest, import_id: int) -> Any:
    """Xác nhận ghi: mọi dòng trong một giao dịch, hoặc không dòng nào (chạy nền)."""
    user = caller(request)
    job = services.import_confirm(actor=user, import_file=services.import_get(user, import_id))
    return Status(202, {"id": import_id, "status": job.status})
