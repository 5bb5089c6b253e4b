"""Reads of the ratings app: scoped to the user, "as of" the round's reference date, fixed query counts."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q, QuerySet

from dangvu.core.dates import last_day
from dangvu.core.errors import NotVisible
from dangvu.core.lookups import any_in
from dangvu.members.activity import exempted_in_subtree_on
from dangvu.orgs.models import CELL_KINDS, Organization, OrgPathSpan
from dangvu.orgs.picker import scope_organizations
from dangvu.orgs.scope import scope_of
from dangvu.orgs.selectors import names_on, on_date_q, org_get, path_on

from .models import CellMeeting, CriteriaSet, MassOrgRating, RatingEntry, RatingRound, RoundStatus, SubjectKind
from .population import Population, population_on
from .rules import (
    GOOD_OR_BETTER,
    LEVEL_ORDER,
    Level,
    MeetingGrade,
    MeetingKind,
    quarter_months,
    quarter_of,
    rating_setting,
    thematic_per_quarter,
    year_qualifies_good,
)

# ---------------------------------------------------------------- rating rounds


def _root_paths(user: Any) -> list[str]:
    scope = scope_of(user)
    return list(Organization.objects.filter(pk__in=scope.root_ids).values_list("path", flat=True))


def round_visible(user: Any, rnd: RatingRound) -> bool:
    """A round is visible to those who see its committee and to those working inside its subtree."""
    scope = scope_of(user)
    if scope.everything or getattr(user, "is_superuser", False) or scope.sees(rnd.organization_id):
        return True
    return any(p.startswith(rnd.path) for p in _root_paths(user))


def rating_round_get(user: Any, round_id: Any) -> RatingRound:
    try:
        rnd = RatingRound.objects.select_related("organization").get(pk=int(round_id))
    except (RatingRound.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotVisible from None
    if not round_visible(user, rnd):
        raise NotVisible
    return rnd


def rating_rounds_visible(user: Any) -> list[RatingRound]:
    """Rounds whose committee the user sees, or whose subtree holds one of the user's organisations."""
    scope = scope_of(user)
    rounds = list(RatingRound.objects.select_related("organization").order_by("-year", "path"))
    if scope.everything or getattr(user, "is_superuser", False):
        return rounds
    roots = _root_paths(user)
    return [r for r in rounds if scope.sees(r.organization_id) or any(p.startswith(r.path) for p in roots)]


def round_missing(
    rnd: RatingRound, *, user: Any = None
) -> tuple[list[tuple[int, str, int]], list[tuple[int, str]]]:
    """Members (id, name, cell) and grassroots organisations (id, name) without an entry yet; with `user`, only
    those in the user's scope (a cell secretary learns nothing of the other cells of the committee's round)."""
    pop = population_on(rnd.path, rnd.reference_on)
    sees = scope_of(user).sees if user is not None else (lambda _org_id: True)
    rated = set(
        RatingEntry.objects.filter(rating_round=rnd).values_list("subject_kind", "member_id", "organization_id")
    )
    # Members exempted from activity on the reference date may stay unrated ("không xếp loại", RULES.md).
    members_done = {m for k, m, _ in rated if k == SubjectKind.MEMBER} | round_exempted(rnd)
    orgs_done = {o for k, _, o in rated if k == SubjectKind.ORGANIZATION}
    members = [
        (i, name, cell) for i, (cell, _p, name) in pop.members.items() if i not in members_done and sees(cell)
    ]
    orgs = [
        (i, pop.org_names.get(i, "")) for i in sorted(pop.grassroots_ids, key=lambda i: pop.org_paths[i])
        if i not in orgs_done and sees(i)
    ]
    return members, orgs


def round_exempted(rnd: RatingRound) -> set[int]:
    """Members of the round exempted from activity on its reference date (members.activity). One query."""
    if not rating_setting("RATING_EXEMPTED_MAY_BE_UNRATED", True):
        return set()
    return exempted_in_subtree_on(rnd.path, rnd.reference_on)


@dataclass
class CellBlock:
    cell_id: int
    name: str
    rows: list[dict[str, Any]] = field(default_factory=list)
    parent_name: str = ""

    @property
    def missing(self) -> int:
        return sum(1 for r in self.rows if r["entry"] is None and not r["exempted"])


