"""The indicator registry: each indicator has a code (the API's), a Vietnamese name, a unit, its definition
written out, and a compute function over (organisation subtree, period) that delegates to the selectors of the
app owning the fact. "As of" rules: the subtree is the one the organisation had at the end of the period (the
tree of that date, OrgPathSpan), every row is placed by where it stood on its own date, so a later
restructuring does not move a past figure."""

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse

from dangvu.admissions.selectors import admission_figures, admissions_count
from dangvu.enterprises.models import MassOrganization, MassOrgKind
from dangvu.enterprises.selectors import facts_on, scope_enterprises
from dangvu.members.badges import badges_awarded_in
from dangvu.members.selectors import headcount
from dangvu.orgs.models import CELL_KINDS, GRASSROOTS_KINDS, Organization, OrgEvent, OrgEventKind, OrgPathSpan, Sector
from dangvu.orgs.selectors import on_date_q, path_on
from dangvu.ratings.rules import MASS_ORG_LEVELS, MeetingGrade
from dangvu.ratings.selectors import mass_org_ratings_for, rating_results, regular_meeting_grades

from .models import ManualValue

TWO = Decimal("0.01")


@dataclass(frozen=True)
class Span:
    """What an indicator is computed over: the user's view of one organisation's subtree in [start, end]."""

    user: Any
    org: Organization
    start: date
    end: date
    # Figures shared by several indicators within one computation (admission figures feed two of them).
    memo: dict[Any, Any] = field(default_factory=dict, compare=False, hash=False)


@dataclass(frozen=True)
class Indicator:
    code: str
    name: str
    unit: str
    definition: str
    compute: Callable[[Span], Decimal | None] | None = None  # None: a manual indicator
    list_url: Callable[[Span], str] | None = None
    percent: bool = False

    @property
    def manual(self) -> bool:
        return self.compute is None


def _pct(part: int, whole: int) -> Decimal | None:
    return (Decimal(100 * part) / Decimal(whole)).quantize(TWO, ROUND_HALF_UP) if whole else None


def _dec(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value)).quantize(TWO, ROUND_HALF_UP)


def _q(name: str, **params: Any) -> str:
    return f"{reverse(name)}?{urlencode({k: v for k, v in params.items() if v is not None})}"


# ---------------------------------------------------------------- computed indicators


def _admission_figures(s: Span) -> Any:
    key = ("admission_figures", s.org.pk, s.start, s.end)
    if key not in s.memo:
        s.memo[key] = admission_figures(s.user, s.org, start=s.start, end=s.end)
    return s.memo[key]


def admissions(s: Span) -> Decimal:
    """admission_figures(...).admitted, counted alone (one query) unless the figures were built already."""
    key = ("admission_figures", s.org.pk, s.start, s.end)
    if key in s.memo:
        return Decimal(s.memo[key].admitted)
    return Decimal(admissions_count(s.user, s.org, start=s.start, end=s.end))


def course_participants(s: Span) -> Decimal:
    return Decimal(sum(_admission_figures(s).participants.values()))


def members_at_end(s: Span) -> Decimal:
    return Decimal(headcount(s.org, s.end))


def _founded(s: Span, *, non_state: bool) -> Decimal:
    path = path_on(s.org.pk, s.end)
    if path is None:
        return Decimal(0)
    then = OrgPathSpan.objects.filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("effective_on")),
        organization_id=OuterRef("organization_id"), valid_from__lte=OuterRef("effective_on"),
        path__startswith=path,
    )
    qs = OrgEvent.objects.filter(
        kind=OrgEventKind.FOUNDED, effective_on__gte=s.start, effective_on__lte=s.end,
    ).filter(  # the kind it was founded as (a later kind change does not rewrite the year it was founded in)
        Q(org_kind__in=GRASSROOTS_KINDS) | Q(org_kind="", organization__kind__in=GRASSROOTS_KINDS)
    ).filter(Exists(then))
    if non_state:
        qs = qs.filter(organization__sector=Sector.NON_STATE_ENTERPRISE)
    return Decimal(qs.values("organization_id").distinct().count())


def new_grassroots_orgs(s: Span) -> Decimal:
    return _founded(s, non_state=False)


def new_grassroots_orgs_non_state(s: Span) -> Decimal:
    return _founded(s, non_state=True)


def _rating_results(s: Span) -> Any:
    """The year's rating results, built once for the indicators that read them (organisations and members)."""
    key = ("rating_results", s.org.pk, s.end.year)
    if key not in s.memo:
        s.memo[key] = rating_results(s.user, s.org.pk, s.end.year, compare=False)
    return s.memo[key]


def orgs_good_or_better_percent(s: Span) -> Decimal | None:
    return _dec(_rating_results(s).organizations.good_or_better_share)


def members_good_or_better_percent(s: Span) -> Decimal | None:
    return _dec(_rating_results(s).all_members.good_or_better_share)


