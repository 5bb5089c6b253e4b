"""The reports committees send, each built from the owning apps' selectors into a Report (tables, charts, source).
Every figure "as of D" uses the tree of date D (OrgPathSpan) and the member's span on D; status on D is
members.selectors.full_q/probationary_q — never recomputed here."""

from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, NamedTuple

from dangvu.admissions.models import CourseKind, Stage
from dangvu.admissions.selectors import ADMISSION_KEYS, RECOGNITION_KEYS, admission_figures
from dangvu.core.dates import format_date, full_years_between, today
from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.text import format_number
from dangvu.enterprises.models import Enterprise, MassOrganization, MassOrgKind, Ownership
from dangvu.enterprises.selectors import coverage, scope_enterprises
from dangvu.members.models import ENDING_KINDS, EventKind, Member, MemberEvent, MemberStatus, Sex, TheoryLevel
from dangvu.members.projection import party_age
from dangvu.members.selectors import full_q, probationary_q, spans_in_subtree_on
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization, OrgEvent, OrgEventKind, OrgKind, OrgPathSpan, Sector
from dangvu.orgs.scope import scope_of
from dangvu.orgs.selectors import kinds_on, names_on, on_date_q, path_on
from dangvu.ratings.rules import LEVEL_ORDER, MeetingGrade
from dangvu.ratings.selectors import meetings_month, rating_results
from dangvu.targets.selectors import target_report

from .model import DECIMAL, PERCENT, TEXT, Chart, Column, Letterhead, Report, Table
from .selectors import INFLOW_KINDS, INFLOW_LABELS, OUTFLOW_KINDS, OUTFLOW_LABELS, membership_flow

SOURCE = "Cơ sở dữ liệu Đảng vụ"


@dataclass
class Params:
    user: Any
    org: Organization
    on: date
    start: date
    end: date
    year: int


def _pct(part: int, whole: int) -> Decimal | None:
    return (Decimal(100 * part) / whole).quantize(Decimal("0.01")) if whole else None


def _name(org: Organization, on: date) -> str:
    return names_on([org.pk], on).get(org.pk, org.name)


def _day(on: date) -> str:
    return f"Tính đến ngày {format_date(on)}"


def _period(start: date, end: date) -> str:
    return f"Từ ngày {format_date(start)} đến ngày {format_date(end)}"


def _path(org: Organization, on: date) -> str:
    path = path_on(org.pk, on)
    if path is None:
        raise DomainError(
            f"{org.name} chưa tồn tại hoặc đã giải thể vào ngày {format_date(on)}.",
            field="on",
            rule="org_not_active_on",
        )
    return path


def letterhead(org: Organization, on: date) -> Letterhead:
    """The document heading of the organisation's committee as the tree stood on `on`."""
    path = path_on(org.pk, on) or org.path
    segs = [int(s) for s in path.rstrip(".").split(".") if s]
    names = names_on(segs, on)
    own = names.get(org.pk, org.name)
    issuer = own.replace("Đảng bộ", "Đảng ủy", 1) if own.startswith("Đảng bộ") else own
    superior = names.get(segs[-2], "") if len(segs) > 1 else ""
    province = names.get(segs[0], "")
    place = province
    for prefix in ("Đảng bộ tỉnh ", "Đảng bộ thành phố ", "Đảng bộ "):
        if place.startswith(prefix):
            place = place[len(prefix) :]
            break
    # Dated the day the document is made; the figures' own date is in the title's period line.
    return Letterhead(superior=superior or "ĐẢNG CỘNG SẢN VIỆT NAM", issuer=issuer, place=place or "…",
                      issued_on=today())


# ---------------------------------------------------------------- organisations