@dataclass
class UnitSummary:
    """One grassroots organisation of the round as the user sees it: its members, how many still unrated."""

    unit_id: int
    name: str
    members: int = 0
    missing: int = 0
    cells: int = 0


@dataclass
class RoundView:
    rnd: RatingRound
    cells: list[CellBlock]
    orgs: list[dict[str, Any]]
    missing_members: int
    missing_orgs: int
    members_total: int
    can_manage: bool
    units: list[UnitSummary] = field(default_factory=list)
    unit_id: int | None = None
    paged: bool = False  # too many members for one page: the entry forms come one grassroots organisation at a time
    exempted: int = 0  # members exempted from activity (may stay unrated), among those the user sees
    leadership: list[RatingEntry] = field(default_factory=list)  # leadership collectives' entries
    leaders: list[RatingEntry] = field(default_factory=list)  # leaders' entries
    committees: list[tuple[int, str]] = field(default_factory=list)  # organisations whose collective may be rated


# Up to this many members the user sees, every cell's form is on one page; above it, one organisation at a time.
ROUND_PAGE_MEMBERS = 300


def round_view(
    user: Any, rnd: RatingRound, *, cell_id: int | None = None, unit_id: int | None = None,
    page_members: int = ROUND_PAGE_MEMBERS,
) -> RoundView:
    """A summary per grassroots organisation (only the cells the user sees) and the members of the chosen one
    (or of every visible cell when they fit on a page) grouped by cell, each with its entry or a gap (members
    exempted from activity are no gap); the grassroots organisations' own entries; the leadership collectives' and
    leaders' entries (9 queries whatever the size; entries as instances only for the rows shown)."""
    from dangvu.orgs.scope import can

    scope = scope_of(user)
    pop = population_on(rnd.path, rnd.reference_on)
    # Who is rated, as plain tuples (a bloc's 8.600 entries as model instances cost ~0,7 s); the entries themselves
    # only for the rows shown below and the leadership (a few hundred at most).
    rated = {
        (kind, member_id or organization_id)
        for kind, member_id, organization_id in RatingEntry.objects.filter(
            rating_round=rnd, subject_kind__in=(SubjectKind.MEMBER, SubjectKind.ORGANIZATION)
        ).values_list("subject_kind", "member_id", "organization_id")
    }
    exempted = round_exempted(rnd)
    units: dict[int, UnitSummary] = {}
    visible: list[tuple[int, int, bool, str, int]] = []  # member, cell, probationary, name, grassroots
    missing = exempted_seen = 0
    for member_id, (cell, probationary, name) in pop.members.items():
        if not scope.sees(cell):  # counts too stay inside the user's scope
            continue
        gap = (SubjectKind.MEMBER.value, member_id) not in rated and member_id not in exempted
        missing += gap
        exempted_seen += member_id in exempted
        unit = pop.grassroots_of(cell)
        summary = units.setdefault(unit, UnitSummary(unit, pop.org_names.get(unit, "")))
        summary.members += 1
        summary.missing += gap
        visible.append((member_id, cell, probationary, name, unit))
    paged = len(visible) > page_members and cell_id is None and unit_id is None
    shown = [
        v for v in visible
        if not paged and (cell_id is None or v[1] == cell_id) and (unit_id is None or v[4] == unit_id)
    ]
    shown_orgs = [
        i for i in pop.grassroots_ids if scope.sees(i) and (unit_id is None or i == unit_id)
    ]
    entries: dict[tuple[str, int], RatingEntry] = {}
    leadership: list[RatingEntry] = []
    leaders: list[RatingEntry] = []
    wanted = Q(subject_kind__in=(SubjectKind.LEADERSHIP, SubjectKind.LEADER))
    if shown:
        wanted |= Q(subject_kind=SubjectKind.MEMBER, member_id__in=[v[0] for v in shown])
    if shown_orgs:
        wanted |= Q(subject_kind=SubjectKind.ORGANIZATION, organization_id__in=shown_orgs)
    for got in RatingEntry.objects.filter(wanted, rating_round=rnd).select_related("member", "organization").order_by(
        "path", "id"
    ):
        if got.subject_kind in (SubjectKind.MEMBER, SubjectKind.ORGANIZATION):
            entries[(got.subject_kind, got.member_id or got.organization_id or 0)] = got
        elif scope.sees(got.cell_id):
            (leadership if got.subject_kind == SubjectKind.LEADERSHIP else leaders).append(got)
    blocks: dict[int, CellBlock] = {}
    for member_id, cell, probationary, name, _unit in shown:
        e = entries.get((SubjectKind.MEMBER.value, member_id))
        block = blocks.get(cell)
        if block is None:
            segs = pop.org_paths.get(cell, "").rstrip(".").split(".")
            parent = pop.org_names.get(int(segs[-2]), "") if len(segs) > 1 else ""
            block = blocks[cell] = CellBlock(cell, pop.org_names.get(cell, ""), parent_name=parent)
            units[pop.grassroots_of(cell)].cells += 1
        block.rows.append({
            "id": member_id, "name": name, "probationary": probationary, "entry": e, "exempted": member_id in exempted,
            "key": f"m-{member_id}",
        })
    orgs = []
    missing_orgs = 0
    for org_id in sorted(pop.grassroots_ids, key=lambda i: pop.org_paths[i]):
        if not scope.sees(org_id):
            continue
        missing_orgs += (SubjectKind.ORGANIZATION.value, org_id) not in rated
        if unit_id is not None and org_id != unit_id:
            continue  # one grassroots organisation at a time: its own row only (the page stays < 500 KB)
        e = entries.get((SubjectKind.ORGANIZATION.value, org_id))
        orgs.append({"id": org_id, "name": pop.org_names.get(org_id, ""), "entry": e, "key": f"o-{org_id}"})
    cells = sorted(blocks.values(), key=lambda b: pop.org_paths.get(b.cell_id, ""))
    can_manage = can(user, "manage_org", rnd.organization)
    return RoundView(
        rnd, cells, orgs, missing, missing_orgs, len(visible), can_manage,
        units=sorted(units.values(), key=lambda u: pop.org_paths.get(u.unit_id, "")), unit_id=unit_id, paged=paged,
        exempted=exempted_seen,
        leadership=leadership, leaders=leaders,
        committees=[(i, pop.org_names.get(i, "")) for i in round_committee_ids(pop)] if can_manage else [],
    )


