"""Demo data of the documents app, called by dangvu.demo.generator after the ratings (DEMO_EXTENSIONS, before the
2025 reorganisation is replayed): three years of the committees' documents (the bloc committee's until it is
dissolved on 1/7/2025, the provincial committee's throughout, the Central Committee's directives they implement),
two coordination regulations with numbered tasks at various stages (done, in progress, overdue, recurrent),
their review conferences and a meeting with enterprises, commendations proposed from the closed rating rounds,
and the party badges of the province's past occasions. Bulk-inserted; one audit entry per regulation, conference,
commendation and occasion."""

import random
import time
from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from dangvu.core.audit import audit
from dangvu.core.dates import add_months, add_years, last_day
from dangvu.core.text import search_key
from dangvu.documents.models import (
    Commendation,
    CommendationLevel,
    CommendationSubject,
    Conference,
    ConferenceKind,
    Document,
    DocumentType,
    Issuer,
    Participant,
    ParticipantKind,
    Party,
    Progress,
    Recurrence,
    Regulation,
    RegulationKind,
    Task,
)
from dangvu.documents.numbers import term_of
from dangvu.documents.uses import relink
from dangvu.members.badges import MILESTONES, next_occasion, occasions_of
from dangvu.members.models import BadgeAward, Member, MemberEvent, MembershipSpan
from dangvu.members.projection import party_age
from dangvu.orgs.models import Organization, OrgKind
from dangvu.ratings.models import RatingEntry, RatingRound, RoundStatus, SubjectKind
from dangvu.ratings.rules import Level

from .reorganization import EFFECTIVE_ON

SALT = 1414
ZONE_BOARD = "Ban Quản lý các khu công nghiệp tỉnh"
GROUPS = "Ban cán sự đảng, đảng đoàn các cơ quan tỉnh"
TITLES: dict[str, list[str]] = {
    "NQ": ["Nghị quyết về công tác xây dựng Đảng năm {y}", "Nghị quyết về phát triển đảng viên trong doanh nghiệp "
           "ngoài khu vực nhà nước"],
    "QĐ": ["Quyết định kiện toàn Ban Chỉ đạo xây dựng tổ chức đảng, đoàn thể trong doanh nghiệp",
           "Quyết định thành lập chi bộ cơ sở", "Quyết định chuẩn y kết quả bầu cử cấp ủy",
           "Quyết định trao tặng Huy hiệu Đảng"],
    "KH": ["Kế hoạch kiểm tra, giám sát năm {y}", "Kế hoạch phát triển đảng viên năm {y}",
           "Kế hoạch tổ chức hội nghị sơ kết quy chế phối hợp"],
    "HD": ["Hướng dẫn kiểm điểm, đánh giá, xếp loại chất lượng năm {y}", "Hướng dẫn sinh hoạt chi bộ định kỳ"],
    "BC": ["Báo cáo tổng kết công tác xây dựng Đảng năm {y}", "Báo cáo sơ kết 6 tháng đầu năm {y}"],
    "TB": ["Thông báo kết luận của Ban Thường vụ", "Thông báo lịch làm việc tháng"],
    "CT": ["Chỉ thị về tăng cường công tác phát triển đảng viên"],
    "QC": ["Quy chế làm việc của Ban Chấp hành nhiệm kỳ 2020-2025"],
}


def _docs(rng: random.Random, issuer_org: dict[str, Organization], today: date, years: list[int],
          types: dict[str, DocumentType], issuers: dict[str, Issuer]) -> list[Document]:
    """About thirty documents a year per committee, numbered per type and issuer across each term."""
    counters: dict[tuple[str, str, str], int] = {}
    rows: list[Document] = []
    for year in years:
        for code, org in issuer_org.items():
            for _ in range(30):
                day = date(year, 1, 5) + timedelta(days=rng.randint(0, 355))
                if day > today or (code == "ĐUK" and day >= EFFECTIVE_ON):
                    continue
                tcode = rng.choice(["NQ", "QĐ", "QĐ", "QĐ", "KH", "KH", "HD", "BC", "TB", "TB", "QC"])
                rows.append(_doc(tcode, code, day, rng.choice(TITLES[tcode]).format(y=year), org, counters, types,
                                 issuers))
    return rows


