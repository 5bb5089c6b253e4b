"""Run inside a site's environment (`python -m tests.ops.sitedata conflicts`): the records the concurrency test
fights over, as JSON on the last line of stdout."""

import json
import sys
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
    month_start = date(on.year, on.month, 1)
    meeting: dict[str, Any] = {}
    for cell in cells:
        cs = criteria_set_for(cell, month_start)
        n = headcount(cell, month_start)
        if cs is None or n == 0 or CellMeeting.objects.filter(cell=cell, year=on.year, month=on.month).exists():
            continue
        meeting = {"cell_id": cell.pk, "year": on.year, "month": on.month, "held_on": month_start.isoformat(),
                   "present": n, "excused": 0, "absent": 0,
                   "scores": [{"criterion_id": c.pk, "score": str(c.weight)} for c in cs.criteria.all()]}
        break
    assert meeting, "no cell without a meeting this month"
    return {
        "today": on.isoformat(), "member_id": member.pk, "transfer_to": targets, "candidates": candidates,
        "locality_id": Locality.objects.order_by("id").values_list("pk", flat=True).first(),
        "tax_code": valid_tax_code(310000001), "meeting": meeting,
    }


if __name__ == "__main__":
    django.setup()
    print(json.dumps({"conflicts": conflicts}[sys.argv[1]]()))