def round_committee_ids(pop: Population) -> list[int]:
    """The organisations of a round's population whose leadership collective it rates: every committee (not a
    cell) of the subtree on the reference date, in path order."""
    return [i for i in sorted(pop.org_paths, key=lambda i: pop.org_paths[i]) if pop.org_kinds.get(i) not in CELL_KINDS]


def round_committees(user: Any, rnd: RatingRound, *, ids: list[int] | None = None) -> QuerySet[Organization]:
    """The committees whose leadership collective `user` may pick in the round (the leadership form's picker and
    its JSON endpoint): `round_committee_ids` (or `ids`, already computed from the same population) in the user's
    scope; nothing for a user who does not manage the round's committee (the service's rule)."""
    from dangvu.orgs.scope import can

    if not can(user, "manage_org", rnd.organization):
        return Organization.objects.none()
    if ids is None:
        ids = round_committee_ids(population_on(rnd.path, rnd.reference_on, with_members=False))
    return scope_organizations(user).filter(pk__in=ids)


# ---------------------------------------------------------------- results


@dataclass
class LevelCounts:
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def share(self, level: str) -> float | None:
        return 100 * self.counts.get(level, 0) / self.total if self.total else None

    @property
    def good_or_better(self) -> int:
        return sum(self.counts.get(lv, 0) for lv in GOOD_OR_BETTER)

    @property
    def good_or_better_share(self) -> float | None:
        return 100 * self.good_or_better / self.total if self.total else None

    def rows(self) -> list[tuple[str, str, int, float | None]]:
        return [(lv.value, lv.label, self.counts.get(lv, 0), self.share(lv)) for lv in LEVEL_ORDER]