def _doc(tcode: str, icode: str, day: date, title: str, org: Organization, counters: dict[tuple[str, str, str], int],
         types: dict[str, DocumentType], issuers: dict[str, Issuer], serial: int | None = None) -> Document:
    term = term_of(day)
    key = (tcode, icode, term)
    counters[key] = serial if serial is not None else counters.get(key, 0) + 1
    number = f"{counters[key]}-{types[tcode].code}/{issuers[icode].code}"
    return Document(
        organization=org, number=number, serial=counters[key], doc_type=types[tcode], issuer=issuers[icode],
        term=term, issued_on=day, title=title, signer="T/M Ban Thường vụ", search_text=search_key(f"{number} {title}"),
    )


def _regulation(bloc: Organization, doc: Document, title: str, other: str, starts_on: date,
                tasks: list[tuple[str, str, date | None, str, str]]) -> tuple[Regulation, list[Task]]:
    reg = Regulation.objects.create(organization=bloc, kind=RegulationKind.COORDINATION, title=title, document=doc,
                                    document_text=doc.number, starts_on=starts_on)
    parties = {n: Party.objects.create(regulation=reg, name=n, key=search_key(n))
               for n in ("Đảng ủy Khối", other)}
    out = Task.objects.bulk_create([
        Task(organization=bloc, regulation=reg, number=i, title=t, lead=parties[lead], lead_name=lead, due_on=due,
             recurrence=rec, expected_output="")
        for i, (t, lead, due, rec, _) in enumerate(tasks, 1)
    ])
    out = list(Task.objects.filter(regulation=reg).order_by("number"))
    for task, (_, lead, _, _, _) in zip(out, tasks, strict=True):
        task.supporting.set([p for n, p in parties.items() if n != lead])
    audit(None, "regulation_create", reg)
    return reg, out


def _progress(rng: random.Random, tasks: list[Task], stages: list[int], today: date) -> int:
    """Reports on each task up to its stage (percent); recurrent tasks reported each quarter with a gap."""
    reports: list[Progress] = []
    for task, stage in zip(tasks, stages, strict=True):
        start = task.regulation.starts_on if task.regulation else today
        if task.recurrence:
            d = add_months(start, 3)
            while d <= today - timedelta(days=100):  # the last quarter unreported: overdue
                reports.append(Progress(task=task, on=d, text="Đã nắm tình hình, báo cáo Thường trực", percent=stage))
                d = add_months(d, 3)
        elif stage:
            steps = [s for s in (25, 50, 75, 100) if s <= stage] or [stage]
            for i, pct in enumerate(steps):
                d = min(today, start + timedelta(days=60 * (i + 1) + rng.randint(0, 20)))
                reports.append(Progress(task=task, on=d, text=f"Thực hiện được {pct}% khối lượng", percent=pct))
    Progress.objects.bulk_create(reports)
    latest: dict[int, Progress] = {}
    for p in reports:
        if p.task_id not in latest or p.on >= latest[p.task_id].on:
            latest[p.task_id] = p
    for task in tasks:
        if task.pk in latest:
            task.percent, task.last_report_on = latest[task.pk].percent, latest[task.pk].on
    Task.objects.bulk_update(tasks, ["percent", "last_report_on"])
    return len(reports)


