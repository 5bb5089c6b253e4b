"""Party badges (Huy hiệu Đảng, RULES.md "Badges"): who of a subtree is due a milestone on an occasion, and the
bulk award of one occasion. Party age is members.projection.party_age (gaps excluded), never recomputed here.

Lives beside the members services and selectors (not in them) so that the badge rules stay in one module:
`badges_due` is the selector, `badge_award` / `badge_void` the services."""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from dangvu.core.actors import Actor, recorded_by
from dangvu.core.audit import audit, snapshot
from dangvu.core.dates import add_months, add_years, format_date
from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.lookups import any_in
from dangvu.orgs.models import Organization, OrgPathSpan
from dangvu.orgs.scope import require, scope_of
from dangvu.orgs.selectors import on_date_q, path_on, segment_q

from .models import BadgeAward, EventKind, Member, MemberEvent, MembershipSpan, SpanEdge
from .projection import PARTY_AGE_KINDS, party_age
from .selectors import spans_in_subtree_on

# Hướng dẫn 01-HD/TW (2021) and the Central Committee's badge rules: milestones of party age.
MILESTONES: tuple[int, ...] = (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)
# Presentation days (day, month): 3/2, 19/5, 2/9, 7/11; a province adds its own in DANGVU_BADGE_OCCASIONS_EXTRA
# as [(day, month), ...] **(setting: occasions)**.
STANDARD_OCCASIONS: tuple[tuple[int, int], ...] = ((3, 2), (19, 5), (2, 9), (7, 11))
POSTHUMOUS_MONTHS = 12  # posthumous award up to 12 months early


def occasion_days() -> list[tuple[int, int]]:
    """(day, month) of every occasion: the four national ones and the province's own."""
    extra = [tuple(x) for x in getattr(settings, "DANGVU_BADGE_OCCASIONS_EXTRA", [])]
    return sorted({*STANDARD_OCCASIONS, *extra}, key=lambda dm: (dm[1], dm[0]))  # type: ignore[arg-type]


def occasions_of(year: int) -> list[date]:
    return [date(year, m, d) for d, m in occasion_days()]


def next_occasion(on: date) -> date:
    """The first occasion on or after `on`."""
    return min(d for y in (on.year, on.year + 1) for d in occasions_of(y) if d >= on)


def check_occasion(on: date) -> None:
    if (on.day, on.month) not in occasion_days():
        days = ", ".join(f"{d}/{m}" for d, m in occasion_days())
        raise DomainError(f"Ngày {format_date(on)} không phải đợt trao Huy hiệu Đảng ({days}).",
                          field="occasion_on", rule="badge_occasion")


def early_months(years: int) -> int:
    """Early award for serious illness: up to 12 months for 30–65 years, 24 months for 70–90 (RULES.md)."""
    return 24 if years >= 70 else 12


@dataclass
class BadgeDue:
    member_id: int
    full_name: str
    organization_id: int
    organization_name: str
    years: int
    party_age: int  # on the occasion (at death for a posthumous award)
    flag: str = ""  # "" due; "early": may be awarded early for serious illness; "posthumous"

    @property
    def flag_label(self) -> str:
        return {"early": "Xét trao sớm (ốm đau nặng)", "posthumous": "Xét truy tặng"}.get(self.flag, "")


class _Event(NamedTuple):
    """The fields of a MemberEvent that party_age and the badge rules read (voided events filtered out before)."""

    kind: str
    effective_on: date
    voided_at: None = None