@dataclass
class RatingResults:
    organization: Organization
    year: int
    organizations: LevelCounts
    members: LevelCounts  # full members
    probationary: LevelCounts
    previous: "RatingResults | None" = None
    leadership: LevelCounts = field(default_factory=lambda: LevelCounts({}))  # leadership collectives
    leaders: LevelCounts = field(default_factory=lambda: LevelCounts({}))  # leaders (cán bộ lãnh đạo, quản lý)
    not_rated: int = 0  # members exempted from activity left "không xếp loại" (outside every share)

    @property
    def all_members(self) -> LevelCounts:
        c: Counter[str] = Counter(self.members.counts)
        c.update(self.probationary.counts)
        return LevelCounts(dict(c))

    def change(self, which: str) -> float | None:
        """Change of the "tốt trở lên" share against the previous year, in percentage points."""
        if self.previous is None:
            return None
        now = getattr(self, which).good_or_better_share
        before = getattr(self.previous, which).good_or_better_share
        return None if now is None or before is None else now - before


def _subtree_path(org: Organization, year: int) -> str:
    return path_on(org.pk, date(year, 12, 31)) or org.path


def _counts(path: str, year: int) -> tuple[LevelCounts, LevelCounts, LevelCounts]:
    orgs, members, prob, _lead, _leaders, _not_rated = _all_counts(path, year)
    return orgs, members, prob


def _all_counts(path: str, year: int) -> tuple[LevelCounts, LevelCounts, LevelCounts, LevelCounts, LevelCounts, int]:
    """Per subject kind the count of each level ("không xếp loại" apart, never inside a share). One query."""
    c: dict[tuple[str, bool], Counter[str]] = {}
    # Grouped in the database: a bloc year is ~9k entries, a province's ~100k.
    for kind, probationary, level, n in (
        RatingEntry.objects.filter(year=year, path__startswith=path, rating_round__status=RoundStatus.CLOSED)
        .values("subject_kind", "probationary", "level")
        .annotate(n=models.Count("id"))
        .values_list("subject_kind", "probationary", "level", "n")
    ):
        c.setdefault((kind, probationary), Counter())[level] += n
    not_rated = sum(counter.pop(Level.NOT_RATED.value, 0) for counter in c.values())

    def merged(kind: str) -> LevelCounts:
        both: Counter[str] = Counter()
        for p in (False, True):
            both.update(c.get((kind, p), Counter()))
        return LevelCounts(dict(both))

    return (
        LevelCounts(dict(c.get((SubjectKind.ORGANIZATION.value, False), Counter()))),
        LevelCounts(dict(c.get((SubjectKind.MEMBER.value, False), Counter()))),
        LevelCounts(dict(c.get((SubjectKind.MEMBER.value, True), Counter()))),
        merged(SubjectKind.LEADERSHIP.value),
        merged(SubjectKind.LEADER.value),
        not_rated,
    )


def rating_results(user: Any, organization_id: Any, year: int, *, compare: bool = True) -> RatingResults:
    """Counts and shares of each level in the subtree for the closed rounds of `year`, and the previous year."""
    org = org_get(user, organization_id)
    orgs, members, prob, leadership, leaders, not_rated = _all_counts(_subtree_path(org, year), year)
    results = RatingResults(org, year, orgs, members, prob, leadership=leadership, leaders=leaders,
                            not_rated=not_rated)
    if compare:
        p_orgs, p_members, p_prob = _counts(_subtree_path(org, year - 1), year - 1)
        results.previous = RatingResults(org, year - 1, p_orgs, p_members, p_prob)
    return results


def rating_result_list(
    user: Any, organization_id: Any, year: int, *, subject: str, level: str | None = None,
    probationary: bool | None = None,
) -> list[RatingEntry]:
    """The entries behind one figure of the results."""
    org = org_get(user, organization_id)
    qs = RatingEntry.objects.filter(
        year=year, path__startswith=_subtree_path(org, year), rating_round__status=RoundStatus.CLOSED,
        subject_kind=subject,
    ).select_related("member", "organization", "cell")
    if level:
        qs = qs.filter(level=level)
    if probationary is not None:
        qs = qs.filter(probationary=probationary)
    return list(qs.order_by("path", "member__sort_key", "id"))


# ---------------------------------------------------------------- meetings


def criteria_set_for(cell: Organization, on: date) -> CriteriaSet | None:
    """The criteria set in force on `on` adopted by the nearest committee above (or at) the cell."""
    path = path_on(cell.pk, on) or cell.path
    chain = [int(s) for s in path.rstrip(".").split(".") if s]
    sets = list(
        CriteriaSet.objects.filter(organization_id__in=chain, valid_from__lte=on)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on))
        .prefetch_related("criteria")
    )
    if not sets:
        return None
    return max(sets, key=lambda s: (chain.index(s.organization_id), s.valid_from, s.pk))


