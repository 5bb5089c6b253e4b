"""Demo data of transfers (issue 11, item 10), called last by dangvu.demo.generator: the planned end of the open
temporary transfers (some ended without the end recorded, some ending within the month), transfer letters for
the transfers of the last months (most presented on time, some late, some overdue and not presented, some still
within the 30 working days), and members working in the demo's enterprises, some registered elsewhere.
Bulk-written, satisfying the rules the services check; one audit entry per kind of record."""

import random
from datetime import date, timedelta
from typing import Any

from django.db.models import Q

from dangvu.core.dates import add_months, add_working_days
from dangvu.core.models import AuditEntry
from dangvu.enterprises.models import Enterprise, EnterpriseWorker
from dangvu.members.models import EventKind, Member, MemberEvent, TransferLetter
from dangvu.members.rules import committee_of, presentation_deadline

SEED_OFFSET = 1110
LETTER_DAYS = 150  # transfers of the last five months get their letter
WORKERS = {"tiny": 12, "bloc": 60, "province": 120}


def _temporary_ends(rng: random.Random, today: date) -> list[MemberEvent]:
    """Open temporary transfers: a planned end inside the rule (3 months; work < 12, study ≤ 24) spread so that
    the reminder shows some passed, some ending soon."""
    open_ids = Member.objects.filter(temporary_organization__isnull=False, left_on__isnull=True).values("pk")
    events = list(
        MemberEvent.objects.filter(member_id__in=open_ids, kind=EventKind.TRANSFERRED, temporary=True,
                                   voided_at__isnull=True, temporary_until__isnull=True)
        .order_by("member_id", "-effective_on", "-id")
    )
    latest: dict[int, MemberEvent] = {}
    for e in events:
        latest.setdefault(e.member_id, e)
    changed = []
    for e in latest.values():
        start = e.effective_on
        wanted = today + timedelta(days=rng.choice([-20, -3, -1, 0, 6, 18, 27, 60, 120, 200]))
        low, work_high, study_high = add_months(start, 3), add_months(start, 12) - timedelta(1), add_months(start, 24)
        until = min(max(wanted, low), study_high)
        e.temporary_purpose = "work" if until <= work_high else "study"
        e.temporary_until = until
        changed.append(e)
    MemberEvent.objects.bulk_update(changed, ["temporary_until", "temporary_purpose"])
    return changed


def _letters(rng: random.Random, today: date) -> list[TransferLetter]:
    since = today - timedelta(days=LETTER_DAYS)
    events = list(
        MemberEvent.objects.filter(voided_at__isnull=True, effective_on__gte=since, effective_on__lte=today)
        .filter(Q(kind=EventKind.TRANSFERRED) | Q(kind=EventKind.TRANSFERRED_OUT))
        .exclude(letter__isnull=False)
        .select_related("organization", "to_organization")
        .order_by("effective_on", "id")
    )
    committees: dict[int, Any] = {}

    def committee(org: Any) -> Any:
        if org.pk not in committees:
            committees[org.pk] = committee_of(org)
        return committees[org.pk]

    letters = []
    numbers: dict[int, int] = {}
    for e in events:
        if e.organization is None:
            continue
        sending = committee(e.organization)
        numbers[sending.pk] = numbers.get(sending.pk, 0) + 1
        deadline = presentation_deadline(e.effective_on)
        roll = rng.random()
        presented: date | None
        if deadline < today:  # the 30 working days are over: mostly on time, some late, some never
            presented = (add_working_days(e.effective_on, rng.randint(2, 29)) if roll < 0.7
                         else add_working_days(e.effective_on, rng.randint(31, 40)) if roll < 0.8 else None)
            if presented is not None and presented > today:
                presented = today
        else:
            presented = add_working_days(e.effective_on, rng.randint(1, 5)) if roll < 0.5 else None
            if presented is not None and presented > today:
                presented = None
        letters.append(TransferLetter(
            event=e, member_id=e.member_id, number=f"{numbers[sending.pk]:02d}-GGT/{sending.pk}",
            issued_on=e.effective_on, sending_committee=sending,
            receiving_committee=committee(e.to_organization) if e.to_organization is not None else None,
            receiving_name="" if e.to_organization is not None else e.destination, presented_on=presented,
        ))
    TransferLetter.objects.bulk_create(letters)
    return letters


def _workers(rng: random.Random, scale: str, today: date) -> list[EnterpriseWorker]:
    """Members working in the largest enterprises: those of the enterprise's own cell, and some registered in a
    cell elsewhere (their residence, a former workplace)."""
    operating = Enterprise.objects.filter(status="operating")
    enterprises = [*operating.filter(party_org__isnull=False).order_by("id")[:25],
                   *operating.filter(party_org__isnull=True).order_by("id")[:15]]
    if not enterprises:
        return []
    active = list(Member.objects.filter(left_on__isnull=True, temporary_organization__isnull=True)
                  .values_list("pk", "organization_id")[:20000])
    if not active:
        return []
    by_org: dict[int, list[int]] = {}
    for pk, org in active:
        by_org.setdefault(org, []).append(pk)
    taken: set[int] = set()
    rows: list[EnterpriseWorker] = []
    for e in enterprises:
        if len(rows) >= WORKERS.get(scale, 60):
            break
        own = [m for m in by_org.get(e.party_org_id or 0, []) if m not in taken][:2]
        others = [rng.choice(active)[0] for _ in range(rng.randint(1, 3))]
        for m in own + others:
            if m in taken:  # a member works in one enterprise of the demo, once
                continue
            taken.add(m)
            rows.append(EnterpriseWorker(enterprise=e, member_id=m, valid_from=today - timedelta(rng.randint(30, 900)),
                                         position=rng.choice(["Công nhân", "Kỹ sư", "Tổ trưởng", "Kế toán", ""])))
    EnterpriseWorker.objects.bulk_create(rows)
    return rows


def extend(*, seed: int, scale: str, today: Any, out: Any = None) -> dict[str, Any]:
    rng = random.Random(seed + SEED_OFFSET)
    ends = _temporary_ends(rng, today)
    letters = _letters(rng, today)
    workers = _workers(rng, scale, today)
    overdue = sum(1 for t in letters if t.presented_on is None and presentation_deadline(t.issued_on) < today)
    AuditEntry.objects.bulk_create([
        AuditEntry(actor=None, action=action, object_type="demo", object_id=str(n),
                   object_repr=f"Dữ liệu mẫu: {n} bản ghi", after={"count": n})
        for action, n in (("temporary_end_planned", len(ends)), ("transfer_letter_issue", len(letters)),
                          ("enterprise_worker_add", len(workers)))
    ])
    result = {"temporary_ends": len(ends), "letters": len(letters), "letters_overdue": overdue,
              "workers": len(workers)}
    if out is not None:
        write = out if callable(out) else out.write
        write(f"Chuyển sinh hoạt: {len(letters)} giấy giới thiệu ({overdue} quá hạn), {len(ends)} sinh hoạt "
              f"tạm thời có hạn, {len(workers)} đảng viên làm việc tại doanh nghiệp\n")
    return result