def _due_for(member: Member, events: list[Any], awarded: set[int], on: date,
             died_on: date | None) -> tuple[int, int, str] | None:
    # Early awards are for serious illness, which the records do not hold: only members exempted from activity
    # (miễn sinh hoạt, for age or illness) are offered for that decision.
    """(milestone, party age, flag) the member is due on `on`, or None."""
    age_day = died_on if died_on is not None else on
    age = party_age(member, age_day, events)
    reached = [y for y in MILESTONES if y <= age]
    if reached and not any(a >= reached[-1] for a in awarded):
        return reached[-1], age, "posthumous" if died_on else ""
    upcoming = [y for y in MILESTONES if y > age and y not in awarded]
    if not upcoming or (died_on is None and not member.exempted):
        return None
    years = upcoming[0]
    months = POSTHUMOUS_MONTHS if died_on else early_months(years)
    # Party age reached within the window (for the dead: had they lived), gaps already in the history excluded.
    if party_age(member, add_months(age_day, months), [e for e in events if e.kind != EventKind.DECEASED]) >= years:
        return years, age, "posthumous" if died_on else "early"
    return None


def badges_due(user: Any, org: Organization, occasion_on: date) -> list[BadgeDue]:
    """Members of the organisation's subtree on the occasion who reach a milestone by that day and do not hold it
    (the highest reached), then, flagged for a decision, members exempted from activity within the early-award
    window and members who died in the 12 months before with a milestone reached or within 12 months. A fixed
    number of queries."""
    if not scope_of(user).sees(org.pk):
        raise NotVisible
    path = path_on(org.pk, occasion_on)
    if path is None:
        return []
    oldest = add_years(occasion_on, -(MILESTONES[0] - 2))  # admitted 28 years ago at most: 24 months early
    living = dict(
        spans_in_subtree_on(path, occasion_on).filter(member__admitted_on__lte=oldest)
        .values_list("member_id", "organization_id")
    )
    orgs_then = OrgPathSpan.objects.filter(on_date_q(occasion_on), path__startswith=path).values("organization_id")
    dead = {
        mid: (o, d) for mid, o, d in MembershipSpan.objects.filter(
            end_kind=SpanEdge.DECEASED, valid_to__lte=occasion_on,
            valid_to__gt=add_months(occasion_on, -POSTHUMOUS_MONTHS), organization_id__in=orgs_then,
            member__admitted_on__lte=oldest,
        ).values_list("member_id", "organization_id", "valid_to")
    }
    ids = set(living) | set(dead)
    if not ids:
        return []
    members = Member.objects.filter(any_in("pk", ids)).select_related("organization").only(
        "pk", "full_name", "admitted_on", "sort_key", "exempted", "organization__name"
    )
    # Only the events party age reads (DECEASED among them), as light rows: ~4.000 MemberEvent instances were most of
    # the badges page at bloc scale.
    events: dict[int, list[Any]] = defaultdict(list)
    for mid, kind, effective_on in (
        MemberEvent.objects.filter(any_in("member_id", ids), voided_at__isnull=True, kind__in=PARTY_AGE_KINDS)
        .order_by("effective_on", "id").values_list("member_id", "kind", "effective_on")
    ):
        events[mid].append(_Event(kind, effective_on))
    awarded: dict[int, set[int]] = defaultdict(set)
    for mid, y in BadgeAward.objects.filter(any_in("member_id", ids), voided_at__isnull=True).values_list("member_id",
                                                                                                    "years"):
        awarded[mid].add(y)
    org_ids = set(living.values()) | {o for o, _ in dead.values()}
    names = dict(Organization.objects.filter(any_in("pk", org_ids)).values_list("pk", "name"))
    rows: list[tuple[int, str, str, BadgeDue]] = []
    for m in members:
        died = dead.get(m.pk)
        due = _due_for(m, events[m.pk], awarded[m.pk], occasion_on, died[1] if died and m.pk not in living else None)
        if due is None:
            continue
        org_id = living.get(m.pk) or (died[0] if died else m.organization_id)
        years, age, flag = due
        row = BadgeDue(m.pk, m.full_name, org_id, names.get(org_id, ""), years, age, flag)
        rows.append(({"": 0, "early": 1, "posthumous": 2}[flag], row.organization_name, m.sort_key, row))
    rows.sort(key=lambda r: (r[0], r[1], r[2]))
    return [r[3] for r in rows]


