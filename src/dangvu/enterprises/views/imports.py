"""Spreadsheet import pages: upload, template, the batch between dry run and confirmation."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from dangvu.core.errors import DomainError
from dangvu.core.http import add_domain_error, scoped_view

from .. import importing
from ..forms import (
    ImportForm,
)

MAX_UPLOAD = 5 * 1024 * 1024


@scoped_view
def import_page(request: HttpRequest) -> HttpResponse:
    importing.require_import_role(request.user)  # 403 for a viewer, before the form or the file
    form = ImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            if upload.size > MAX_UPLOAD:
                raise DomainError("Tệp lớn quá 5 MB.", field="file", rule="max_size")
            batch = importing.import_upload(actor=request.user, filename=upload.name, data=upload.read())
            importing.import_start_dry_run(actor=request.user, batch=batch)
            return redirect("enterprise_import_batch", batch.pk)
        except DomainError as err:
            add_domain_error(form, err)
    status = 422 if request.method == "POST" else 200
    return render(request, "enterprises/import.html", {"form": form}, status=status)


@scoped_view
def import_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(
        importing.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-doanh-nghiep.xlsx"'
    return response


IMPORT_PAGE_ROWS = 200


@scoped_view
def import_batch(request: HttpRequest, pk: int) -> HttpResponse:
    """The batch's dry run (progress while it runs in the queue, then its stored result) and the confirmation."""
    from dangvu.jobs.services import latest_job

    batch = importing.import_batch_get(request.user, pk)
    error = None
    if request.method == "POST":
        try:
            importing.import_start_confirm(actor=request.user, batch=batch)
            return redirect("enterprise_import_batch", batch.pk)
        except DomainError as err:
            error = err.message
    ref = importing.batch_ref(batch)
    dry = latest_job(kind=importing.DRY_RUN_JOB, ref=ref)
    if dry is None and batch.status == "pending":  # uploaded before imports ran as jobs
        dry = importing.import_start_dry_run(actor=request.user, batch=batch)
    confirm = latest_job(kind=importing.CONFIRM_JOB, ref=ref)
    payload = (dry.result if dry is not None and dry.status == "done" else None) or {}
    rows = payload.get("rows", [])
    show = request.GET.get("show", "")
    if show in importing.ACTION_LABELS:
        rows = [r for r in rows if r["action"] == show]
    page = max(1, min(int(request.GET.get("page", "1")) if request.GET.get("page", "1").isdigit() else 1, 10**6))
    pages = max(1, -(-len(rows) // IMPORT_PAGE_ROWS))
    page = min(page, pages)
    shown = rows[(page - 1) * IMPORT_PAGE_ROWS: page * IMPORT_PAGE_ROWS]
    for r in shown:
        r["action_label"] = importing.ACTION_LABELS[r["action"]]
    working = any(j is not None and not j.finished for j in (dry, confirm))
    return render(request, "enterprises/import_batch.html", {
        "batch": batch, "dry": dry, "confirm": confirm, "rows": shown, "counts": payload.get("counts", {}),
        "total_rows": len(batch.rows), "show": show, "page": page, "pages": pages, "error": error,
        "refresh": working,
    }, status=422 if error else 200)