def mass_orgs_strong_percent(s: Span) -> Decimal | None:
    enterprises = list(scope_enterprises(s.user, s.org, s.end))
    orgs = [mf.mass_org for f in facts_on(enterprises, s.end) if f.exists for mf in f.mass.values()]
    levels = mass_org_ratings_for(list(orgs), s.end.year) if orgs else {}
    rated = [m for m in orgs if m.pk in levels]
    strong = [m for m in rated if MASS_ORG_LEVELS.get(m.kind) and levels[m.pk] == MASS_ORG_LEVELS[m.kind][0][0]]
    return _pct(len(strong), len(rated))


def _new_mass(s: Span, kinds: list[str]) -> Decimal:
    enterprise_ids = scope_enterprises(s.user, s.org, s.end).values("pk")
    return Decimal(
        MassOrganization.objects.filter(
            kind__in=kinds, founded_on__gte=s.start, founded_on__lte=s.end, enterprise_id__in=enterprise_ids
        ).count()
    )


def new_trade_unions_non_state(s: Span) -> Decimal:
    return _new_mass(s, [MassOrgKind.TRADE_UNION])


def new_youth_orgs_non_state(s: Span) -> Decimal:
    return _new_mass(s, [MassOrgKind.YOUTH_UNION, MassOrgKind.YOUTH_FEDERATION])


def meetings_good_percent(s: Span) -> Decimal | None:
    """Regular monthly meetings graded Tốt over those graded (ratings.selectors.regular_meeting_grades: thematic
    meetings are not the monthly meeting the rule grades), cells of the subtree at the period's end."""
    path = path_on(s.org.pk, s.end)
    if path is None:
        return None
    cells = OrgPathSpan.objects.filter(
        on_date_q(s.end), path__startswith=path, organization__kind__in=CELL_KINDS
    ).values("organization_id")
    counts = regular_meeting_grades(cells, s.start, s.end)
    return _pct(counts[MeetingGrade.GOOD.value], sum(counts.values()))


def badges_awarded(s: Span) -> Decimal:
    """Badges presented in the period to members of the subtree (members.badges.badges_awarded_in)."""
    return Decimal(len(badges_awarded_in(s.user, s.org, start=s.start, end=s.end)))


# ---------------------------------------------------------------- links to the list behind a figure


def _members_link(s: Span) -> str:
    return _q("member_list", organization_id=s.org.pk, on=s.end.isoformat())


def _admissions_link(s: Span) -> str:
    return _q("admissions:figures", organization_id=s.org.pk, **{"from": s.start.isoformat(), "to": s.end.isoformat()})


def _ratings_link(s: Span) -> str:
    return _q("ratings:results", organization_id=s.org.pk, year=s.end.year)


def _meetings_link(s: Span) -> str:
    return _q("ratings:meetings", organization_id=s.org.pk, year=s.end.year, month=s.end.month)


def _coverage_link(s: Span) -> str:
    return _q("enterprise_coverage", scope_id=s.org.pk, on=s.end.isoformat())


def _founded_link(s: Span) -> str:
    query = urlencode({"organization_id": s.org.pk, "from": s.start.isoformat(), "to": s.end.isoformat()})
    return f"{reverse('report_page', args=['organizations-founded'])}?{query}"