def organizations(p: Params) -> Report:
    """Organisations of the subtree on a date by kind, and grassroots organisations by sector."""
    path = _path(p.org, p.on)
    ids = [
        o
        for o in OrgPathSpan.objects.filter(on_date_q(p.on), path__startswith=path).values_list(
            "organization_id", flat=True
        )
        if o != p.org.pk
    ]
    rows = list(Organization.objects.filter(pk__in=ids).values_list("id", "kind", "sector"))
    kinds = kinds_on(ids, p.on, current={i: k for i, k, _ in rows})
    sector = {i: s for i, _, s in rows}
    by_kind = Counter(kinds.values())
    by_sector: dict[str, Counter[str]] = defaultdict(Counter)
    for i, k in kinds.items():
        if k in GRASSROOTS_KINDS:
            by_sector[sector[i]][k] += 1
    gc, gcell = by_kind[OrgKind.GRASSROOTS_COMMITTEE], by_kind[OrgKind.GRASSROOTS_CELL]
    kind_table = Table(
        "Tổ chức đảng theo loại hình",
        [Column("kind", "Loại hình", TEXT), Column("count", "Số lượng")],
        [[k.label, by_kind[k.value]] for k in OrgKind if by_kind[k.value]] + [["Tổng số", sum(by_kind.values())]],
    )
    sector_rows: list[list[Any]] = [
        [
            s.label,
            by_sector[s.value][OrgKind.GRASSROOTS_COMMITTEE],
            by_sector[s.value][OrgKind.GRASSROOTS_CELL],
            sum(by_sector[s.value].values()),
        ]
        for s in Sector
    ]
    sector_rows.append(["Tổng số", gc, gcell, gc + gcell])
    sector_table = Table(
        "Tổ chức cơ sở đảng theo khối, lĩnh vực",
        [
            Column("sector", "Khối, lĩnh vực", TEXT),
            Column("committees", "Đảng bộ cơ sở"),
            Column("cells", "Chi bộ cơ sở"),
            Column("total", "Tổng số"),
        ],
        sector_rows,
    )
    summary = (
        f"{format_number(gc + gcell)} tổ chức cơ sở đảng: {format_number(gc)} đảng bộ, {format_number(gcell)} chi bộ"
    )
    chart = Chart(
        "Tổ chức cơ sở đảng theo khối, lĩnh vực",
        [r[0] for r in sector_rows[:-1] if r[3]],
        [float(r[3]) for r in sector_rows[:-1] if r[3]],
    )
    return Report(
        "organizations",
        "Tổ chức đảng theo loại hình và lĩnh vực",
        _name(p.org, p.on),
        _day(p.on),
        f"{SOURCE}: cây tổ chức vào ngày {format_date(p.on)} (sau các quyết định thành lập, sáp nhập, giải thể đến "
        "ngày đó).",
        [kind_table, sector_table],
        [chart],
        [summary],
        p.org.pk,
        p.on,
        {
            "organization_id": p.org.pk,
            "on": p.on.isoformat(),
            "grassroots": gc + gcell,
            "grassroots_committees": gc,
            "grassroots_cells": gcell,
            "by_kind": {k: n for k, n in by_kind.items()},
            "by_sector": {s: dict(c) for s, c in by_sector.items()},
        },
    )


