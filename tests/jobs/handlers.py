"""Job handlers used by the tests (looked up by dotted path like real ones)."""

from typing import Any

from dangvu.core.errors import DomainError
from dangvu.jobs.models import Job
from dangvu.jobs.services import Progress

CALLS: list[int] = []


def count_to(job: Job) -> dict[str, Any]:
    progress = Progress(job, total=job.params["n"], every=0)
    for i in range(job.params["n"]):
        progress(i + 1)
    CALLS.append(job.pk)
    return {"counted": job.params["n"]}


def refuse(job: Job) -> dict[str, Any]:
    raise DomainError("Tệp không đúng mẫu.", field="file", rule="columns")


def crash(job: Job) -> dict[str, Any]:
    raise RuntimeError("bug")