def _badges(today: date, doc_for: Any) -> int:
    """Badges of the province's past occasions (decided by the provincial committee): every member who reached a
    milestone and did not hold it is awarded on the occasion; those who reached theirs before the first of these
    occasions got it on the occasion after they reached it (the older record, its decision kept as text). Party
    age is members.projection.party_age over events and spans read once (badges_due per occasion would re-read
    them: 0,7 s an occasion at the bloc scale)."""
    window = [d for y in (today.year - 2, today.year - 1, today.year) for d in occasions_of(y) if d <= today]
    if not window:
        return 0
    oldest = add_years(window[-1], -MILESTONES[0])
    members = {m.pk: m for m in Member.objects.filter(admitted_on__lte=oldest).only("pk", "admitted_on")}
    spans: dict[int, list[tuple[int, date, date | None]]] = defaultdict(list)
    for mid, o, vf, vt in MembershipSpan.objects.filter(member_id__in=members).values_list(
            "member_id", "organization_id", "valid_from", "valid_to"):
        spans[mid].append((o, vf, vt))
    events: dict[int, list[MemberEvent]] = defaultdict(list)
    for ev in MemberEvent.objects.filter(member_id__in=members, voided_at__isnull=True).order_by("effective_on", "id"):
        events[ev.member_id].append(ev)
    held: dict[int, int] = {}
    total = 0
    for i, occasion in enumerate(window):
        doc: Document | None = None
        rows = []
        for mid, m in members.items():
            org = next((o for o, vf, vt in spans[mid] if vf <= occasion and (vt is None or vt > occasion)), None)
            if org is None:
                continue
            age = party_age(m, occasion, events[mid])
            reached = max((y for y in MILESTONES if y <= age), default=0)
            if not reached or held.get(mid, 0) >= reached:
                continue
            doc = doc or doc_for(occasion, None, True)
            on, number = occasion, doc.number
            first_on = next_occasion(add_years(m.admitted_on, reached))
            if i == 0 and first_on < occasion:
                on, number = first_on, f"QĐ trao Huy hiệu Đảng đợt {first_on:%d/%m/%Y}"
            rows.append(BadgeAward(member_id=mid, years=reached, occasion_on=on, awarded_on=on, document=number,
                                   party_age=age if on == occasion else reached, organization_id=org))
            held[mid] = reached
        if rows and doc is not None:
            BadgeAward.objects.bulk_create(rows)
            audit(None, "badge_award", doc, after={"occasion": occasion.isoformat(), "count": len(rows)})
            total += len(rows)
    return total


def _commendations(bloc: Organization, province: Organization, docs: list[Document], doc_for: Any) -> int:
    n = 0
    for rnd in RatingRound.objects.filter(organization=bloc, status=RoundStatus.CLOSED).order_by("year"):
        entries = list(RatingEntry.objects.filter(
            rating_round=rnd, level=Level.EXCELLENT, subject_kind__in=[SubjectKind.MEMBER, SubjectKind.ORGANIZATION],
        ).order_by("path", "id"))
        orgs = [e for e in entries if e.organization_id][:17]
        members = [e for e in entries if e.member_id][:25]
        decided = date(rnd.year + 1, 1, 20)
        owner = bloc if decided < EFFECTIVE_ON else province
        for level, subjects, reason in (
            (CommendationLevel.CERTIFICATE, orgs, f"Tổ chức cơ sở đảng hoàn thành xuất sắc nhiệm vụ tiêu biểu năm "
                                                  f"{rnd.year}"),
            (CommendationLevel.CERTIFICATE, members,
             f"Đảng viên hoàn thành xuất sắc nhiệm vụ tiêu biểu năm {rnd.year}"),
        ):
            if not subjects:
                continue
            doc = doc_for(decided, owner)
            com = Commendation.objects.create(organization=owner, year=rnd.year, level=level, document=doc,
                                              document_text=doc.number, reason=reason, decided_on=decided)
            CommendationSubject.objects.bulk_create(
                CommendationSubject(commendation=com, member_id=e.member_id, subject_org_id=e.organization_id,
                                    rating_entry=e) for e in subjects
            )
            audit(None, "commendation_record", com)
            n += 1
    return n