@dataclass
class BadgeItem:
    member: Member
    years: int
    early: bool = False
    posthumous: bool = False


def _died_on(events: list[MemberEvent]) -> date | None:
    return next((e.effective_on for e in reversed(events) if e.kind == EventKind.DECEASED), None)


def _check_item(item: BadgeItem, events: list[MemberEvent], awarded: set[int], occasion_on: date) -> int:
    """The party age the award is granted at; refuses a milestone not reached (nor within an early window the
    decision invokes) and a milestone already held."""
    m, years = item.member, item.years
    if years not in MILESTONES:
        raise DomainError(f"{m.full_name}: không có mốc Huy hiệu {years} năm.", field="years", rule="badge_milestone")
    if years in awarded:
        raise DomainError(f"{m.full_name} đã được trao Huy hiệu {years} năm tuổi Đảng.", field="items",
                          rule="badge_duplicate")
    died = _died_on(events)
    if item.posthumous and died is None:
        raise DomainError(f"{m.full_name}: chỉ truy tặng cho đảng viên đã từ trần.", field="items",
                          rule="badge_not_due")
    age_day = died if died is not None and died <= occasion_on else occasion_on
    age = party_age(m, age_day, events)
    if age >= years:
        return age
    months = POSTHUMOUS_MONTHS if item.posthumous else early_months(years) if item.early else 0
    alive_events = [e for e in events if e.kind != EventKind.DECEASED]
    if months and party_age(m, add_months(age_day, months), alive_events) >= years:
        return age
    raise DomainError(
        f"{m.full_name} chưa đủ {years} năm tuổi Đảng vào ngày {format_date(occasion_on)} (tuổi đảng {age} năm"
        f"{', kể cả thời hạn trao sớm' if months else ''}).",
        field="items", rule="badge_not_due",
    )


@transaction.atomic
def badge_award(*, actor: Actor, occasion_on: date, document: str, items: list[BadgeItem],
                awarded_on: date | None = None) -> list[BadgeAward]:
    """Present the badges of one occasion in bulk under one decision; all or nothing. Each member must be in the
    actor's scope, have reached the milestone (or be within the early/posthumous window the decision invokes)
    and not hold it already."""
    check_occasion(occasion_on)
    document = (document or "").strip()
    if not document:
        raise DomainError("Chưa nhập quyết định trao Huy hiệu Đảng.", field="document", rule="required")
    if len(document) > 64:
        raise DomainError("Số quyết định dài quá 64 ký tự.", field="document", rule="max_length")
    if not items:
        raise DomainError("Chưa chọn đảng viên nào.", field="items", rule="required")
    awarded_on = awarded_on or occasion_on
    ids = [i.member.pk for i in items]
    if len(set(ids)) != len(ids):
        raise DomainError("Một đảng viên được chọn hai lần trong cùng đợt.", field="items", rule="badge_duplicate")
    members = {m.pk: m for m in Member.objects.select_for_update().filter(pk__in=ids).select_related("organization")}
    events: dict[int, list[MemberEvent]] = defaultdict(list)
    for ev in MemberEvent.objects.filter(member_id__in=ids, voided_at__isnull=True).order_by("effective_on", "id"):
        events[ev.member_id].append(ev)
    awarded: dict[int, set[int]] = defaultdict(set)
    for m_id, y in BadgeAward.objects.filter(member_id__in=ids, voided_at__isnull=True).values_list("member_id",
                                                                                                     "years"):
        awarded[m_id].add(y)
    rows = []
    for item in items:
        member = members[item.member.pk]
        require(actor, "record_member", member.organization)
        item.member = member
        age = _check_item(item, events[member.pk], awarded[member.pk], occasion_on)
        rows.append(BadgeAward(
            member=member, years=item.years, occasion_on=occasion_on, awarded_on=awarded_on, document=document,
            party_age=age, early=item.early and age < item.years, posthumous=item.posthumous,
            organization_id=member.organization_id, recorded_by=recorded_by(actor),
        ))
    try:
        with transaction.atomic():
            created = BadgeAward.objects.bulk_create(rows)
    except IntegrityError:  # a concurrent award of the same milestone
        raise DomainError("Huy hiệu này vừa được trao cho đảng viên.", field="items", rule="badge_duplicate") from None
    if not all(a.pk for a in created):  # databases that do not return ids from bulk inserts
        created = list(BadgeAward.objects.filter(member_id__in=ids, occasion_on=occasion_on, voided_at__isnull=True,
                                                 document=document))
    for a in created:
        audit(actor, "badge_award", a)
    return created