def organizations_founded(p: Params) -> Report:
    """Party organisations founded and dissolved (or merged away) in the period by sector, and mass organisations
    founded and dissolved in the non-state enterprises followed by the subtree."""
    path = _path(p.org, p.end)

    events = list(
        OrgEvent.objects.filter(
            kind__in=[OrgEventKind.FOUNDED, OrgEventKind.DISSOLVED, OrgEventKind.MERGED],
            effective_on__gte=p.start,
            effective_on__lte=p.end,
        ).values_list("organization_id", "kind", "effective_on", "org_kind")
    )
    spans: dict[int, list[tuple[date, date | None, str]]] = defaultdict(list)
    for o, f, t, pth in OrgPathSpan.objects.filter(organization_id__in={e[0] for e in events}).values_list(
        "organization_id", "valid_from", "valid_to", "path"
    ):
        spans[o].append((f, t, pth))

    def inside(org_id: int, d: date) -> bool:
        return any(f <= d and (t is None or d < t) and pth.startswith(path) for f, t, pth in spans.get(org_id, ()))

    info = {
        i: (k, s)
        for i, k, s in Organization.objects.filter(pk__in={e[0] for e in events}).values_list("id", "kind", "sector")
    }
    founded: dict[str, Counter[str]] = defaultdict(Counter)
    founded_ids: list[int] = []
    for o, kind, d, founded_as in events:
        if kind == OrgEventKind.FOUNDED and inside(o, d):
            k, s = info[o]
            k = founded_as or k  # the kind it was founded as, not a later one
            founded[s]["grassroots" if k in GRASSROOTS_KINDS else "other"] += 1
            founded_ids.append(o)
        elif kind != OrgEventKind.FOUNDED and inside(o, date.fromordinal(d.toordinal() - 1)):
            founded[info[o][1]]["ended"] += 1
    rows: list[list[Any]] = [
        [s.label, founded[s.value]["grassroots"], founded[s.value]["other"], founded[s.value]["ended"]] for s in Sector
    ]
    rows.append(["Tổng số", *[sum(r[i] for r in rows) for i in (1, 2, 3)]])
    party = Table(
        "Tổ chức đảng thành lập mới, giải thể, sáp nhập theo khối, lĩnh vực",
        [
            Column("sector", "Khối, lĩnh vực", TEXT),
            Column("founded_grassroots", "Thành lập TCCSĐ"),
            Column("founded_other", "Thành lập chi bộ, đảng bộ bộ phận"),
            Column("ended", "Giải thể, sáp nhập"),
        ],
        rows,
    )
    by_owner = Counter(Enterprise.objects.filter(party_org_id__in=founded_ids).values_list("ownership", flat=True))
    owner = Table(
        "Tổ chức đảng thành lập mới trong doanh nghiệp ngoài khu vực nhà nước, theo loại hình sở hữu",
        [Column("ownership", "Loại hình sở hữu", TEXT), Column("count", "Số tổ chức đảng")],
        [[o.label, by_owner[o.value]] for o in Ownership] + [["Tổng số", sum(by_owner.values())]],
    )
    ent = scope_enterprises(p.user, p.org, p.end).values("pk")
    mass_rows: list[list[Any]] = []
    for k in MassOrgKind:
        qs = MassOrganization.objects.filter(kind=k, enterprise_id__in=ent)
        mass_rows.append(
            [
                k.label,
                qs.filter(founded_on__gte=p.start, founded_on__lte=p.end).count(),
                qs.filter(dissolved_on__gte=p.start, dissolved_on__lte=p.end).count(),
            ]
        )
    mass_rows.append(["Tổng số", sum(r[1] for r in mass_rows), sum(r[2] for r in mass_rows)])
    mass = Table(
        "Tổ chức đoàn thể trong doanh nghiệp ngoài khu vực nhà nước thành lập mới, giải thể",
        [Column("kind", "Loại tổ chức", TEXT), Column("founded", "Thành lập"), Column("dissolved", "Giải thể")],
        mass_rows,
    )
    total = rows[-1]
    return Report(
        "organizations-founded",
        "Tổ chức đảng, đoàn thể thành lập mới và giải thể",
        _name(p.org, p.end),
        _period(p.start, p.end),
        f"{SOURCE}: quyết định thành lập, sáp nhập, giải thể tổ chức đảng; sổ theo dõi tổ chức đoàn thể trong "
        "doanh nghiệp. Tổ chức tính vào cấp ủy nó trực thuộc vào ngày của quyết định.",
        [party, owner, mass],
        [],
        [
            f"Thành lập mới {format_number(total[1])} tổ chức cơ sở đảng và {format_number(total[2])} chi bộ, "
            f"đảng bộ bộ phận; giải thể, sáp nhập {format_number(total[3])} tổ chức đảng."
        ],
        p.org.pk,
        p.end,
        {
            "organization_id": p.org.pk,
            "from": p.start.isoformat(),
            "to": p.end.isoformat(),
            "founded_grassroots": total[1],
            "founded_other": total[2],
            "ended": total[3],
            "mass_founded": {k.value: r[1] for k, r in zip(MassOrgKind, mass_rows, strict=False)},
        },
    )


# ---------------------------------------------------------------- members


AGE_BANDS = [
    (0, 30, "Dưới 30 tuổi"),
    (30, 40, "Từ 30 đến dưới 40"),
    (40, 50, "Từ 40 đến dưới 50"),
    (50, 60, "Từ 50 đến dưới 60"),
    (60, 200, "Từ 60 tuổi trở lên"),
]
PARTY_AGE_BANDS = [
    (0, 10, "Dưới 10 năm"),
    (10, 20, "Từ 10 đến dưới 20 năm"),
    (20, 30, "Từ 20 đến dưới 30 năm"),
    (30, 40, "Từ 30 đến dưới 40 năm"),
    (40, 50, "Từ 40 đến dưới 50 năm"),
    (50, 200, "Từ 50 năm trở lên"),
]


