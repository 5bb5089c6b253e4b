"""Ratings, meeting grades, enterprise coverage, targets and achievement."""

from collections import Counter
from datetime import date
from typing import Any

from dangvu.core.dates import format_date
from dangvu.core.text import format_number
from dangvu.enterprises.models import MassOrgKind
from dangvu.enterprises.selectors import coverage
from dangvu.ratings.rules import LEVEL_ORDER, MeetingGrade
from dangvu.ratings.selectors import meetings_month, rating_results
from dangvu.targets.selectors import target_report

from ..model import DECIMAL, PERCENT, TEXT, Chart, Column, Report, Table
from .common import SOURCE, Params, _day, _dec, _dec_text, _float, _name


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


def meetings_report(p: Params) -> Report:
    last = p.on.month if p.on.year == p.year else 12
    rows: list[list[Any]] = []
    totals: Counter[str] = Counter()
    thematic_total = 0
    for month in range(1, last + 1):
        mv = meetings_month(p.user, p.org.pk, p.year, month)
        g = mv.grade_counts
        totals.update(g)
        thematic_total += mv.thematic_count
        # At a quarter's end: cells of that date without the thematic meeting the quarter needs (Hướng dẫn 12).
        lacking = len(mv.lacking_thematic) if mv.quarter_closed else None
        rows.append(
            [
                f"Tháng {month}/{p.year}",
                len(mv.rows),
                mv.done,
                *[g[x.value] for x in MeetingGrade],
                mv.thematic_count,
                lacking,
            ]
        )
    graded = sum(totals.values())
    rows.append(["Cả năm", None, graded, *[totals[x.value] for x in MeetingGrade], thematic_total, None])
    cols = (
        [
            Column("month", "Tháng", TEXT),
            Column("cells", "Số chi bộ"),
            Column("recorded", "Đã chấm sinh hoạt thường kỳ"),
        ]
        + [Column(x.value, x.label) for x in MeetingGrade]
        + [
            Column("thematic", "Buổi sinh hoạt chuyên đề"),
            Column("lacking_thematic", "Chi bộ chưa sinh hoạt chuyên đề trong quý"),
        ]
    )
    chart = Chart(
        f"Xếp loại sinh hoạt chi bộ thường kỳ năm {p.year}",
        [x.label for x in MeetingGrade],
        [float(totals[x.value]) for x in MeetingGrade],
    )
    return Report(
        "meetings",
        f"Chất lượng sinh hoạt chi bộ năm {p.year}",
        _name(p.org, p.on),
        f"Năm {p.year}",
        f"{SOURCE}: kết quả chấm điểm sinh hoạt chi bộ (thường kỳ hằng tháng, chuyên đề ít nhất mỗi quý một lần — "
        "Hướng dẫn 12-HD/BTCTW) theo bộ tiêu chí của cấp ủy.",
        [Table("Xếp loại sinh hoạt chi bộ theo tháng", cols, rows)],
        [chart],
        [
            f"{format_number(graded)} buổi sinh hoạt thường kỳ được chấm điểm, "
            f"{format_number(totals[MeetingGrade.GOOD.value])} buổi xếp loại Tốt; "
            f"{format_number(thematic_total)} buổi sinh hoạt chuyên đề."
        ],
        p.org.pk,
        p.on,
        {
            "organization_id": p.org.pk,
            "year": p.year,
            "graded": graded,
            "grades": dict(totals),
            "thematic": thematic_total,
        },
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