def criteria_sets_of(user: Any, organization_id: Any) -> list[CriteriaSet]:
    org = org_get(user, organization_id)
    chain = [int(s) for s in org.path.rstrip(".").split(".") if s]
    return list(
        CriteriaSet.objects.filter(Q(organization_id__in=chain) | Q(organization__path__startswith=org.path))
        .select_related("organization").prefetch_related("criteria").order_by("-valid_from", "id")
    )


@dataclass
class MonthRow:
    cell_id: int
    name: str
    meeting: CellMeeting | None  # the month's regular meeting
    parent_id: int | None = None
    parent_name: str = ""
    thematic: list[CellMeeting] = field(default_factory=list)  # thematic meetings of the month
    quarter_thematic: int = 0  # thematic meetings of the quarter up to the month's end

    @property
    def quarter_lacks_thematic(self) -> bool:
        """Fewer thematic meetings in the quarter so far than the rule asks (rules.thematic_per_quarter)."""
        return self.quarter_thematic < thematic_per_quarter()


@dataclass
class MonthGroup:
    """The cells of one committee in a month: those without a recorded meeting first."""

    parent_id: int | None
    name: str
    rows: list[MonthRow]

    @property
    def missing(self) -> int:
        return sum(1 for r in self.rows if r.meeting is None)


@dataclass
class MonthView:
    organization: Organization
    year: int
    month: int
    rows: list[MonthRow]

    @property
    def done(self) -> int:
        return sum(1 for r in self.rows if r.meeting is not None)

    @property
    def missing(self) -> list[MonthRow]:
        return [r for r in self.rows if r.meeting is None]

    @property
    def grade_counts(self) -> dict[str, int]:
        """Grades of the month's regular meetings."""
        c = Counter(r.meeting.grade for r in self.rows if r.meeting is not None)
        return {g.value: c.get(g.value, 0) for g in MeetingGrade}

    @property
    def thematic_count(self) -> int:
        """Thematic meetings held in the month."""
        return sum(len(r.thematic) for r in self.rows)

    @property
    def quarter(self) -> int:
        return quarter_of(self.month)

    @property
    def quarter_closed(self) -> bool:
        """The month is the quarter's last: a cell still without a thematic meeting missed the quarter's rule."""
        return self.month % 3 == 0

    @property
    def lacking_thematic(self) -> list[MonthRow]:
        return [r for r in self.rows if r.quarter_lacks_thematic]

    def groups(self, *, show: str = "all", q: str = "") -> list[MonthGroup]:
        """Rows grouped by the committee above each cell, committees with gaps first; `show` "missing"/"done"
        keeps only cells without/with a regular meeting, "no_thematic" those without a thematic meeting in the
        quarter so far; `q` (unaccented) matches the cell's or committee's name."""
        from dangvu.core.text import search_key

        words = search_key(q).split()
        groups: dict[int | None, MonthGroup] = {}
        for r in self.rows:
            if (show == "missing" and r.meeting is not None) or (show == "done" and r.meeting is None):
                continue
            if show == "no_thematic" and not r.quarter_lacks_thematic:
                continue
            if words and not all(w in search_key(f"{r.parent_name} {r.name}") for w in words):
                continue
            groups.setdefault(r.parent_id, MonthGroup(r.parent_id, r.parent_name, [])).rows.append(r)
        for g in groups.values():
            g.rows.sort(key=lambda r: r.meeting is not None)  # stable: path order within each part
        return sorted(groups.values(), key=lambda g: g.missing == 0)


def _cells_on(path: str, on: date) -> dict[int, tuple[str, int | None, str]]:
    """Cells of the subtree on `on` in path order: id → (name, parent id, parent name), names of that date."""
    rows = list(
        OrgPathSpan.objects.filter(on_date_q(on), path__startswith=path, organization__kind__in=CELL_KINDS)
        .order_by("path").values_list("organization_id", "path")
    )
    parents: dict[int, int | None] = {}
    for i, p in rows:
        segs = p.rstrip(".").split(".")
        parents[i] = int(segs[-2]) if len(segs) > 1 else None
    names = names_on([i for i, _ in rows] + [p for p in parents.values() if p], on)
    return {i: (names.get(i, ""), parents[i], names.get(parents[i] or 0, "")) for i, _ in rows}


