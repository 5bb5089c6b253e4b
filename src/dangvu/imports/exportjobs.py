"""Exports of the lists in the templates' format as background jobs (dangvu.jobs): a bloc's member export with its
history sheets takes tens of seconds, so it never holds a web request (nor other users' requests). The file is
kept under var/exports/ and only the user who asked for it downloads it (it holds personal data); the export
function runs with that user's scope and writes its own audit entry, as the direct download did."""

from datetime import date
from pathlib import Path
from typing import Any

from django.contrib.auth import get_user_model

from dangvu.core.actors import Actor
from dangvu.core.dates import today
from dangvu.core.errors import DomainError, NotVisible
from dangvu.jobs.files import exports_dir
from dangvu.jobs.models import Job
from dangvu.jobs.services import Progress, job_start
from dangvu.orgs.models import Organization
from dangvu.orgs.scope import scope_of

from . import engine, exports

KIND = "list_export"
MEMBER_FILTERS = ("q", "status", "sex", "sector", "theory_level")
TITLES = {"organizations": "Danh sách tổ chức", "members": "Danh sách đảng viên", "candidates": "Danh sách quần chúng",
          "enterprises": "Danh sách doanh nghiệp"}


def export_start(*, actor: Actor, kind: str, organization: Organization, filters: dict[str, Any] | None = None,
                 on: date | None = None) -> Job:
    """Queue the export of `kind` for `organization` (scope checked now, and again by the export when it runs)."""
    if kind not in exports.EXPORTS:
        raise DomainError("Không có danh sách này để xuất.", field="kind", rule="choices")
    if not scope_of(actor).sees(organization.pk):
        raise NotVisible
    kept = {k: str(v) for k, v in (filters or {}).items() if k in MEMBER_FILTERS and v} if kind == "members" else {}
    return job_start(
        actor=actor, kind=KIND, handler="dangvu.imports.exportjobs.export_job",
        ref=f"orgs.organization:{organization.pk}", total=1,
        params={"kind": kind, "organization_id": organization.pk, "user_id": getattr(actor, "pk", None),
                "filters": kept, "on": on.isoformat() if on else None},
    )


def export_job(job: Job) -> dict[str, Any]:
    """Queue handler: the export with the requester's scope, written to a file."""
    p = job.params
    user = get_user_model().objects.get(pk=p["user_id"])
    org = Organization.objects.get(pk=p["organization_id"])
    progress = Progress(job, total=1)
    progress.stage(TITLES.get(p["kind"], p["kind"]))
    if p["kind"] == "members":
        on = date.fromisoformat(p["on"]) if p.get("on") else None
        data = exports.export_members(actor=user, org=org, on=on, filters=p.get("filters") or {})
    else:
        data = exports.EXPORTS[p["kind"]](actor=user, org=org)
    name = f"{p['kind']}-{org.pk}-{today():%Y%m%d}.xlsx"
    path = exports_dir() / f"job-{job.pk}-{name}"
    path.write_bytes(data)
    progress(1, force=True)
    return {"path": str(path), "filename": name, "content_type": engine.XLSX, "size": len(data)}


def export_file(user: Any, job_id: Any) -> tuple[Job, Path | None]:
    """The user's own export job (NotVisible for anyone else's) and its file once written."""
    job = Job.objects.filter(pk=int(job_id), kind=KIND).first() if str(job_id).isdigit() else None
    if job is None or job.params.get("user_id") != getattr(user, "pk", None):
        raise NotVisible
    path = Path(job.result["path"]) if job.result and job.result.get("path") else None
    return job, path if path is not None and path.exists() else None
