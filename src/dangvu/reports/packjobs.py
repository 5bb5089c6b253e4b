"""The review pack as a background job (dangvu.jobs): built by the worker with progress after each report, the
file kept under var/exports/ and offered for download from the job's page, so a bloc- or province-scale pack
never holds a web request (and other users' requests) for seconds."""

from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser

from dangvu.core.errors import DomainError, NotVisible
from dangvu.jobs.files import exports_dir
from dangvu.jobs.models import Job
from dangvu.jobs.services import Progress, job_start
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import scope_of

from .pack import PACK_ORDER, review_pack
from .renderers import render

KIND = "review_pack"


def review_pack_start(
    *, actor: AbstractBaseUser | AnonymousUser, organization: Organization, year: int, fmt: str
) -> Job:
    """Queue the organisation's review pack of `year` as `fmt` (docx or pdf) for the actor (scope checked now)."""
    if not scope_of(actor).sees(organization.pk):
        raise NotVisible
    if fmt not in ("docx", "pdf"):
        raise DomainError("Định dạng phải là docx hoặc pdf.", field="format", rule="choices")
    return job_start(
        actor=actor, kind=KIND, handler="dangvu.reports.packjobs.review_pack_job",
        ref=f"orgs.organization:{organization.pk}", total=len(PACK_ORDER) + 1,
        params={"organization_id": organization.pk, "year": year, "format": fmt, "user_id": actor.pk},
    )


def review_pack_job(job: Job) -> dict[str, Any]:
    """Queue handler: every report of the pack (progress after each), then the file."""
    p = job.params
    user = get_user_model().objects.get(pk=p["user_id"])
    org = Organization.objects.get(pk=p["organization_id"])
    progress = Progress(job, total=len(PACK_ORDER) + 1)

    def step(done: int, total: int, stage: str) -> None:
        progress.stage(stage)
        progress(done, force=True)

    pack = review_pack(user, org, year=int(p["year"]), progress=step)
    progress.stage("Tạo tệp " + p["format"].upper())
    f = render(pack, p["format"])
    path = exports_dir() / f"job-{job.pk}-{f.filename}"
    path.write_bytes(f.content)
    return {"path": str(path), "filename": f.filename, "content_type": f.content_type, "size": len(f.content)}


def review_pack_file(user: Any, job_id: Any) -> tuple[Job, Path | None]:
    """The job (NotVisible unless it is a review pack of an organisation the user sees) and its file if done."""
    job = Job.objects.filter(pk=int(job_id), kind=KIND).first() if str(job_id).isdigit() else None
    if job is None:
        raise NotVisible
    org_id = int(job.params.get("organization_id", 0))
    if not scope_of(user).sees(org_id):
        raise NotVisible
    path = Path(job.result["path"]) if job.result and job.result.get("path") else None
    return job, path if path is not None and path.exists() else None