class _Event(NamedTuple):
    """The fields of a MemberEvent that party_age reads (voided events are filtered out beforehand)."""

    kind: str
    effective_on: date
    voided_at: None = None


PARTY_AGE_KINDS = [EventKind.RECOGNISED_FULL, EventKind.READMITTED, EventKind.REINSTATED,
                   *[k for k in ENDING_KINDS if k != EventKind.TRANSFERRED_OUT]]


def _band(value: int, bands: list[tuple[int, int, str]]) -> str:
    return next(label for lo, hi, label in bands if lo <= value < hi)


def _share_table(title: str, head: str, counts: dict[str, int], total: int, order: list[str] | None = None) -> Table:
    keys = order if order is not None else sorted(counts, key=lambda k: (-counts[k], k))
    return Table(
        title,
        [Column("group", head, TEXT), Column("count", "Số đảng viên"), Column("share", "Tỷ lệ", PERCENT)],
        [[k, counts.get(k, 0), _pct(counts.get(k, 0), total)] for k in keys] + [["Tổng số", total, _pct(total, total)]],
    )


def members(p: Params) -> Report:
    """Members of the subtree on a date by status, sex, age band, ethnic group, religion, education, theory level
    and party age band."""
    path = _path(p.org, p.on)
    spans = spans_in_subtree_on(path, p.on)
    full = spans.filter(full_q(p.on)).count()
    probationary = spans.filter(probationary_q(p.on)).count()
    rows = list(
        Member.objects.filter(pk__in=spans.values("member_id")).only(
            "id", "sex", "birth_date", "ethnic_group", "religion", "education", "theory_level", "admitted_on"
        )
    )
    # Only the events party age reads (members.projection.party_age), as light rows: 8.000 members fold in a
    # fraction of the time full model instances took.
    events: dict[int, list[Any]] = defaultdict(list)
    for member_id, kind, effective_on in (
        MemberEvent.objects.filter(
            member_id__in=spans.values("member_id"), voided_at__isnull=True, effective_on__lte=p.on,
            kind__in=PARTY_AGE_KINDS,
        ).order_by("effective_on", "id").values_list("member_id", "kind", "effective_on")
    ):
        events[member_id].append(_Event(kind, effective_on))
    total = len(rows)
    sex = Counter(Sex(m.sex).label for m in rows)
    age = Counter(_band(full_years_between(m.birth_date, p.on), AGE_BANDS) for m in rows)
    ethnic = Counter((m.ethnic_group or "Kinh").strip() or "Kinh" for m in rows)
    religion = Counter((m.religion or "Không").strip() or "Không" for m in rows)
    education = Counter((m.education or "Chưa ghi").strip() or "Chưa ghi" for m in rows)
    theory_labels = dict(TheoryLevel.choices)
    theory = Counter(theory_labels.get(m.theory_level or "", m.theory_level) for m in rows)
    page = Counter(_band(party_age(m, p.on, events[m.pk]), PARTY_AGE_BANDS) for m in rows)
    status = {MemberStatus.FULL.label: full, MemberStatus.PROBATIONARY.label: probationary}
    tables = [
        _share_table("Theo loại đảng viên", "Loại đảng viên", status, total, list(status)),
        _share_table("Theo giới tính", "Giới tính", dict(sex), total, [s.label for s in Sex]),
        _share_table("Theo độ tuổi", "Độ tuổi", dict(age), total, [b[2] for b in AGE_BANDS]),
        _share_table("Theo dân tộc", "Dân tộc", dict(ethnic), total),
        _share_table("Theo tôn giáo", "Tôn giáo", dict(religion), total),
        _share_table("Theo trình độ giáo dục phổ thông", "Trình độ", dict(education), total),
        _share_table(
            "Theo trình độ lý luận chính trị",
            "Lý luận chính trị",
            dict(theory),
            total,
            [lbl for _v, lbl in TheoryLevel.choices],
        ),
        _share_table("Theo tuổi đảng", "Tuổi đảng", dict(page), total, [b[2] for b in PARTY_AGE_BANDS]),
    ]
    women = sex.get(Sex.FEMALE.label, 0)
    summary = (
        f"Tổng số {format_number(total)} đảng viên, trong đó {format_number(full)} chính thức, "
        f"{format_number(probationary)} dự bị; nữ {format_number(women)}."
    )
    charts = [
        Chart("Đảng viên theo độ tuổi", [b[2] for b in AGE_BANDS], [float(age.get(b[2], 0)) for b in AGE_BANDS]),
        Chart(
            "Đảng viên theo tuổi đảng",
            [b[2] for b in PARTY_AGE_BANDS],
            [float(page.get(b[2], 0)) for b in PARTY_AGE_BANDS],
        ),
    ]
    return Report(
        "members",
        "Đảng viên theo loại, giới tính, độ tuổi, dân tộc, tôn giáo, trình độ và tuổi đảng",
        _name(p.org, p.on),
        _day(p.on),
        f"{SOURCE}: danh sách đảng viên sinh hoạt tại các tổ chức thuộc cấp ủy vào ngày {format_date(p.on)} "
        "(đảng viên sinh hoạt tạm thời tính ở nơi đi); tuổi đảng theo Hướng dẫn 01-HD/TW.",
        tables,
        charts,
        [summary],
        p.org.pk,
        p.on,
        {
            "organization_id": p.org.pk,
            "on": p.on.isoformat(),
            "total": total,
            "full": full,
            "probationary": probationary,
            "women": women,
            "by_age": dict(age),
            "by_party_age": dict(page),
        },
    )