@transaction.atomic
def badge_void(*, actor: Actor, award: BadgeAward, reason: str) -> BadgeAward:
    """Void an award recorded by mistake (kept with the reason): it no longer counts (badges_awarded, the member's
    page) and the milestone may be awarded again."""
    require(actor, "record_member", award.member.organization)
    award = BadgeAward.objects.select_for_update().get(pk=award.pk)
    if award.voided_at is not None:
        raise DomainError("Huy hiệu này đã được hủy ghi tặng.", field="award", rule="already_voided")
    reason = (reason or "").strip()
    if not reason:
        raise DomainError("Chưa nhập «Lý do hủy».", field="reason", rule="required")
    if len(reason) > 255:
        raise DomainError("«Lý do hủy» dài quá 255 ký tự.", field="reason", rule="max_length")
    before = snapshot(award)
    award.voided_at, award.void_reason = timezone.now(), reason
    award.save(update_fields=["voided_at", "void_reason"])
    audit(actor, "badge_void", award, before=before, after=snapshot(award))
    return award


def badges_of(member: Member) -> list[BadgeAward]:
    """The member's badges, newest first (voided ones left out)."""
    return list(member.badges.filter(voided_at__isnull=True).order_by("-years"))


def badges_awarded_in(user: Any, org: Organization, *, start: date, end: date) -> list[BadgeAward]:
    """Awards presented in [start, end] to members of the organisation's subtree (by the organisation they
    belonged to when awarded), oldest occasion first."""
    if not scope_of(user).sees(org.pk):
        raise NotVisible
    return list(_awarded(org, start=start, end=end).select_related("member", "organization")
                .order_by("occasion_on", "years", "member__sort_key"))


def _awarded(org: Organization, *, start: date, end: date) -> QuerySet[BadgeAward]:
    """The one definition of the awards of a subtree in a period (voided ones left out): an award counts where its
    organisation stood on the day it was presented, so a later move or reorganisation does not carry past awards
    to the new committee (nor later ones back to the dissolved one)."""
    then = OrgPathSpan.objects.filter(
        segment_q(org.pk), organization_id=OuterRef("organization_id"), valid_from__lte=OuterRef("awarded_on"),
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gt=OuterRef("awarded_on")))
    return BadgeAward.objects.filter(Exists(then), awarded_on__gte=start, awarded_on__lte=end,
                                     voided_at__isnull=True)


@dataclass
class BadgeYear:
    year: int
    total: int
    by_milestone: list[tuple[int, int]]  # (years, count), smallest milestone first


def badges_by_year(user: Any, org: Organization, *, end: date) -> list[BadgeYear]:
    """Awards presented up to `end` in the organisation's subtree (as badges_awarded_in counts them), per year,
    newest first; one query."""
    if not scope_of(user).sees(org.pk):
        raise NotVisible
    counts: dict[int, dict[int, int]] = defaultdict(dict)
    rows = (_awarded(org, start=date(1930, 1, 1), end=end).values_list("awarded_on__year", "years")
            .annotate(n=Count("id")).order_by())
    for y, years, n in rows:
        counts[y][years] = n
    return [BadgeYear(y, sum(c.values()), sorted(c.items())) for y, c in sorted(counts.items(), reverse=True)]
