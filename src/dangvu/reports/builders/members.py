"""Members by status, sex, age, ethnic group, religion, education, theory level and party age; flow; admissions."""

from collections import Counter, defaultdict
from datetime import date
from typing import Any, NamedTuple, cast

from dangvu.admissions.models import CourseKind, Stage
from dangvu.admissions.selectors import ADMISSION_KEYS, RECOGNITION_KEYS, admission_figures
from dangvu.core.dates import format_date, full_years_between
from dangvu.core.text import format_number
from dangvu.members.models import Member, MemberEvent, MemberStatus, Sex, TheoryLevel
from dangvu.members.projection import PARTY_AGE_KINDS, party_age
from dangvu.members.selectors import full_q, probationary_q, spans_in_subtree_on

from ..model import PERCENT, TEXT, Chart, Column, Report, Table
from ..selectors import INFLOW_KINDS, INFLOW_LABELS, OUTFLOW_KINDS, OUTFLOW_LABELS, membership_flow
from .common import SOURCE, Params, _day, _name, _path, _pct, _period

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


class _Member(NamedTuple):
    """The fields of a Member the members report counts (party_age reads admitted_on)."""

    pk: int
    sex: str
    birth_date: date
    ethnic_group: str
    religion: str
    education: str
    theory_level: str
    admitted_on: date


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
    # Plain rows, not model instances: 7.500 deferred Member instances were two thirds of the page's time.
    rows = [
        _Member(*r) for r in Member.objects.filter(pk__in=spans.values("member_id")).values_list(
            "id", "sex", "birth_date", "ethnic_group", "religion", "education", "theory_level", "admitted_on"
        )
    ]
    # Only the events party age reads (members.projection.party_age), as light rows: 8.000 members fold in a
    # fraction of the time full model instances took.
    events: dict[int, list[Any]] = defaultdict(list)
    for member_id, kind, effective_on in (
        MemberEvent.objects.filter(
            member_id__in=spans.values("member_id"),
            voided_at__isnull=True,
            effective_on__lte=p.on,
            kind__in=PARTY_AGE_KINDS,
        )
        .order_by("effective_on", "id")
        .values_list("member_id", "kind", "effective_on")
    ):
        events[member_id].append(_Event(kind, effective_on))
    total = len(rows)
    sex_labels = dict(Sex.choices)
    sex = Counter(sex_labels.get(m.sex, m.sex) for m in rows)
    age = Counter(_band(full_years_between(m.birth_date, p.on), AGE_BANDS) for m in rows)
    ethnic = Counter((m.ethnic_group or "Kinh").strip() or "Kinh" for m in rows)
    religion = Counter((m.religion or "Không").strip() or "Không" for m in rows)
    education = Counter((m.education or "Chưa ghi").strip() or "Chưa ghi" for m in rows)
    theory_labels = dict(TheoryLevel.choices)
    theory = Counter(theory_labels.get(m.theory_level or "", m.theory_level) for m in rows)
    page = Counter(_band(party_age(cast(Any, m), p.on, events[m.pk]), PARTY_AGE_BANDS) for m in rows)
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