def membership_flow_report(p: Params) -> Report:
    flow = membership_flow(p.user, p.org, start=p.start, end=p.end)
    rows: list[list[Any]] = [["Đầu kỳ", flow.opening]]
    rows += [[f"Tăng: {INFLOW_LABELS[k]}", flow.inflows[k]] for k in INFLOW_KINDS]
    rows += [[f"Giảm: {OUTFLOW_LABELS[k]}", flow.outflows[k]] for k in OUTFLOW_KINDS]
    rows.append(["Cuối kỳ", flow.closing])
    table = Table("Biến động đảng viên", [Column("item", "Nội dung", TEXT), Column("count", "Số đảng viên")], rows)
    chart = Chart(
        "Tăng, giảm trong kỳ",
        [INFLOW_LABELS[k] for k in INFLOW_KINDS] + [OUTFLOW_LABELS[k] for k in OUTFLOW_KINDS],
        [float(flow.inflows[k]) for k in INFLOW_KINDS] + [float(flow.outflows[k]) for k in OUTFLOW_KINDS],
    )
    return Report(
        "membership-flow",
        "Biến động đảng viên",
        _name(p.org, p.end),
        _period(p.start, p.end),
        f"{SOURCE}: các sự kiện kết nạp, chuyển đến, chuyển đi, xóa tên, khai trừ, từ trần... trong kỳ; "
        "đầu kỳ + tăng − giảm = cuối kỳ.",
        [table],
        [chart],
        [
            f"Đầu kỳ {format_number(flow.opening)}, tăng {format_number(flow.total_in)}, giảm "
            f"{format_number(flow.total_out)}, cuối kỳ {format_number(flow.closing)} đảng viên."
        ],
        p.org.pk,
        p.end,
        {
            "organization_id": p.org.pk,
            "from": p.start.isoformat(),
            "to": p.end.isoformat(),
            "opening": flow.opening,
            "inflows": flow.inflows,
            "outflows": flow.outflows,
            "closing": flow.closing,
        },
    )


