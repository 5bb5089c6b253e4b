"""Job handlers for the worker-kill test: the real import functions, stopped at a chosen point until killed."""

import time
from pathlib import Path
from typing import Any

from dangvu.enterprises import importing
from dangvu.jobs.models import Job
from dangvu.jobs.services import Progress


class HangingProgress(Progress):
    """Progress that, at row `at` (dry run) or at the first write stage (confirmation), drops a marker file and
    blocks: the test kills the worker there."""

    def __init__(self, job: Job, *, total: int, at: int | None, marker: str):
        super().__init__(job, total=total, every=0)
        self.at, self.marker = at, marker

    def _hang(self) -> None:
        Path(self.marker).write_text("reached")
        while True:
            time.sleep(1)

    def __call__(self, done: int, *, force: bool = False) -> None:
        super().__call__(done, force=force)
        if self.at is not None and done >= self.at:
            self._hang()

    def stage(self, text: str) -> None:
        super().stage(text)
        if self.at is None:
            self._hang()  # the first stage comes after the new enterprises were inserted (uncommitted)


def dry_run_hanging(job: Job) -> dict[str, Any]:
    actor, batch = importing._job_batch(job)
    progress = HangingProgress(job, total=len(batch.rows), at=job.params["at"], marker=job.params["marker"])
    return importing.results_payload(importing.import_dry_run(actor=actor, batch=batch, progress=progress))


def confirm_hanging(job: Job) -> dict[str, Any]:
    actor, batch = importing._job_batch(job)
    progress = HangingProgress(job, total=len(batch.rows), at=None, marker=job.params["marker"])
    return importing.results_payload(importing.import_confirm(actor=actor, batch=batch, progress=progress))