INDICATORS: dict[str, Indicator] = {
    i.code: i
    for i in [
        Indicator(
            "admissions", "Kết nạp đảng viên mới", "đảng viên",
            "Số quyết định kết nạp (không tính kết nạp lại) có ngày quyết định trong kỳ, của các tổ chức đảng "
            "thuộc cấp ủy vào ngày kết nạp; quyết định đã hủy không tính.",
            admissions, _admissions_link,
        ),
        Indicator(
            "members_at_end", "Tổng số đảng viên cuối kỳ", "đảng viên",
            "Số đảng viên (chính thức và dự bị, kể cả miễn sinh hoạt) sinh hoạt tại các tổ chức thuộc cấp ủy "
            "vào cuối ngày cuối kỳ, theo cây tổ chức của ngày đó; đảng viên sinh hoạt tạm thời tính ở nơi đi.",
            members_at_end, _members_link,
        ),
        Indicator(
            "new_grassroots_orgs", "Thành lập mới tổ chức cơ sở đảng", "tổ chức",
            "Số đảng bộ cơ sở, chi bộ cơ sở có quyết định thành lập (kể cả do chia tách) trong kỳ, thuộc cấp ủy "
            "vào ngày thành lập.",
            new_grassroots_orgs, _founded_link,
        ),
        Indicator(
            "new_grassroots_orgs_non_state",
            "Thành lập tổ chức cơ sở đảng trong doanh nghiệp ngoài khu vực nhà nước", "tổ chức",
            "Như chỉ tiêu thành lập mới tổ chức cơ sở đảng, chỉ tính tổ chức thuộc khối doanh nghiệp ngoài khu "
            "vực nhà nước (tư nhân, có vốn đầu tư nước ngoài, hợp tác xã).",
            new_grassroots_orgs_non_state, _founded_link,
        ),
        Indicator(
            "orgs_good_or_better_percent", "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên", "%",
            "Số tổ chức cơ sở đảng xếp loại hoàn thành xuất sắc hoặc hoàn thành tốt nhiệm vụ chia cho số tổ chức "
            "được xếp loại, trong các đợt đánh giá đã khóa sổ của năm cuối kỳ, nhân 100.",
            orgs_good_or_better_percent, _ratings_link, True,
        ),
        Indicator(
            "members_good_or_better_percent", "Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên", "%",
            "Số đảng viên (chính thức và dự bị) xếp loại hoàn thành xuất sắc hoặc hoàn thành tốt nhiệm vụ chia "
            "cho số đảng viên được xếp loại, trong các đợt đánh giá đã khóa sổ của năm cuối kỳ, nhân 100.",
            members_good_or_better_percent, _ratings_link, True,
        ),
        Indicator(
            "mass_orgs_strong_percent", "Tỷ lệ tổ chức đoàn thể vững mạnh", "%",
            "Số tổ chức đoàn thể trong doanh nghiệp ngoài khu vực nhà nước thuộc phạm vi cấp ủy được xếp mức cao "
            "nhất của loại mình (vững mạnh) trong năm cuối kỳ, chia cho số tổ chức đoàn thể được xếp loại năm đó, "
            "nhân 100.",
            mass_orgs_strong_percent, _coverage_link, True,
        ),
        Indicator(
            "new_trade_unions_non_state", "Thành lập công đoàn cơ sở trong doanh nghiệp ngoài khu vực nhà nước",
            "tổ chức",
            "Số công đoàn cơ sở có ngày thành lập trong kỳ, tại các doanh nghiệp do cấp ủy theo dõi vào cuối kỳ.",
            new_trade_unions_non_state, _coverage_link,
        ),
        Indicator(
            "new_youth_orgs_non_state",
            "Thành lập tổ chức Đoàn, Hội Liên hiệp thanh niên trong doanh nghiệp ngoài khu vực nhà nước", "tổ chức",
            "Số tổ chức cơ sở Đoàn TNCS Hồ Chí Minh và Hội Liên hiệp thanh niên Việt Nam có ngày thành lập trong "
            "kỳ, tại các doanh nghiệp do cấp ủy theo dõi vào cuối kỳ.",
            new_youth_orgs_non_state, _coverage_link,
        ),
        Indicator(
            "course_participants", "Học viên các lớp bồi dưỡng", "học viên",
            "Số lượt học viên của các lớp (nhận thức về Đảng, đảng viên mới và lớp khác) do tổ chức thuộc cấp ủy "
            "mở, có ngày kết thúc trong kỳ.",
            course_participants, _admissions_link,
        ),
        Indicator(
            "meetings_good_percent", "Tỷ lệ buổi sinh hoạt chi bộ thường kỳ xếp loại Tốt", "%",
            "Số buổi sinh hoạt chi bộ thường kỳ trong các tháng của kỳ được xếp loại Tốt chia cho số buổi đã "
            "chấm điểm (buổi sinh hoạt chuyên đề không tính), của các chi bộ thuộc cấp ủy vào cuối kỳ, nhân 100.",
            meetings_good_percent, _meetings_link, True,
        ),
        Indicator(
            "badges_awarded", "Trao tặng Huy hiệu Đảng", "huy hiệu",
            "Số Huy hiệu Đảng (30 đến 90 năm tuổi đảng, kể cả trao sớm, truy tặng) có ngày trao trong kỳ, cho "
            "đảng viên sinh hoạt tại tổ chức thuộc cấp ủy khi được trao; huy hiệu đã hủy không tính.",
            badges_awarded, _members_link,
        ),
        Indicator(
            "resolutions_issued", "Nghị quyết chuyên đề ban hành", "nghị quyết",
            "Nhập tay: số nghị quyết chuyên đề cấp ủy ban hành trong kỳ, kèm ghi chú và văn bản minh chứng.",
        ),
        Indicator(
            "cadres_trained", "Cán bộ được cử đi đào tạo lý luận chính trị", "người",
            "Nhập tay: số cán bộ được cử đi học trung cấp, cao cấp lý luận chính trị trong kỳ, kèm văn bản.",
        ),
    ]
}


def indicator_get(code: str) -> Indicator | None:
    return INDICATORS.get(code)


def manual_value(org: Organization, code: str, start_year: int, end_year: int) -> ManualValue | None:
    """The latest entry of a manual indicator for the organisation and period."""
    return (
        ManualValue.objects.filter(organization=org, indicator=code, start_year=start_year, end_year=end_year)
        .order_by("-recorded_at", "-id").first()
    )