def admissions_report(p: Params) -> Report:
    f = admission_figures(p.user, p.org, start=p.start, end=p.end)
    adm = Table(
        "Kết nạp đảng viên",
        [Column("key", "Nội dung", TEXT), Column("count", "Số đảng viên")],
        [[label, len(f.admissions[k])] for k, label in ADMISSION_KEYS.items() if k == "all" or f.admissions[k]],
    )
    rec = Table(
        "Công nhận đảng viên chính thức",
        [Column("key", "Nội dung", TEXT), Column("count", "Số đảng viên")],
        [[label, len(f.recognitions[k])] for k, label in RECOGNITION_KEYS.items()],
    )
    courses = Table(
        "Lớp bồi dưỡng",
        [Column("kind", "Loại lớp", TEXT), Column("courses", "Số lớp"), Column("participants", "Số học viên")],
        [[k.label, len(f.courses[k.value]), f.participants[k.value]] for k in CourseKind],
    )
    stages = Table(
        "Quần chúng ưu tú theo giai đoạn (hiện nay)",
        [Column("stage", "Giai đoạn", TEXT), Column("count", "Số người")],
        [[s.label, f.stages[s.value]] for s in Stage],
    )
    return Report(
        "admissions",
        "Công tác phát triển đảng viên",
        _name(p.org, p.end),
        _period(p.start, p.end),
        f"{SOURCE}: quyết định kết nạp, công nhận chính thức; lớp bồi dưỡng có ngày kết thúc trong kỳ.",
        [adm, rec, courses, stages],
        [],
        [f"Kết nạp {format_number(f.admitted)} đảng viên mới."],
        p.org.pk,
        p.end,
        {"organization_id": p.org.pk, "from": p.start.isoformat(), "to": p.end.isoformat(), "admitted": f.admitted},
    )


def ratings_report(p: Params) -> Report:
    r = rating_results(p.user, p.org.pk, p.year)
    cols = [
        Column("level", "Mức xếp loại", TEXT),
        Column("orgs", "Tổ chức cơ sở đảng"),
        Column("orgs_share", "Tỷ lệ", PERCENT),
        Column("members", "Đảng viên"),
        Column("members_share", "Tỷ lệ", PERCENT),
    ]
    am = r.all_members
    rows: list[list[Any]] = []
    for lv in LEVEL_ORDER:
        rows.append(
            [
                lv.label,
                r.organizations.counts.get(lv, 0),
                _dec(r.organizations.share(lv)),
                am.counts.get(lv, 0),
                _dec(am.share(lv)),
            ]
        )
    rows.append(
        [
            "Hoàn thành tốt nhiệm vụ trở lên",
            r.organizations.good_or_better,
            _dec(r.organizations.good_or_better_share),
            am.good_or_better,
            _dec(am.good_or_better_share),
        ]
    )
    rows.append(["Tổng số được xếp loại", r.organizations.total, None, am.total, None])
    chart = Chart(
        f"Tỷ lệ hoàn thành tốt nhiệm vụ trở lên năm {p.year}",
        ["Tổ chức cơ sở đảng", "Đảng viên"],
        [float(r.organizations.good_or_better_share or 0), float(am.good_or_better_share or 0)],
        "%",
    )
    summary = []
    if r.organizations.total:
        summary.append(
            f"{_dec_text(r.organizations.good_or_better_share)} tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ "
            f"trở lên; {_dec_text(am.good_or_better_share)} đảng viên xếp loại hoàn thành tốt nhiệm vụ trở lên."
        )
    return Report(
        "ratings",
        f"Kết quả đánh giá, xếp loại chất lượng năm {p.year}",
        _name(p.org, date(p.year, 12, 31)),
        f"Năm {p.year}",
        f"{SOURCE}: các đợt đánh giá, xếp loại đã xác nhận, khóa sổ của năm {p.year}.",
        [Table("Kết quả xếp loại", cols, rows)],
        [chart],
        summary,
        p.org.pk,
        date(p.year, 12, 31),
        {
            "organization_id": p.org.pk,
            "year": p.year,
            "organizations_good_or_better_percent": _float(r.organizations.good_or_better_share),
            "members_good_or_better_percent": _float(am.good_or_better_share),
        },
    )


def _dec(v: float | None) -> Decimal | None:
    return None if v is None else Decimal(str(v)).quantize(Decimal("0.01"))


def _float(v: float | None) -> float | None:
    return None if v is None else float(_dec(v))  # type: ignore[arg-type]


def _dec_text(v: float | None) -> str:
    from dangvu.core.text import format_percent

    return "—" if v is None else format_percent(_dec(v) or 0)


