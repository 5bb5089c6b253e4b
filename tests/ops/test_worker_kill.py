"""Kill the queue worker in the middle of an import (SIGKILL: no clean-up runs): nothing partial is written, the
job is shown failed once a worker starts again, other users are served meanwhile, and a new import works."""

import json
from pathlib import Path

from .site import Site

ROWS = 120


def wait_for_file(path: Path, site: Site, worker) -> None:  # noqa: ANN001
    import time

    deadline = time.monotonic() + 90
    while not path.exists():
        assert worker.poll() is None, (site.home / "worker.log").read_text()[-3000:]
        assert time.monotonic() < deadline, "the job never reached the point where the test kills the worker"
        time.sleep(0.1)


def test_killing_the_worker_mid_import_writes_nothing_and_a_new_import_works(site: Site, tmp_path: Path) -> None:
    data = site.python("tests.ops.sitedata", "batch", str(ROWS))
    batch, codes = str(data["batch_id"]), ",".join(data["codes"])
    site.serve(workers=1, threads=4)
    token = site.token("canbo.khoi")

    # 1. The dry run is stopped at row 40 by a worker that is then killed; meanwhile another user's write is served.
    worker = site.start_worker()
    marker = tmp_path / "dry.reached"
    dry = site.python("tests.ops.sitedata", "enqueue", "enterprise_import_dry_run", batch,
                      "tests.ops.hang.dry_run_hanging", json.dumps({"at": 40, "marker": str(marker)}))["job_id"]
    wait_for_file(marker, site, worker)
    status, body = site.request("GET", "/api/v1/enterprises?page=1", token=token)
    assert status == 200, body
    site.kill(worker)
    assert site.python("tests.ops.sitedata", "wait", str(dry), "running", "5")["status"] == "running"

    # 2. A new worker marks the dead one's job failed, then takes the confirmation, which is killed after it inserted
    #    the new enterprises inside its (uncommitted) transaction.
    worker = site.start_worker()
    failed = site.python("tests.ops.sitedata", "wait", str(dry), "failed", "60")
    assert failed["status"] == "failed" and "dừng giữa chừng" in failed["error"]
    marker = tmp_path / "confirm.reached"
    confirm = site.python("tests.ops.sitedata", "enqueue", "enterprise_import_confirm", batch,
                          "tests.ops.hang.confirm_hanging", json.dumps({"marker": str(marker)}))["job_id"]
    wait_for_file(marker, site, worker)
    site.kill(worker)
    assert site.python("tests.ops.sitedata", "state", codes) == {"enterprises": 0, "workforce": 0, "mass_orgs": 0}

    # 3. Restarted: the confirmation is shown failed, and the same file imports completely through the queue.
    worker = site.start_worker()
    assert site.python("tests.ops.sitedata", "wait", str(confirm), "failed", "60")["status"] == "failed"
    dry = site.python("tests.ops.sitedata", "enqueue", "enterprise_import_dry_run", batch,
                      "dangvu.enterprises.importing.dry_run_job")["job_id"]
    done = site.python("tests.ops.sitedata", "wait", str(dry), "done", "90")
    assert done["status"] == "done" and done["result_counts"] == {"new": ROWS, "update": 0, "error": 0}, done
    confirm = site.python("tests.ops.sitedata", "enqueue", "enterprise_import_confirm", batch,
                          "dangvu.enterprises.importing.confirm_job")["job_id"]
    assert site.python("tests.ops.sitedata", "wait", str(confirm), "done", "90")["status"] == "done"
    assert site.python("tests.ops.sitedata", "state", codes) == {"enterprises": ROWS, "workforce": ROWS,
                                                                 "mass_orgs": ROWS}
    site.kill(worker)
    check = site.dangvu("rebuild", "--check", check=False)
    assert check.returncode == 0, check.stdout + check.stderr