def meetings_month(user: Any, organization_id: Any, year: int, month: int) -> MonthView:
    """Every cell of the subtree at the month's end, with its committee, its regular meeting of the month or a gap,
    its thematic meetings of the month and how many it held in the quarter so far (4 queries)."""
    org = org_get(user, organization_id)
    end = last_day(year, month)
    path = path_on(org.pk, end) or org.path
    cells = _cells_on(path, end)
    first = quarter_months(quarter_of(month))[0]
    rows = {i: MonthRow(i, n, None, p, pn) for i, (n, p, pn) in cells.items()}
    for m in CellMeeting.objects.filter(
        Q(kind=MeetingKind.REGULAR, month=month) | Q(kind=MeetingKind.THEMATIC),
        cell_id__in=list(cells), year=year, month__gte=first, month__lte=month,
    ).order_by("held_on", "id"):
        r = rows[m.cell_id]
        if m.kind == MeetingKind.REGULAR:
            r.meeting = m
            continue
        r.quarter_thematic += 1
        if m.month == month:
            r.thematic.append(m)
    return MonthView(org, year, month, list(rows.values()))


def meetings_missing_count(user: Any, organization_id: Any, year: int, month: int) -> int:
    """How many cells of the subtree at the month's end have no regular meeting of the month recorded —
    `len(meetings_month(...).missing)` counted in the database (the dashboard's due item: 3 queries, no rows)."""
    org = org_get(user, organization_id)
    end = last_day(year, month)
    path = path_on(org.pk, end) or org.path
    held = CellMeeting.objects.filter(kind=MeetingKind.REGULAR, year=year, month=month).values("cell_id")
    return (
        OrgPathSpan.objects.filter(on_date_q(end), path__startswith=path, organization__kind__in=CELL_KINDS)
        .exclude(organization_id__in=held).values("organization_id").distinct().count()
    )


def regular_meeting_grades(cells: Any, start: date, end: date) -> dict[str, int]:
    """Grades of the regular monthly meetings (not the thematic ones: the monthly meeting's quality, RULES.md) held
    by `cells` (ids or a subquery of ids) in the months from `start` to `end`, every grade listed. One query."""
    after = Q(year__gt=start.year) | Q(year=start.year, month__gte=start.month)
    before = Q(year__lt=end.year) | Q(year=end.year, month__lte=end.month)
    counts = dict(
        CellMeeting.objects.filter(after & before, kind=MeetingKind.REGULAR, cell_id__in=cells)
        .values("grade").annotate(n=models.Count("id")).values_list("grade", "n")
    )
    return {g.value: counts.get(g.value, 0) for g in MeetingGrade}


@dataclass
class QuarterState:
    quarter: int
    thematic: int
    judged: bool  # the cell existed in one of the quarter's months
    over: bool  # the quarter has ended (today)

    @property
    def flagged(self) -> bool:
        """A quarter the cell existed in, ended, without the thematic meetings the rule asks."""
        return self.judged and self.over and self.thematic < thematic_per_quarter()


@dataclass
class CellYear:
    cell: Organization
    year: int
    meetings: list[CellMeeting | None]  # the regular meeting of each month
    thematic: list[list[CellMeeting]] = field(default_factory=list)  # thematic meetings of each month
    judged: list[bool] = field(default_factory=list)  # the month counts for the year (the cell existed then)

    @property
    def grades(self) -> list[str | None]:
        return [m.grade if m else None for m in self.meetings]

    @property
    def judged_grades(self) -> list[str | None]:
        return [g for g, j in zip(self.grades, self.judged, strict=True) if j]

    @property
    def good_count(self) -> int:
        return sum(1 for g in self.judged_grades if g == MeetingGrade.GOOD)

    @property
    def qualifies_good(self) -> bool:
        return year_qualifies_good(self.judged_grades)

    @property
    def quarters(self) -> list[QuarterState]:
        from dangvu.core.dates import today

        t = today()
        out = []
        for q in range(1, 5):
            months = quarter_months(q)
            out.append(QuarterState(
                q, sum(len(self.thematic[m - 1]) for m in months), any(self.judged[m - 1] for m in months),
                last_day(self.year, months[-1]) < t,
            ))
        return out

    @property
    def months_existed(self) -> int:
        return sum(self.judged)


