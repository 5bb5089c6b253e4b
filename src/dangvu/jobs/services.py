"""Start, run and follow jobs. Handlers are `def handler(job: Job) -> dict` (the stored result); a DomainError
fails the job with its Vietnamese message; any other exception fails it with a generic message (logged)."""

import logging
import os
import socket
import time
from typing import Any

from django.conf import settings
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser, User
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string

from dangvu.core.errors import DomainError

from .models import Job, JobStatus

logger = logging.getLogger("dangvu.jobs")
UNEXPECTED = "Lỗi hệ thống khi chạy công việc; lỗi đã được ghi lại, vui lòng báo quản trị viên."
STOPPED = ("Tiến trình chạy nền đã dừng giữa chừng (máy chủ khởi động lại hoặc bị tắt); "
           "không có gì được ghi. Hãy chạy lại.")


def _sync() -> bool:
    return bool(getattr(settings, "DANGVU_JOBS_SYNC", False))


def job_start(
    *, actor: AbstractBaseUser | AnonymousUser | None, kind: str, handler: str, ref: str = "",
    params: dict[str, Any] | None = None, total: int = 0,
) -> Job:
    """Record a pending job and hand it to the queue once the caller's transaction commits (at once when
    DANGVU_JOBS_SYNC is on, as in the tests)."""
    import_string(handler)  # fail now, in the request, if the handler does not exist
    job = Job.objects.create(
        kind=kind, ref=ref, handler=handler, params=params or {}, total=total,
        created_by=actor if isinstance(actor, User) else None,
    )
    if _sync():
        run_job(job.pk)
        job.refresh_from_db()
    else:
        transaction.on_commit(lambda: _enqueue(job.pk))
    return job


def _enqueue(job_id: int) -> None:
    from django_q.tasks import async_task

    async_task("dangvu.jobs.services.run_job", job_id, task_name=f"job-{job_id}", group="dangvu")


def _worker_id() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def run_job(job_id: int) -> None:
    """Run one job (called by the queue's worker). A job already finished is left alone (a redelivery)."""
    job = Job.objects.filter(pk=job_id).first()
    if job is None or job.finished:
        return
    Job.objects.filter(pk=job.pk).update(
        status=JobStatus.RUNNING, attempts=job.attempts + 1, worker=_worker_id(), started_at=timezone.now(),
        error="",
    )
    job.refresh_from_db()
    try:
        result = import_string(job.handler)(job)
    except DomainError as e:
        _finish(job, JobStatus.FAILED, error=e.message)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, JobStatus.FAILED, error=UNEXPECTED)
    else:
        _finish(job, JobStatus.DONE, result=result)


def _finish(job: Job, status: str, *, result: Any = None, error: str = "") -> None:
    fields: dict[str, Any] = {"status": status, "finished_at": timezone.now(), "error": error, "stage": ""}
    if status == JobStatus.DONE:
        fields.update(result=result, done=job.total)
    Job.objects.filter(pk=job.pk).update(**fields)
    for k, v in fields.items():
        setattr(job, k, v)


class Progress:
    """Writes `done` (and the stage) at most every `every` seconds: a tiny autocommit update, never inside the
    job's own transaction (its rows would be rolled back with it, and on SQLite it would wait for itself)."""

    def __init__(self, job: Job, *, total: int | None = None, every: float = 0.5):
        self.job, self.every, self._last = job, every, 0.0
        if total is not None:
            job.total = total
            Job.objects.filter(pk=job.pk).update(total=total)

    def stage(self, text: str) -> None:
        self.job.stage = text
        Job.objects.filter(pk=self.job.pk).update(stage=text[:128])

    def __call__(self, done: int, *, force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._last < self.every:
            return
        self._last = now
        self.job.done = done
        if transaction.get_connection().in_atomic_block and not _sync():
            return  # inside the job's transaction: see the class docstring
        Job.objects.filter(pk=self.job.pk).update(done=done)


def _alive(pid: int) -> bool:
    """The process exists and is not a zombie (a killed worker whose parent has not reaped it yet still answers
    signal 0: in a container whose first process reaps nothing it stays so for good)."""
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        with open(f"/proc/{pid}/status", encoding="ascii", errors="replace") as f:
            state = next((line.split()[1] for line in f if line.startswith("State:")), "")
    except OSError:
        return True  # no /proc (not Linux): trust signal 0
    return state not in ("Z", "X")


def recover_stale_jobs() -> int:
    """Mark failed the jobs left running by a process of this host that no longer exists (killed, restarted):
    their transaction was rolled back, so nothing of them was written. Returns how many."""
    host = socket.gethostname()
    failed = 0
    for job in Job.objects.filter(status=JobStatus.RUNNING):
        owner_host, _, pid = job.worker.rpartition(":")
        if owner_host != host or not pid.isdigit():
            continue
        if _alive(int(pid)):
            continue
        failed += Job.objects.filter(pk=job.pk, status=JobStatus.RUNNING).update(
            status=JobStatus.FAILED, error=STOPPED, finished_at=timezone.now(), stage="")
    return failed


def latest_job(*, kind: str, ref: str) -> Job | None:
    """The newest job of this kind about this record."""
    return Job.objects.filter(kind=kind, ref=ref).order_by("-id").first()