def meetings_report(p: Params) -> Report:
    last = p.on.month if p.on.year == p.year else 12
    rows: list[list[Any]] = []
    totals: Counter[str] = Counter()
    for month in range(1, last + 1):
        mv = meetings_month(p.user, p.org.pk, p.year, month)
        g = mv.grade_counts
        totals.update(g)
        rows.append([f"Tháng {month}/{p.year}", len(mv.rows), mv.done, *[g[x.value] for x in MeetingGrade]])
    graded = sum(totals.values())
    rows.append(["Cả năm", None, graded, *[totals[x.value] for x in MeetingGrade]])
    cols = [Column("month", "Tháng", TEXT), Column("cells", "Số chi bộ"), Column("recorded", "Đã chấm điểm")] + [
        Column(x.value, x.label) for x in MeetingGrade
    ]
    chart = Chart(
        f"Xếp loại sinh hoạt chi bộ năm {p.year}",
        [x.label for x in MeetingGrade],
        [float(totals[x.value]) for x in MeetingGrade],
    )
    return Report(
        "meetings",
        f"Chất lượng sinh hoạt chi bộ năm {p.year}",
        _name(p.org, p.on),
        f"Năm {p.year}",
        f"{SOURCE}: kết quả chấm điểm sinh hoạt chi bộ hằng tháng theo bộ tiêu chí của cấp ủy.",
        [Table("Xếp loại sinh hoạt chi bộ theo tháng", cols, rows)],
        [chart],
        [
            f"{format_number(graded)} buổi sinh hoạt được chấm điểm, {format_number(totals[MeetingGrade.GOOD.value])} "
            "buổi xếp loại Tốt."
        ],
        p.org.pk,
        p.on,
        {"organization_id": p.org.pk, "year": p.year, "graded": graded, "grades": dict(totals)},
    )


def coverage_report(p: Params) -> Report:
    c = coverage(p.user, p.org.pk, p.on)
    rows: list[list[Any]] = []
    for line in c.headline:
        rows.append([line.label, line.organizations, line.members, line.top_rated])
        for label, n, m in line.parts:
            rows.append([f"   {label}", n, m, None])
    head = Table(
        "Tổ chức đảng, đoàn thể trong doanh nghiệp ngoài khu vực nhà nước",
        [
            Column("kind", "Tổ chức", TEXT),
            Column("organizations", "Số tổ chức"),
            Column("members", "Đảng viên, đoàn viên, hội viên"),
            Column("top_rated", f"Xếp loại cao nhất năm {p.on.year - 1}"),
        ],
        rows,
    )
    t = c.total
    cov = Table(
        "Doanh nghiệp và người lao động có tổ chức",
        [
            Column("kind", "Tổ chức", TEXT),
            Column("enterprises", "Doanh nghiệp có"),
            Column("share", "Tỷ lệ doanh nghiệp", PERCENT),
            Column("workers", "Lao động ở doanh nghiệp có"),
            Column("worker_share", "Tỷ lệ lao động", PERCENT),
        ],
        [
            [label, t.by_kind[k].enterprises, _dec(t.share(k)), t.by_kind[k].workers, _dec(t.worker_share(k))]
            for k, label in [("party", "Tổ chức đảng"), *[(x.value, x.label) for x in MassOrgKind]]
        ],
    )
    chart = Chart(
        "Tỷ lệ doanh nghiệp có tổ chức",
        ["Tổ chức đảng", *[x.label for x in MassOrgKind]],
        [t.share("party"), *[t.share(x.value) for x in MassOrgKind]],
        "%",
    )
    return Report(
        "enterprise-coverage",
        "Tổ chức đảng, đoàn thể trong doanh nghiệp ngoài khu vực nhà nước",
        _name(p.org, p.on),
        _day(p.on),
        f"{SOURCE}: sổ theo dõi doanh nghiệp, lao động, tổ chức đảng và đoàn thể vào ngày {format_date(p.on)}.",
        [head, cov],
        [chart],
        [f"{format_number(t.enterprises)} doanh nghiệp với {format_number(t.workers)} lao động đang theo dõi."],
        p.org.pk,
        p.on,
        {"organization_id": p.org.pk, "on": p.on.isoformat(), "enterprises": t.enterprises, "workers": t.workers},
    )