def months_existed(org_id: int, year: int) -> list[bool]:
    """For each month of `year`: the organisation existed on the month's last day (its path spans, the tree of the
    date), so a cell founded or merged during the year is judged only on those months. One query."""
    spans = list(
        OrgPathSpan.objects.filter(organization_id=org_id, valid_from__lte=date(year, 12, 31))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gt=date(year, 1, 1))).values_list("valid_from", "valid_to")
    )
    return [
        any(vf <= last_day(year, m) and (vt is None or vt > last_day(year, m)) for vf, vt in spans)
        for m in range(1, 13)
    ]


def cell_year(user: Any, cell_id: Any, year: int) -> CellYear:
    """A cell's 12 months (regular meeting, thematic ones, whether the month is judged), its quarters and whether
    the year qualifies as Tốt on the months it existed (rules.year_qualifies_good)."""
    cell = org_get(user, cell_id)
    regular: dict[int, CellMeeting] = {}
    thematic: list[list[CellMeeting]] = [[] for _ in range(12)]
    for m in CellMeeting.objects.filter(cell=cell, year=year).order_by("held_on", "id"):
        if m.kind == MeetingKind.REGULAR:
            regular[m.month] = m
        else:
            thematic[m.month - 1].append(m)
    existed = months_existed(cell.pk, year)
    judged = [e or (i + 1) in regular for i, e in enumerate(existed)]
    return CellYear(cell, year, [regular.get(m) for m in range(1, 13)], thematic, judged)


def meetings_list(
    user: Any, cell_id: Any, year: int | None = None, month: int | None = None, kind: str | None = None
) -> list[CellMeeting]:
    cell = org_get(user, cell_id)
    qs = CellMeeting.objects.filter(cell=cell).prefetch_related("scores")
    if year is not None:
        qs = qs.filter(year=year)
    if month is not None:
        qs = qs.filter(month=month)
    if kind is not None:
        qs = qs.filter(kind=kind)
    return list(qs.order_by("year", "month", "held_on", "id"))


def meeting_get(user: Any, meeting_id: Any) -> CellMeeting:
    try:
        m = CellMeeting.objects.select_related("cell", "criteria_set").get(pk=int(meeting_id))
    except (CellMeeting.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotVisible from None
    if not scope_of(user).sees(m.cell_id):
        raise NotVisible
    return m


# ---------------------------------------------------------------- mass organisations


def mass_org_ratings_of(model: type[models.Model], year: int) -> QuerySet[MassOrgRating]:
    """The year's ratings of `model`'s subjects (filter on subject_id; a subquery for figures aggregated in the
    database, e.g. enterprise coverage's top-rated count)."""
    return MassOrgRating.objects.filter(subject_type=ContentType.objects.get_for_model(model), year=year)


def mass_org_ratings_for(subjects: list[models.Model], year: int) -> dict[int, str]:
    """subject pk → level for the year (one query per model class among the subjects)."""
    by_model: dict[type, list[int]] = {}
    for s in subjects:
        by_model.setdefault(type(s), []).append(s.pk)
    out: dict[int, str] = {}
    for model, pks in by_model.items():
        levels = mass_org_ratings_of(model, year).filter(any_in("subject_id", pks))
        out.update(levels.values_list("subject_id", "level"))
    return out


__all__ = ["Level"]


def latest_confirmed_year(org: Organization) -> int | None:
    """The most recent year with confirmed ratings in the (visible) organisation's subtree, whoever's round held
    them: the same default for a cell secretary (whose cell lies under the committee that opened the round) and
    an officer."""
    entries = RatingEntry.objects.filter(path__startswith=org.path, rating_round__status=RoundStatus.CLOSED)
    return entries.aggregate(y=models.Max("year"))["y"]


def latest_closed_year(user: Any) -> int | None:
    """The most recent year with a confirmed round the user can see (the results page opens on it)."""
    scope = scope_of(user)
    rounds = RatingRound.objects.filter(status=RoundStatus.CLOSED)
    if not scope.everything:
        rounds = rounds.filter(organization_id__in=scope.org_ids)
    return rounds.aggregate(y=models.Max("year"))["y"]
