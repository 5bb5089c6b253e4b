"""The review pack button on the committee page: starts a background job and follows its progress; the file is
downloaded from the job's page when it is ready."""

from typing import Any

from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from dangvu.core.dates import today
from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.http import scoped_view
from dangvu.orgs.selectors import org_get
from dangvu.reports.packjobs import review_pack_file, review_pack_start


@require_POST
@scoped_view
def review_pack_start_view(request: HttpRequest, pk: int) -> HttpResponse:
    org = org_get(request.user, pk)
    raw = request.POST.get("year") or ""
    year = int(raw) if raw.isdigit() and len(raw) == 4 else today().year
    fmt = "pdf" if request.POST.get("format") == "pdf" else "docx"
    try:
        job = review_pack_start(actor=request.user, organization=org, year=year, fmt=fmt)  # type: ignore[arg-type]
    except DomainError as e:
        return render(request, "web/review_pack_error.html", {"org": org, "message": e.message}, status=400)
    return redirect("review_pack_job", org.pk, job.pk)


@scoped_view
def review_pack_job(request: HttpRequest, pk: int, job_id: int) -> HttpResponse:
    org = org_get(request.user, pk)
    job, path = review_pack_file(request.user, job_id)
    if int(job.params.get("organization_id", 0)) != org.pk:
        raise NotVisible
    return render(request, "web/review_pack_job.html", {"org": org, "job": job, "ready": path is not None,
                                                         "params": job.params})


@scoped_view
def review_pack_download(request: HttpRequest, pk: int, job_id: int) -> HttpResponse:
    org = org_get(request.user, pk)
    job, path = review_pack_file(request.user, job_id)
    if path is None or not job.result or int(job.params.get("organization_id", 0)) != org.pk:
        raise NotVisible
    result = job.result
    response: Any = FileResponse(path.open("rb"), as_attachment=True, filename=result["filename"],
                                 content_type=result["content_type"])
    return response  # a streaming response; scoped_view's type names the plain one
