"""Import pages: upload, progress and the stored dry-run result with its errors, confirmation, the error file,
templates; exports of the lists in the templates' format. Thin: parse, call a service, render."""

from datetime import date
from typing import Any

from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangvu.core.dates import today
from dangvu.core.errors import DomainError
from dangvu.core.http import add_domain_error, parse_date_param, scoped_view
from dangvu.jobs.models import JobStatus
from dangvu.members.forms import MemberFilterForm
from dangvu.orgs.selectors import organization_or_default

from . import engine, exportjobs, exports, services
from .forms import UploadForm
from .kinds import ACTION_LABELS, all_kinds, get_kind
from .models import ImportFile, ImportStatus

ROWS_PER_PAGE = 100


def _xlsx(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=engine.XLSX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@scoped_view
def import_home(request: HttpRequest) -> HttpResponse:
    """Upload a file; the templates; the user's recent uploads."""
    initial = {"kind": request.GET.get("kind") or "members"}
    form = UploadForm(request.POST or None, request.FILES or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > services.MAX_UPLOAD:
                raise DomainError("Tệp lớn quá 20 MB.", field="file", rule="max_size")
            f = services.import_upload(actor=request.user, kind=form.cleaned_data["kind"], filename=upload.name,
                                       data=upload.read())
            return redirect("import_detail", f.pk)
        except DomainError as e:
            add_domain_error(form, e)
    kinds = all_kinds()
    recent = ImportFile.objects.filter(created_by_id=request.user.pk).order_by("-id")[:20]
    return render(request, "imports/home.html", {
        "form": form, "kinds": kinds, "recent": recent,
        "may": {k.key: services.may_import(request.user, k) for k in kinds},
    }, status=422 if request.method == "POST" else 200)


@scoped_view
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """Progress while a job runs, then the dry run's stored result (never recomputed), the confirmation."""
    f = services.import_get(request.user, pk)
    dry, confirm = services.import_jobs(f)
    result = services.result_of(dry) or {}
    outcomes = result.get("outcomes", [])
    show = request.GET.get("show", "")
    if show in ACTION_LABELS:
        outcomes = [o for o in outcomes if o["action"] == show]
    page = Paginator(outcomes, ROWS_PER_PAGE).get_page(request.GET.get("page"))
    running = any(j is not None and not j.finished for j in (dry, confirm))
    return render(request, "imports/detail.html", {
        "file": f, "kind": get_kind(f.kind), "dry": dry, "confirm": confirm, "result": result, "page": page,
        "show": show, "labels": ACTION_LABELS, "refresh": running,
        "may_confirm": (f.status == ImportStatus.PENDING and dry is not None and dry.status == JobStatus.DONE
                        and not result.get("rows", {}).get("error") and (confirm is None or confirm.status ==
                                                                        JobStatus.FAILED)),
    })


@require_POST
@scoped_view
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    f = services.import_get(request.user, pk)
    try:
        services.import_confirm(actor=request.user, import_file=f)
    except DomainError as e:
        from django.contrib import messages

        messages.error(request, e.message)
    return redirect("import_detail", f.pk)


@scoped_view
def import_errors(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded rows with an error column (from the stored dry-run result)."""
    f = services.import_get(request.user, pk)
    dry, _ = services.import_jobs(f)
    data = engine.error_workbook(get_kind(f.kind), f.sheets, services.result_of(dry) or {})
    return _xlsx(data, f"loi-{f.kind}-{f.pk}.xlsx")


@scoped_view
def import_template(request: HttpRequest, kind: str, fmt: str) -> HttpResponse:
    try:
        k = get_kind(kind)
    except DomainError:
        raise Http404("Không có mẫu nhập loại dữ liệu này.") from None
    if fmt not in ("xlsx", "csv"):
        raise Http404("Mẫu nhập chỉ có dạng xlsx và csv.")
    if fmt == "csv":
        response = HttpResponse(engine.template_csv(k), content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = f'attachment; filename="mau-nhap-{k.key}.csv"'
        return response
    return _xlsx(engine.template_xlsx(k), f"mau-nhap-{k.key}.xlsx")


def _int(value: Any) -> int | None:
    return int(value) if str(value or "").isdigit() else None


@scoped_view
def export(request: HttpRequest, kind: str) -> HttpResponse:
    """A list as xlsx in its import template's format (members: the member list's filters): GET shows what will
    be exported; POST queues it as a background job (exportjobs) and goes to the job's page."""
    if kind not in exports.EXPORTS:
        raise Http404("Không có danh sách này để xuất.")
    data = request.POST if request.method == "POST" else request.GET
    org = organization_or_default(request.user, _int(data.get("organization_id")))
    filters = {k: data.get(k) for k in exportjobs.MEMBER_FILTERS if data.get(k)} if kind == "members" else {}
    on: date | None = None
    if kind == "members" and data.get("on"):
        on, err = parse_date_param(data.get("on"), today())
        if err:
            return HttpResponse(err, status=400, content_type="text/plain; charset=utf-8")
    described = MemberFilterForm(data=filters)  # the member list's own rules and labels for the filters
    if kind == "members" and not described.is_valid():
        problems = "; ".join(f"«{described.fields[k].label}»: {' '.join(str(x) for x in v)}"
                             for k, v in described.errors.items() if k in described.fields)
        return HttpResponse(f"Bộ lọc không hợp lệ — {problems}", status=400, content_type="text/plain; charset=utf-8")
    if request.method == "POST":
        job = exportjobs.export_start(actor=request.user, kind=kind, organization=org, filters=filters, on=on)
        return redirect("import_export_job", job.pk)
    shown = []  # the filters in words («Loại đảng viên: Chính thức»)
    for k, v in filters.items():
        field = described.fields[k]
        text = dict(getattr(field, "choices", [])).get(v, v) if k != "q" else f"«{v}»"
        shown.append(f"{field.label}: {text}")
    return render(request, "imports/export.html", {
        "kind": kind, "title": exportjobs.TITLES[kind], "org": org, "filters": filters, "shown": shown, "on": on,
    })


@scoped_view
def export_job(request: HttpRequest, job_id: int) -> HttpResponse:
    """The export's progress; the file to download when it is written (the requester's own job only)."""
    job, path = exportjobs.export_file(request.user, job_id)
    org = organization_or_default(request.user, _int(job.params.get("organization_id")))
    return render(request, "imports/export_job.html", {
        "job": job, "ready": path is not None, "org": org, "title": exportjobs.TITLES.get(job.params["kind"], ""),
    })


@scoped_view
def export_download(request: HttpRequest, job_id: int) -> HttpResponse:
    job, path = exportjobs.export_file(request.user, job_id)
    if path is None or not job.result:
        raise Http404("Tệp chưa sẵn sàng.")
    response: Any = FileResponse(path.open("rb"), as_attachment=True, filename=job.result["filename"],
                                 content_type=job.result["content_type"])
    return response  # a streaming response; scoped_view's type names the plain one
