"""The import pages run the dry run and the confirmation as jobs and show their stored results."""

import io

import pytest
from django.test import Client

from dangvu.enterprises import importing
from dangvu.enterprises.models import Enterprise
from dangvu.jobs.models import Job, JobStatus

from .conftest import tax_code
from .test_import import good_rows, workbook


@pytest.fixture
def web():
    def signed_in(user) -> Client:
        client = Client()
        client.force_login(user)
        return client

    return signed_in


def upload(client, rows) -> str:
    f = io.BytesIO(workbook(rows))
    f.name = "dn.xlsx"
    r = client.post("/enterprises/import/", {"file": f})
    assert r.status_code == 302
    return str(r["Location"])


def test_reopening_the_batch_shows_the_stored_dry_run_without_running_it_again(world, scenario, web, monkeypatch):
    c = web(world.admin)
    url = upload(c, good_rows(scenario))
    [job] = Job.objects.filter(kind=importing.DRY_RUN_JOB)
    assert job.status == JobStatus.DONE and job.result is not None
    assert job.result["counts"] == {"new": 1, "update": 1, "error": 0}

    def no_recompute(**kwargs):
        raise AssertionError("the dry run ran again")

    monkeypatch.setattr(importing, "import_dry_run", no_recompute)
    for _ in range(2):
        page = c.get(url).content.decode()
        assert "Thêm mới: <strong>1</strong>" in page and "Xác nhận ghi 2 dòng" in page
    assert Job.objects.filter(kind=importing.DRY_RUN_JOB).count() == 1


def test_the_confirmation_runs_as_a_job_and_the_page_shows_what_was_written(world, scenario, web):
    c = web(world.admin)
    url = upload(c, good_rows(scenario))
    r = c.post(url)
    assert r.status_code == 302 and r["Location"] == url
    confirm = Job.objects.get(kind=importing.CONFIRM_JOB)
    assert confirm.status == JobStatus.DONE and confirm.created_by == world.admin
    assert Enterprise.objects.filter(tax_code=tax_code(70)).exists()
    page = c.get(url).content.decode()
    assert "Đã ghi 2 dòng" in page and "Xác nhận ghi" not in page
    # a second confirmation of the same batch is refused, nothing written twice
    again = c.post(url)
    assert again.status_code == 422 and "đã được ghi" in again.content.decode()
    assert Job.objects.filter(kind=importing.CONFIRM_JOB).count() == 1


def test_a_batch_with_error_rows_cannot_be_confirmed(world, scenario, web):
    rows = good_rows(scenario)
    rows[0]["workers"] = "nhiều"
    c = web(world.admin)
    url = upload(c, rows)
    page = c.get(url).content.decode()
    assert "Lỗi: <strong>1</strong>" in page and "Xác nhận ghi" not in page
    r = c.post(url)
    assert r.status_code == 422 and "dòng lỗi" in r.content.decode()
    assert not Job.objects.filter(kind=importing.CONFIRM_JOB).exists()
    assert not Enterprise.objects.filter(tax_code=tax_code(70)).exists()


def test_the_batch_page_validates_scope(world, scenario, web):
    url = upload(web(world.admin), good_rows(scenario))
    assert web(world.officer).get(url).status_code == 404
    assert web(world.officer).post(url).status_code == 404
    assert not Job.objects.filter(kind=importing.CONFIRM_JOB).exists()
