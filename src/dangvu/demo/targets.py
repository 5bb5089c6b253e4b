"""Demo data of the targets app, called by dangvu.demo.generator after the other apps' data exist
(DEMO_EXTENSIONS): the bloc committee's targets for the last three years (the two closed ones and the current
one), set against what the records show so that some are met, some exceeded and one not met, as in the
committees' own reviews ("kết nạp 103/80, vượt 28,75%"); one target is split among three organisations."""

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from dangvu.core.audit import audit
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization, OrgKind
from dangvu.orgs.scope import Scope
from dangvu.targets.models import Comparison, Target
from dangvu.targets.selectors import indicator_value


class _System:
    """Reads the records with a province-wide scope (no user is signed in while the demo is built)."""

    is_authenticated = True
    is_superuser = True
    pk = None

    def __init__(self) -> None:
        self._dangvu_scope = Scope(True, frozenset(), frozenset(), {})


def _whole(v: Decimal) -> Decimal:
    return v.quantize(Decimal(1), ROUND_HALF_UP)


def extend(*, seed: int, scale: str, today: Any, out: Any = None) -> dict[str, Any]:
    bloc = Organization.objects.filter(kind=OrgKind.BLOC_COMMITTEE).order_by("id").first()
    if bloc is None:
        return {}
    user = _System()
    made: list[Target] = []
    cache: dict[tuple[str, date, date], Decimal] = {}
    for year in (today.year - 2, today.year - 1, today.year):
        start, end = date(year, 1, 1), min(today, date(year, 12, 31))

        def actual(code: str, s: date = start, e: date = end) -> Decimal:
            if (code, s, e) not in cache:
                cache[(code, s, e)] = indicator_value(user, code, bloc, start=s, end=e) or Decimal(0)
            return cache[(code, s, e)]

        closed = year < today.year
        admitted = actual("admissions")
        # Admissions: exceeded in the closed years (the target 80% of what was achieved: "vượt 25%"); the current
        # year's target is the last year's result, still in progress.
        adm_target = _whole(admitted * Decimal("0.8")) if closed else _whole(actual(
            "admissions", date(year - 1, 1, 1), date(year - 1, 12, 31)))
        rows: list[tuple[str, str, Decimal, Decimal | None, str]] = [
            ("admissions", Comparison.AT_LEAST, max(adm_target, Decimal(1)), None, "Kết nạp đảng viên mới")
        ]
        if not closed or actual("new_grassroots_orgs_non_state") > 0:
            rows.append(("new_grassroots_orgs_non_state", Comparison.BETWEEN, Decimal(1), Decimal(2),
                         "Phát triển từ 1 đến 2 tổ chức cơ sở đảng trong doanh nghiệp ngoài khu vực nhà nước"))
        rows.append(("orgs_good_or_better_percent", Comparison.AT_LEAST, Decimal(85), None,
                     "Tỷ lệ tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ trở lên đạt 85%"))
        # The bloc's members' share is set where the closed years reached it (85%, as in 2022's resolution).
        members_share = actual("members_good_or_better_percent")
        members_target = Decimal(90) if not closed or members_share >= 90 else Decimal(85)
        rows.append(("members_good_or_better_percent", Comparison.AT_LEAST, members_target, None,
                     f"Tỷ lệ đảng viên hoàn thành tốt nhiệm vụ trở lên đạt {members_target}%"))
        participants = actual("course_participants")
        if year == today.year - 1:
            # The one not met: course participants set above what the courses reached.
            rows.append(("course_participants", Comparison.AT_LEAST, _whole(participants * Decimal("1.15")) + 20,
                         None, "Bồi dưỡng lý luận chính trị cho quần chúng ưu tú và đảng viên mới"))
        else:
            rows.append(("course_participants", Comparison.AT_LEAST, max(_whole(participants), Decimal(1)), None,
                         "Bồi dưỡng lý luận chính trị cho quần chúng ưu tú và đảng viên mới"))
        unions = actual("new_trade_unions_non_state")
        if not closed or unions > 0:
            rows.append(("new_trade_unions_non_state", Comparison.AT_LEAST, max(unions - 1, Decimal(1)), None,
                         "Thành lập công đoàn cơ sở trong doanh nghiệp ngoài khu vực nhà nước"))
        for code, comparison, value, value_max, note in rows:
            if closed and code != "course_participants" and not actual(code):
                continue  # nothing recorded for it that year (small demo scales): no target either
            made.append(Target(
                organization=bloc, indicator=code, year=year, start_year=year, end_year=year, comparison=comparison,
                value=value, value_max=value_max, note=note, document=f"01-NQ/ĐUK ({year})",
            ))
    Target.objects.bulk_create(made)
    # The current year's admissions target split among the three largest grassroots organisations.
    current = Target.objects.get(organization=bloc, indicator="admissions", start_year=today.year)
    children = list(Organization.objects.filter(parent=bloc, kind__in=GRASSROOTS_KINDS, dissolved_on__isnull=True)
                    .order_by("id")[:3])
    shares = [Target(organization=o, indicator="admissions", year=today.year, start_year=today.year,
                     end_year=today.year, comparison=Comparison.AT_LEAST,
                     value=max(_whole(current.value / 10), Decimal(1)), parent=current,
                     note=f"Phân bổ từ chỉ tiêu #{current.pk}") for o in children]
    Target.objects.bulk_create(shares)
    for t in Target.objects.filter(organization=bloc):
        audit(None, "target_create", t)
    return {"targets": len(made) + len(shares)}
