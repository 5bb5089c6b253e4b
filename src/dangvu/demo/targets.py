"""Demo data of the targets app, called by dangvu.demo.generator after the other apps' data and the 2025
reorganisation exist (DEMO_EXTENSIONS, last): the bloc committee's targets for its last three years, set against
what the records show so that some are met, some exceeded and one not met, as in the committees' own reviews
("kết nạp 103/80, vượt 28,75%"); a year the bloc was dissolved in is assessed to its last day. The current
year's targets go to the bloc, or to the committees founded when it was dissolved, one split among three
organisations."""

from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dangvu.core.audit import audit
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization, OrgKind
from dangvu.orgs.scope import Scope
from dangvu.targets.models import Comparison, Target
from dangvu.targets.selectors import indicator_value

Row = tuple[str, str, Decimal, Decimal | None, str]


class _System:
    """Reads the records with a province-wide scope (no user is signed in while the demo is built)."""

    is_authenticated = True
    is_superuser = True
    pk = None

    def __init__(self) -> None:
        self._dangvu_scope = Scope(True, frozenset(), frozenset(), {})


def _whole(v: Decimal) -> Decimal:
    return v.quantize(Decimal(1), ROUND_HALF_UP)


def _rows(org: Organization, year: int, end: date, closed: bool, not_met: bool) -> list[Row]:
    """The year's targets of `org`, set against its records over [1/1, end]."""
    user, start = _System(), date(year, 1, 1)

    def actual(code: str, s: date = start, e: date = end) -> Decimal:
        return indicator_value(user, code, org, start=s, end=e) or Decimal(0)

    admitted = actual("admissions")
    # Admissions exceeded in a closed year (the target 80% of the result); the current year's target is the last
    # year's result, in progress.
    adm = _whole(admitted * Decimal("0.8")) if closed else _whole(actual("admissions", date(year - 1, 1, 1),
                                                                         date(year - 1, 12, 31)))
    rows: list[Row] = [("admissions", Comparison.AT_LEAST, max(adm, Decimal(1)), None, "Kết nạp đảng viên mới")]
    if not closed or actual("new_grassroots_orgs_non_state") > 0:
        rows.append(("new_grassroots_orgs_non_state", Comparison.BETWEEN, Decimal(1), Decimal(2),
                     "Phát triển từ 1 đến 2 tổ chức cơ sở đảng trong doanh nghiệp ngoài khu vực nhà nước"))
    rows.append(("orgs_good_or_better_percent", Comparison.AT_LEAST, Decimal(85), None,
                 "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên đạt 85%"))
    share = actual("members_good_or_better_percent")
    members_target = Decimal(90) if not closed or share >= 90 else Decimal(85)
    rows.append(("members_good_or_better_percent", Comparison.AT_LEAST, members_target, None,
                 f"Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên đạt {members_target}%"))
    participants = actual("course_participants")
    # The one not met: course participants set above what the courses reached.
    value = _whole(participants * Decimal("1.15")) + 20 if not_met else max(_whole(participants), Decimal(1))
    rows.append(("course_participants", Comparison.AT_LEAST, value, None,
                 "Bồi dưỡng lý luận chính trị cho quần chúng ưu tú và đảng viên mới"))
    unions = actual("new_trade_unions_non_state")
    if not closed or unions > 0:
        rows.append(("new_trade_unions_non_state", Comparison.AT_LEAST, max(unions - 1, Decimal(1)), None,
                     "Thành lập công đoàn cơ sở trong doanh nghiệp ngoài khu vực nhà nước"))
    # In a closed year, nothing recorded for an indicator (small demo scales): no target for it either.
    return [r for r in rows if not closed or r[0] == "course_participants" or actual(r[0])]


def _targets(org: Organization, year: int, rows: list[Row]) -> list[Target]:
    return [Target(organization=org, indicator=code, year=year, start_year=year, end_year=year,
                   comparison=comparison, value=value, value_max=value_max, note=note,
                   document=f"01-NQ/{'ĐUK' if org.kind == OrgKind.BLOC_COMMITTEE else 'ĐU'} ({year})")
            for code, comparison, value, value_max, note in rows]


def extend(*, seed: int, scale: str, today: Any, out: Any = None) -> dict[str, Any]:
    bloc = Organization.objects.filter(kind=OrgKind.BLOC_COMMITTEE).order_by("id").first()
    if bloc is None:
        return {}
    last_day = min(today, bloc.dissolved_on - timedelta(days=1)) if bloc.dissolved_on else today
    made: list[Target] = []
    years = [last_day.year - 2, last_day.year - 1, last_day.year]
    for year in years:
        end = min(last_day, date(year, 12, 31))
        closed = end < today
        made += _targets(bloc, year, _rows(bloc, year, end, closed, not_met=year == years[1]))
    current_orgs = [bloc] if bloc.dissolved_on is None else list(
        Organization.objects.filter(parent_id=bloc.parent_id, founded_on=bloc.dissolved_on, dissolved_on__isnull=True)
        .order_by("id")
    )
    if bloc.dissolved_on is not None:
        for org in current_orgs:
            made += _targets(org, today.year, _rows(org, today.year, today, False, not_met=False))
    Target.objects.bulk_create(made)
    shares: list[Target] = []
    for org in current_orgs:
        # The current year's admissions target split among three of a committee's grassroots organisations.
        children = list(Organization.objects.filter(parent=org, kind__in=GRASSROOTS_KINDS, dissolved_on__isnull=True)
                        .order_by("id")[:3])
        if not children:
            continue
        current = Target.objects.get(organization=org, indicator="admissions", start_year=today.year)
        shares = [Target(organization=o, indicator="admissions", year=today.year, start_year=today.year,
                         end_year=today.year, comparison=Comparison.AT_LEAST,
                         value=max(_whole(current.value / 10), Decimal(1)), parent=current,
                         note=f"Phân bổ từ chỉ tiêu #{current.pk}") for o in children]
        Target.objects.bulk_create(shares)
        break
    for t in Target.objects.filter(organization__in=current_orgs + [bloc]):
        audit(None, "target_create", t)
    return {"targets": len(made) + len(shares)}