def extend(*, seed: int, scale: str, today: Any, out: Any = None) -> dict[str, Any]:
    t0 = time.perf_counter()
    rng = random.Random(seed + SALT)
    bloc = Organization.objects.filter(kind=OrgKind.BLOC_COMMITTEE).order_by("path", "id").first()
    province = Organization.objects.filter(parent__isnull=True).order_by("id").first()
    if bloc is None or province is None:
        return {}
    if not DocumentType.objects.exists():
        # A database emptied by a flush (transactional tests) lost the data migration's catalogue: seed it again
        # with the migration's own function.
        import importlib

        from django.apps import apps as django_apps

        importlib.import_module("dangvu.documents.migrations.0002_seed_types_and_issuers").seed(django_apps, None)
    types = {t.code: t for t in DocumentType.objects.all()}
    issuers = {i.code: i for i in Issuer.objects.all()}
    years = [today.year - 2, today.year - 1, today.year]
    counters: dict[tuple[str, str, str], int] = {}
    docs = _docs(rng, {"ĐUK": bloc, "TU": province}, today, years, types, issuers)
    # Serials in date order within each type, issuer and term, as a register numbers them.
    docs.sort(key=lambda d: d.issued_on)
    for d in docs:
        key = (d.doc_type.code, d.issuer.code, d.term)
        counters[key] = counters.get(key, 0) + 1
        d.serial = counters[key]
        d.number = f"{d.serial}-{d.doc_type.code}/{d.issuer.code}"
        d.search_text = search_key(f"{d.number} {d.title}")
    start = date(years[0], 3, 15)
    ct = _doc("CT", "TW", date(years[0] - 1, 6, 1), "Chỉ thị về tăng cường phát triển đảng viên trong doanh nghiệp "
              "ngoài khu vực nhà nước", province, counters, types, issuers, serial=5)
    qc1 = _doc("QC", "ĐUK", start, "Quy chế phối hợp với Ban Quản lý các khu công nghiệp tỉnh", bloc, counters,
               types, issuers)
    qc2 = _doc("QC", "ĐUK", start + timedelta(days=30), "Quy chế phối hợp với các ban cán sự đảng, đảng đoàn", bloc,
               counters, types, issuers)
    Document.objects.bulk_create([ct, qc1, qc2, *docs])
    ct, qc1, qc2 = (Document.objects.get(number=d.number, term=d.term) for d in (ct, qc1, qc2))
    Document.objects.filter(pk__in=[qc1.pk, qc2.pk]).update(implements=ct)

    def doc_for(day: date, owner: Organization | None = None, badges: bool = False) -> Document:
        """A decision (badges of an occasion: the provincial committee's; a commendation), under the next number."""
        owner = province if badges else owner or (bloc if day < EFFECTIVE_ON else province)
        icode = "ĐUK" if owner == bloc else "TU"
        title = "Quyết định trao tặng Huy hiệu Đảng" if badges else "Quyết định khen thưởng"
        d = _doc("QĐ", icode, day, f"{title} đợt {day:%d/%m/%Y}", owner, counters, types, issuers)
        d.save()
        return d

    year_end = last_day(years[0], 12)
    reg1, tasks1 = _regulation(bloc, qc1, "Quy chế phối hợp giữa Đảng ủy Khối và Ban Quản lý các khu công nghiệp "
                               "tỉnh về phát triển đảng viên, tổ chức cơ sở đảng trong doanh nghiệp các khu công "
                               "nghiệp", ZONE_BOARD, start, [
        ("Nắm bắt tình hình, khó khăn của doanh nghiệp", "Đảng ủy Khối", None, Recurrence.QUARTERLY, ""),
        ("Rà soát đảng viên đang làm việc tại doanh nghiệp chưa sinh hoạt đảng", ZONE_BOARD, add_months(start, 4),
         "", ""),
        ("Tuyên truyền, vận động chủ doanh nghiệp ủng hộ thành lập tổ chức đảng", ZONE_BOARD, year_end, "", ""),
        ("Bồi dưỡng nhận thức về Đảng cho quần chúng ưu tú trong doanh nghiệp", "Đảng ủy Khối", year_end, "", ""),
        (f"Thành lập 2 đến 3 tổ chức cơ sở đảng trong năm {years[1]}", "Đảng ủy Khối", last_day(years[1], 12), "",
         ""),
        ("Báo cáo kết quả phối hợp hằng năm", ZONE_BOARD, None, Recurrence.YEARLY, ""),
        ("Chuyển sinh hoạt đảng cho đảng viên đang làm việc tại doanh nghiệp", "Đảng ủy Khối",
         add_months(today, 2), "", ""),
    ])
    reg2, tasks2 = _regulation(bloc, qc2, "Quy chế phối hợp giữa Đảng ủy Khối với các ban cán sự đảng, đảng đoàn "
                               "các cơ quan tỉnh", GROUPS, start + timedelta(days=30), [
        ("Phối hợp nhận xét, đánh giá cán bộ là đảng viên", GROUPS, None, Recurrence.YEARLY, ""),
        ("Thống nhất quy hoạch cấp ủy cơ sở", "Đảng ủy Khối", add_months(start, 8), "", ""),
        ("Phối hợp giải quyết đơn thư liên quan đảng viên", GROUPS, add_months(today, -1), "", ""),
    ])
    reports = _progress(rng, tasks1, [40, 100, 100, 100, 60, 50, 10], today)
    reports += _progress(rng, tasks2, [100, 100, 30], today)

    conferences = 0
    secretaries = list(Member.objects.filter(organization__path__startswith=bloc.path, left_on__isnull=True)
                       .select_related("organization").order_by("id")[:2])
    for kind, held, title, reg in (
        (ConferenceKind.INTERIM, date(years[1], 3, 20), "Hội nghị sơ kết 1 năm thực hiện Quy chế phối hợp", reg1),
        (ConferenceKind.ENTERPRISES, date(years[1], 9, 12), "Gặp mặt doanh nghiệp các khu công nghiệp", reg1),
        (ConferenceKind.DIALOGUE, date(years[0], 11, 5), "Đối thoại với các ban cán sự đảng, đảng đoàn", reg2),
    ):
        if held > today:
            continue
        conf = Conference.objects.create(
            organization=bloc, kind=kind, title=title, held_on=held, place="Hội trường Đảng ủy Khối",
            chair="Đồng chí Bí thư Đảng ủy Khối", regulation=reg,
            results="Thành lập 3 tổ chức cơ sở đảng, kết nạp 41 đảng viên trong doanh nghiệp; 17 tổ chức cơ sở đảng "
                    "hoàn thành xuất sắc nhiệm vụ.",
            conclusions="Tiếp tục phối hợp chặt chẽ; tập trung phát triển đảng viên là công nhân trực tiếp sản xuất.")
        Participant.objects.bulk_create([
            Participant(conference=conf, kind=ParticipantKind.BODY, body=bloc, name=bloc.name, role="Thường trực"),
            *[Participant(conference=conf, kind=ParticipantKind.PERSON, member=m, name=m.full_name,
                          role=f"Bí thư {m.organization.name}") for m in secretaries],
            Participant(conference=conf, name="Ông Nguyễn Văn Thành", role="Phó Trưởng ban Ban Quản lý các khu công "
                        "nghiệp tỉnh"),
            Participant(conference=conf, kind=ParticipantKind.BODY, name=ZONE_BOARD if reg == reg1 else GROUPS,
                        role="Lãnh đạo"),
            Participant(conference=conf, kind=ParticipantKind.BODY, name="Đại diện các doanh nghiệp",
                        role="Chủ doanh nghiệp, công đoàn"),
        ])
        number = Task.objects.filter(regulation=reg).count() + 1
        lead = Party.objects.filter(regulation=reg).order_by("id").first()
        Task.objects.create(organization=bloc, regulation=reg, conference=conf, number=number, lead=lead,
                            lead_name=lead.name if lead else "Đảng ủy Khối",
                            title="Thành lập chi bộ tại doanh nghiệp có từ 3 đảng viên chính thức",
                            due_on=add_months(held, 6))
        audit(None, "conference_record", conf)
        conferences += 1
    commendations = _commendations(bloc, province, docs, doc_for)
    badges = _badges(today, doc_for)
    links = relink()  # the records above and the members' and organisations' events were bulk inserted
    n_docs = Document.objects.count()
    if callable(out):
        out(f"  documents: {n_docs} documents, 2 regulations ({reports} progress reports), {conferences} conferences, "
            f"{commendations} commendations, {badges} badges, {links} links to documents "
            f"({time.perf_counter() - t0:.1f} s)")
    return {"documents": n_docs, "regulations": 2, "progress": reports, "conferences": conferences,
            "commendations": commendations, "badges": badges}
