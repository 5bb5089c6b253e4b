"""Run inside a site's environment (`python -m tests.ops.sitedata conflicts`): the records the concurrency test
fights over, as JSON on the last line of stdout."""

import json
import sys
from collections.abc import Callable
from datetime import date
from typing import Any

import django


def valid_tax_code(seed: int) -> str:
    from dangvu.enterprises.models import Enterprise
    from dangvu.enterprises.rules import tax_check_digit

    n = seed
    while True:
        first9 = f"{n:09d}"[-9:]
        check = tax_check_digit(first9)
        code = f"{first9}{check}"
        if check is not None and not Enterprise.objects.filter(tax_code=code).exists():
            return code
        n += 7


def conflicts() -> dict[str, Any]:
    from dangvu.admissions.models import Candidate, Stage
    from dangvu.admissions.services import awareness_passed_on
    from dangvu.core.dates import today
    from dangvu.enterprises.models import Locality
    from dangvu.members.models import Member
    from dangvu.members.selectors import headcount
    from dangvu.orgs.models import CELL_KINDS, Organization
    from dangvu.ratings.models import CellMeeting
    from dangvu.ratings.selectors import criteria_set_for

    on = today()
    cells = list(Organization.objects.filter(kind__in=CELL_KINDS, dissolved_on__isnull=True).order_by("id"))
    member = (Member.objects.filter(organization__in=cells, left_on__isnull=True, temporary_organization__isnull=True)
              .order_by("id").first())
    assert member is not None
    targets = [c.pk for c in cells if c.pk != member.organization_id][:2]
    candidates = [c.pk for c in Candidate.objects.filter(member__isnull=True, stage__in=[Stage.COURSE_PASSED,
                                                                                            Stage.DOSSIER])
                  if awareness_passed_on(c)]
    meeting: dict[str, Any] = {}
    recorded = set(CellMeeting.objects.values_list("cell_id", "year", "month"))
    months = [((on.year * 12 + on.month - 1 - k) // 12, (on.year * 12 + on.month - 1 - k) % 12 + 1)
              for k in range(36)]
    for year, month in months:
        month_start = date(year, month, 1)
        for cell in cells:
            if (cell.pk, year, month) in recorded:
                continue
            cs = criteria_set_for(cell, month_start)
            n = headcount(cell, month_start)
            if cs is None or n == 0:
                continue
            meeting = {"cell_id": cell.pk, "year": year, "month": month, "held_on": month_start.isoformat(),
                       "present": n, "excused": 0, "absent": 0,
                       "scores": [{"criterion_id": c.pk, "score": str(c.weight)} for c in cs.criteria.all()]}
            break
        if meeting:
            break
    assert meeting, "no cell without a meeting in the last 36 months"
    return {
        "today": on.isoformat(), "member_id": member.pk, "transfer_to": targets, "candidates": candidates,
        "locality_id": Locality.objects.order_by("id").values_list("pk", flat=True).first(),
        "tax_code": valid_tax_code(310000001), "meeting": meeting,
    }


def batch(n: str) -> dict[str, Any]:
    """An uploaded batch of n new enterprises (as the administrator)."""
    import io

    from django.contrib.auth.models import User
    from openpyxl import Workbook

    from dangvu.enterprises.importing import COLUMNS, import_upload
    from dangvu.enterprises.models import Locality

    locality = Locality.objects.order_by("id").first()
    assert locality is not None
    codes: list[str] = []
    seed = 350000000
    while len(codes) < int(n):
        codes.append(valid_tax_code(seed))
        seed = int(codes[-1][:9]) + 1
    wb = Workbook()
    ws = wb.active
    ws.append([label for _, label in COLUMNS])
    row = {"ownership": "Tư nhân", "locality": locality.name, "registered_on": "01/01/2024", "as_of": "31/12/2024",
           "workers": 50, "trade_union_founded_on": "01/06/2024", "trade_union_members": 30}
    for i, code in enumerate(codes):
        ws.append([{**row, "tax_code": code, "name": f"Công ty Kiểm Thử {i}"}.get(k, "") for k, _ in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    b = import_upload(actor=User.objects.get(username="quantri"), filename="kill.xlsx", data=out.getvalue())
    return {"batch_id": b.pk, "codes": codes}


def enqueue(kind: str, batch_id: str, handler: str, params: str = "{}") -> dict[str, Any]:
    """Queue a job on the batch (through django-q2, as the web pages do)."""
    from django.contrib.auth.models import User

    from dangvu.enterprises.importing import batch_ref
    from dangvu.enterprises.models import ImportBatch
    from dangvu.jobs.services import job_start

    b = ImportBatch.objects.get(pk=int(batch_id))
    job = job_start(actor=User.objects.get(username="quantri"), kind=kind, handler=handler, ref=batch_ref(b),
                    params={"batch_id": b.pk, **json.loads(params)}, total=len(b.rows))
    return {"job_id": job.pk}


def wait(job_id: str, status: str, timeout: str = "60") -> dict[str, Any]:
    """Poll the job until it has `status` (bounded by `timeout` seconds)."""
    import time

    from dangvu.jobs.models import Job

    deadline = time.monotonic() + float(timeout)
    job = Job.objects.get(pk=int(job_id))
    while job.status != status and time.monotonic() < deadline:
        time.sleep(0.2)
        job.refresh_from_db()
    return {"status": job.status, "error": job.error, "done": job.done, "result_counts": (job.result or {}).get(
        "counts")}


def state(codes: str) -> dict[str, Any]:
    """How many of these tax codes are registered, and their workforce and mass-organisation rows."""
    from dangvu.enterprises.models import Enterprise, MassOrganization, WorkforceCount

    wanted = codes.split(",")
    return {"enterprises": Enterprise.objects.filter(tax_code__in=wanted).count(),
            "workforce": WorkforceCount.objects.filter(enterprise__tax_code__in=wanted).count(),
            "mass_orgs": MassOrganization.objects.filter(enterprise__tax_code__in=wanted).count()}


def fingerprint() -> dict[str, Any]:
    """Row counts and highest id of every table, and the main reports of the province: two databases with the same
    fingerprint hold the same data as far as a user can tell."""
    from dataclasses import asdict, is_dataclass

    from django.apps import apps
    from django.contrib.auth.models import User
    from django.db.models import Max

    from dangvu.admissions.selectors import admission_figures
    from dangvu.core.dates import today
    from dangvu.enterprises.selectors import coverage
    from dangvu.members.selectors import headcount
    from dangvu.orgs.models import Organization
    from dangvu.ratings.selectors import rating_results
    from dangvu.reports.selectors import membership_flow

    def plain(value: Any) -> Any:
        return asdict(value) if is_dataclass(value) and not isinstance(value, type) else repr(value)

    from django.db import connection

    existing = set(connection.introspection.table_names())
    tables = {m._meta.label: [m._default_manager.count(), m._default_manager.aggregate(m=Max("pk"))["m"]]
              for m in apps.get_models()
              if m._meta.db_table in existing and not m._meta.label.startswith(("sessions.", "django_q."))}
    admin = User.objects.get(username="quantri")
    root = Organization.objects.filter(parent__isnull=True).order_by("id").first()
    assert root is not None
    on = today()
    reports = {
        "headcount": headcount(root, on),
        "flow_2025": plain(membership_flow(admin, root, start=date(2025, 1, 1), end=date(2025, 12, 31))),
        "admissions_2025": plain(admission_figures(admin, root, start=date(2025, 1, 1), end=date(2025, 12, 31))),
        "ratings_2025": plain(rating_results(admin, root.pk, 2025)),
        "coverage": plain(coverage(admin, root.pk, on)),
    }
    return {"tables": tables, "reports": json.loads(json.dumps(reports, default=str))}


if __name__ == "__main__":
    django.setup()
    commands: dict[str, Callable[..., Any]] = {
        "conflicts": conflicts, "batch": batch, "enqueue": enqueue, "wait": wait, "state": state,
        "fingerprint": fingerprint,
    }
    print(json.dumps(commands[sys.argv[1]](*sys.argv[2:]), default=str))
