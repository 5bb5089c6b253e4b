import os
import socket

import pytest

from dangvu.jobs.models import Job, JobStatus
from dangvu.jobs.services import UNEXPECTED, job_start, latest_job, recover_stale_jobs, run_job

from . import handlers


def test_a_job_runs_with_progress_and_keeps_its_result(world) -> None:
    job = job_start(actor=world.admin, kind="count", handler="tests.jobs.handlers.count_to", ref="x:1",
                    params={"n": 5})
    assert (job.status, job.done, job.total, job.result) == (JobStatus.DONE, 5, 5, {"counted": 5})
    assert job.created_by == world.admin and job.attempts == 1 and job.finished_at is not None
    assert latest_job(kind="count", ref="x:1") == job


def test_a_finished_job_delivered_again_is_not_run_again(world) -> None:
    job = job_start(actor=world.admin, kind="count", handler="tests.jobs.handlers.count_to", params={"n": 1})
    calls = len(handlers.CALLS)
    run_job(job.pk)
    assert len(handlers.CALLS) == calls
    job.refresh_from_db()
    assert job.attempts == 1


def test_a_refusal_fails_the_job_with_its_vietnamese_message(world) -> None:
    job = job_start(actor=world.admin, kind="x", handler="tests.jobs.handlers.refuse")
    assert (job.status, job.error) == (JobStatus.FAILED, "Tệp không đúng mẫu.")


def test_a_bug_fails_the_job_with_a_generic_message(world) -> None:
    job = job_start(actor=world.admin, kind="x", handler="tests.jobs.handlers.crash")
    assert (job.status, job.error) == (JobStatus.FAILED, UNEXPECTED)


def test_an_unknown_handler_is_refused_at_once(world) -> None:
    with pytest.raises(ImportError):
        job_start(actor=world.admin, kind="x", handler="tests.jobs.handlers.nothing_here")
    assert not Job.objects.exists()


def test_jobs_left_running_by_a_dead_worker_are_marked_failed(world) -> None:
    host = socket.gethostname()
    dead = Job.objects.create(kind="x", handler="h", status=JobStatus.RUNNING, worker=f"{host}:999999")
    alive = Job.objects.create(kind="x", handler="h", status=JobStatus.RUNNING, worker=f"{host}:{os.getpid()}")
    elsewhere = Job.objects.create(kind="x", handler="h", status=JobStatus.RUNNING, worker="other-host:1")
    assert recover_stale_jobs() == 1
    statuses = {j.pk: j.status for j in Job.objects.all()}
    assert statuses == {dead.pk: JobStatus.FAILED, alive.pk: JobStatus.RUNNING, elsewhere.pk: JobStatus.RUNNING}
    assert "dừng giữa chừng" in Job.objects.get(pk=dead.pk).error


def test_outside_the_tests_a_job_goes_to_the_queue_when_the_transaction_commits(world, settings,
                                                                              django_capture_on_commit_callbacks):
    from django_q.models import OrmQ

    settings.DANGVU_JOBS_SYNC = False
    with django_capture_on_commit_callbacks(execute=True):
        job = job_start(actor=world.admin, kind="count", handler="tests.jobs.handlers.count_to", params={"n": 1})
    assert Job.objects.get(pk=job.pk).status == JobStatus.PENDING
    assert OrmQ.objects.count() == 1