def targets_report(p: Params) -> Report:
    tr = target_report(p.user, p.org, year=p.year, on=p.on)
    rows: list[list[Any]] = []
    for r in tr.rows:
        a = r.achievement
        rows.append(
            [
                r.indicator.name,
                r.target.period_label,
                r.target.comparison_sign or "từ … đến",
                a.target,
                a.target_max,
                a.actual,
                a.percent,
                a.status_label,
            ]
        )
        for s in r.shares:
            rows.append(
                [
                    f"   {s.organization_name}",
                    "",
                    "",
                    s.achievement.target,
                    s.achievement.target_max,
                    s.achievement.actual,
                    s.achievement.percent,
                    s.achievement.status_label,
                ]
            )
    cols = [
        Column("indicator", "Chỉ tiêu", TEXT),
        Column("period", "Thời gian", TEXT),
        Column("comparison", "So sánh", TEXT),
        Column("target", "Chỉ tiêu", DECIMAL),
        Column("target_max", "Đến", DECIMAL),
        Column("actual", "Thực hiện", DECIMAL),
        Column("percent", "Tỷ lệ so với chỉ tiêu", PERCENT),
        Column("status", "Đánh giá", TEXT),
    ]
    chart = Chart(
        "Mức thực hiện so với chỉ tiêu",
        [r.indicator.name for r in tr.rows],
        [float(r.achievement.percent or 0) for r in tr.rows],
        "%",
        [100.0 for _ in tr.rows],
    )
    summary = f"Đạt {tr.met}/{tr.total} chỉ tiêu."
    return Report(
        "targets",
        f"Kết quả thực hiện chỉ tiêu năm {p.year}",
        _name(p.org, p.on),
        f"Năm {p.year}; {_day(p.on).lower()}",
        f"{SOURCE}: chỉ tiêu do cấp ủy giao; kết quả tính từ dữ liệu theo định nghĩa của từng chỉ tiêu "
        "(chỉ tiêu nhập tay kèm văn bản minh chứng).",
        [Table("Chỉ tiêu và kết quả thực hiện", cols, rows)],
        [chart] if tr.rows else [],
        [summary],
        p.org.pk,
        p.on,
        {"organization_id": p.org.pk, "year": p.year, "on": p.on.isoformat(), "met": tr.met, "total": tr.total},
    )


@dataclass(frozen=True)
class ReportSpec:
    name: str
    title: str
    takes: str  # "on" | "period" | "year"
    build: Callable[[Params], Report]


REPORTS: dict[str, ReportSpec] = {
    s.name: s
    for s in [
        ReportSpec("organizations", "Tổ chức đảng theo loại hình, lĩnh vực", "on", organizations),
        ReportSpec("organizations-founded", "Tổ chức thành lập mới, giải thể", "period", organizations_founded),
        ReportSpec("members", "Cơ cấu đội ngũ đảng viên", "on", members),
        ReportSpec("membership-flow", "Biến động đảng viên", "period", membership_flow_report),
        ReportSpec("admissions", "Phát triển đảng viên", "period", admissions_report),
        ReportSpec("ratings", "Đánh giá, xếp loại chất lượng", "year", ratings_report),
        ReportSpec("meetings", "Chất lượng sinh hoạt chi bộ", "year", meetings_report),
        ReportSpec("enterprise-coverage", "Tổ chức đảng, đoàn thể trong doanh nghiệp", "on", coverage_report),
        ReportSpec("targets", "Chỉ tiêu và kết quả thực hiện", "year", targets_report),
    ]
}


def build_report(user: Any, name: str, org: Organization, *, on: date, start: date, end: date, year: int) -> Report:
    """One report for the organisation (NotVisible outside the user's scope), with its letterhead."""
    spec = REPORTS.get(name)
    if spec is None:
        raise NotVisible
    if not scope_of(user).sees(org.pk):
        raise NotVisible
    if start > end:
        raise DomainError(
            "Ngày bắt đầu (from) phải trước hoặc bằng ngày kết thúc (to).", field="from", rule="period_order"
        )
    if not 1930 <= year <= 2100 or start < date(1930, 2, 3) or on < date(1930, 2, 3):
        raise DomainError("Ngày, năm báo cáo phải từ 1930 trở về sau.", field="year", rule="period_range")
    report = spec.build(Params(user, org, on, start, end, year))
    report.letterhead = letterhead(org, min(on, end) if spec.takes == "period" else on)
    return report
