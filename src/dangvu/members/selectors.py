"""Reads on members: scoped to the user, "as of" a date, fixed query counts."""

import hashlib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from django.core.cache import cache
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.models import CharField, OuterRef, Q, QuerySet, Subquery
from django.db.models.base import ModelState
from django.db.models.expressions import RawSQL
from django.db.models.signals import post_init, pre_init

from dangvu.core.cache import data_version, version_sql
from dangvu.core.errors import DomainError, NotVisible
from dangvu.core.text import search_key
from dangvu.orgs.models import CELL_KINDS, Organization, OrgPathSpan, Sector
from dangvu.orgs.scope import scope_of
from dangvu.orgs.selectors import name_on_expr, on_date_q, path_on

from .models import (
    EventKind,
    FamilyRelation,
    Member,
    MemberEvent,
    MembershipSpan,
    MemberStatus,
    Sex,
    TheoryLevel,
)
from .projection import party_age
from .rules import check_transfer_target, probation_end
from .snapshots import org_counts_on, snapshot_base, subtree_counts_on, subtree_headcount_on

PAGE_SIZE = 50


def spans_in_subtree_on(subtree_path: str | Subquery, on: date) -> QuerySet[MembershipSpan]:
    """Membership spans valid on `on` whose organisation lay under `subtree_path` on `on`."""
    # A Subquery is a valid right-hand side for startswith (Django concatenates '%'); the stubs only know str.
    orgs_then = OrgPathSpan.objects.filter(
        on_date_q(on), path__startswith=subtree_path  # type: ignore[misc]
    ).values("organization_id")
    return MembershipSpan.objects.filter(on_date_q(on), organization_id__in=orgs_then)


_SENTINEL_DAY, _SENTINEL_PATH = date(1901, 2, 3), "190123.sentinel."


@lru_cache(maxsize=8)
def _headcount_statement(alias: str) -> tuple[str, tuple[str, ...]]:
    """The headcount query compiled once per database: the ORM builds it (so it is the same query as
    spans_in_subtree_on), and each call only binds the date and the subtree's path. Compiling it each time
    cost more than running it on a bloc (~1 ms each)."""
    conn = connections[alias]
    qs = spans_in_subtree_on(_SENTINEL_PATH, _SENTINEL_DAY).values("id")
    sql, params = qs.query.sql_with_params()
    day = conn.ops.adapt_datefield_value(_SENTINEL_DAY)
    roles = []
    for p in params:
        if isinstance(p, str) and p.startswith(_SENTINEL_PATH):
            if p != f"{_SENTINEL_PATH}%":
                raise RuntimeError(f"headcount statement binds the path unexpectedly: {p!r}")
            roles.append("path")
        elif p in (_SENTINEL_DAY, day):
            roles.append("day")
        else:  # a literal the ORM bound itself: keep it
            roles.append(repr(p))
    if any(r not in ("path", "day") for r in roles):
        raise RuntimeError(f"headcount statement has unexpected parameters: {roles}")
    return f"SELECT COUNT(*) FROM ({sql}) subtree_spans", tuple(roles)


def headcount_in_path(path: str, on: date) -> int:
    """Members at the end of day `on` in the organisations whose path on `on` starts with `path`. One statement,
    the path bound as a literal so the planner knows how much of the tree it covers."""
    conn = connections[DEFAULT_DB_ALIAS]
    sql, roles = _headcount_statement(DEFAULT_DB_ALIAS)
    day = conn.ops.adapt_datefield_value(on)
    # Paths are digits and dots: nothing to escape for LIKE.
    with conn.cursor() as cursor:
        cursor.execute(sql, [f"{path}%" if r == "path" else day for r in roles])
        return int(cursor.fetchone()[0])


def headcount(org: Organization, on: date) -> int:
    """Members of the organisation's subtree at the end of day `on` (temporary guests not counted), 0 when the
    organisation did not exist. Two queries: the subtree's path on `on`, then the count with that path as a
    literal (as a subquery the planner misjudged a province's share of the tree: 378 ms instead of 90 ms)."""
    path = path_on(org.pk, on)
    return 0 if path is None else headcount_in_path(path, on)


def headcount_via_snapshots(org: Organization, on: date) -> int:
    """The same figure as headcount(), from the month-end snapshot before `on` plus the spans changed since, when
    one may be used (members.snapshots.snapshot_base), else counted. Up to four queries; for province and national
    figures."""
    path = path_on(org.pk, on)
    return 0 if path is None else headcount_in_path_via_snapshots(path, on)


def headcount_in_path_via_snapshots(path: str, on: date) -> int:
    """headcount_in_path() from the month-end snapshot before `on` plus the spans changed since, when one may be
    used, else counted (at 270.000 members ~30 ms instead of ~300 ms). Up to three queries."""
    base = snapshot_base(on)
    return headcount_in_path(path, on) if base is None else subtree_headcount_on(path, on, base)


FEW_SUBTREES = 1_000


def subtree_headcounts(org_ids: list[int], on: date) -> dict[int, int]:
    """Headcount of each organisation's subtree on `on`, from the month-end snapshots plus the changes since
    (members.snapshots), in a fixed number of queries whatever the number of organisations. For a few of them (the
    party organisations of a province's enterprises) only their subtrees' snapshot rows and changes are read, not
    the whole tree's (0,9 s → tens of ms at province scale)."""
    if len(org_ids) > FEW_SUBTREES:
        totals = subtree_counts_on(on)
        return {i: sum(totals.get(i, (0, 0))) for i in org_ids}
    wanted = {str(i) for i in org_ids}  # path segments compared as text: no int() for each of ~65.000 segments
    under: dict[int, list[int]] = {}  # organisation of the date → the asked organisations above it (or itself)
    for org_id, path in OrgPathSpan.objects.filter(on_date_q(on)).values_list("organization_id", "path"):
        above = [int(seg) for seg in path.rstrip(".").split(".") if seg in wanted]
        if above:
            under[org_id] = above
    out = dict.fromkeys(org_ids, 0)
    if under:
        for org_id, (full, probationary) in org_counts_on(on, set(under)).items():
            for top in under.get(org_id, []):
                out[top] += full + probationary
    return out


# ---------------------------------------------------------------- status on a date
# The one definition of "status of a member on date D": the membership span valid on D says it — full when
# the span's full_from is on or before D, probationary otherwise, not a member when no span holds D. The
# projection writes full_from from the events (members/projection.py), so a member who was full, left and
# was readmitted is full on dates before leaving and probationary again after readmission. Every page,
# report, export and API route that counts or shows status uses these.


def full_q(on: date, prefix: str = "") -> Q:
    """On MembershipSpan (or through `prefix`, e.g. "spans__"): the member is full on `on`."""
    return Q(**{f"{prefix}full_from__lte": on})


def probationary_q(on: date, prefix: str = "") -> Q:
    """On MembershipSpan (or through `prefix`): the member is probationary on `on`."""
    return Q(**{f"{prefix}full_from__isnull": True}) | Q(**{f"{prefix}full_from__gt": on})


def span_status(full_from: date | None, on: date) -> str:
    """Status inside a span valid on `on`, from its full_from (for rows already fetched)."""
    return MemberStatus.FULL if full_from is not None and full_from <= on else MemberStatus.PROBATIONARY


def status_on(member: Member | int, on: date) -> str | None:
    """"full", "probationary", or None when not a member on `on` (end of day). One query."""
    member_id = member if isinstance(member, int) else member.pk
    row = MembershipSpan.objects.filter(on_date_q(on), member_id=member_id).values_list("full_from", flat=True)[:1]
    found = list(row)
    return span_status(found[0], on) if found else None


def statuses_on(member_ids: list[int], on: date) -> dict[int, str]:
    """Status of each member on `on` (members not in the party that day are left out). One query."""
    rows = MembershipSpan.objects.filter(on_date_q(on), member_id__in=member_ids).values_list(
        "member_id", "full_from"
    )
    return {m: span_status(ff, on) for m, ff in rows}


def readmitted_on_expr(on: date | Any, member_ref: str = "pk") -> Subquery:
    """Subquery: the member's latest (non-voided) readmission on or before `on` (a date or an OuterRef)."""
    return Subquery(
        MemberEvent.objects.filter(
            member=OuterRef(member_ref), voided_at__isnull=True, kind=EventKind.READMITTED, effective_on__lte=on
        )
        .order_by("-effective_on", "-id")
        .values("effective_on")[:1]
    )


def probation_start(member: Member, readmitted_on: date | None) -> date:
    """The day the member's probation began: the latest readmission before the date in question (from
    readmitted_on_expr), else the admission ceremony, else the admission decision."""
    return readmitted_on or member.ceremony_on or member.admitted_on


def full_since(member: Member, readmitted_on: date | None) -> date:
    """"Chính thức kể từ ngày": the day the probation begun at probation_start ends (12 months,
    members.rules.probation_end). The recognition decision's own date is the event's effective_on, and status on
    a date stays the span's full_from (the decision), so reports already made do not move when a decision comes."""
    return probation_end(probation_start(member, readmitted_on))


def recognition_full_since(member: Member, events: list[MemberEvent]) -> dict[int, date]:
    """For each live recognition event of the member (by id): its "chính thức kể từ ngày" (full_since with the
    latest readmission before the decision)."""
    out: dict[int, date] = {}
    readmitted: date | None = None
    for e in sorted(events, key=lambda e: (e.effective_on, e.pk)):
        if e.voided_at is not None:
            continue
        if e.kind == EventKind.READMITTED:
            readmitted = e.effective_on
        elif e.kind == EventKind.RECOGNISED_FULL:
            out[e.pk] = full_since(member, readmitted)
    return out


@dataclass
class MemberRow:
    member: Member
    organization_id: int | None
    organization_name: str
    status_on: str


@dataclass
class MemberPage:
    count: int
    page: int
    page_size: int
    items: list[MemberRow] = field(default_factory=list)
    next_after: str | None = None  # keyset cursor of the next page (None on the last page)

    @property
    def pages(self) -> int:
        return max(1, -(-self.count // self.page_size))


def _check_choice(value: str | None, choices: list[str], field_name: str, label: str) -> str | None:
    if value in (None, ""):
        return None
    if value not in choices:
        raise DomainError(f"{label} '{value}' không hợp lệ.", field=field_name, rule="choices")
    return value


_CURSOR_RE = re.compile(r"^([0-9a-f]*)\.([0-9]{1,12})$")
COUNT_CACHE_SECONDS = 600


def _cursor(member_sort_key: str, member_id: int) -> str:
    return f"{member_sort_key}.{member_id}"


def _parse_cursor(after: str) -> tuple[str, int]:
    m = _CURSOR_RE.match(after or "")
    if m is None:
        raise DomainError("Con trỏ trang (after) không hợp lệ; dùng giá trị next_after của trang trước.",
                          field="after", rule="cursor")
    return m.group(1), int(m.group(2))


def _kept(key: str) -> tuple[str, tuple[Any, int, str] | None]:
    """The cache key of a list's kept facts and what is kept: (data version, count, subtree path) or None."""
    db = connections[DEFAULT_DB_ALIAS]
    digest = hashlib.sha256(f"{db.settings_dict.get('NAME')}|{key}".encode()).hexdigest()
    cache_key = f"dangvu:members_of:kept:{digest}"
    hit = cache.get(cache_key)
    return cache_key, (hit if isinstance(hit, tuple) and len(hit) == 3 else None)


def _count(cache_key: str, kept: tuple[Any, int, str] | None, version: Any, path: str, on: date, exact: bool,
           filtered_count: Callable[[], int] | None) -> int:
    """The number of members listed, counted once (the headcount when unfiltered, through the snapshots) and kept
    with the subtree's path while the data stay the same (`exact` recounts), so paging does not rescan the subtree
    for every page: at 270.000 members the count alone costs ~0,3 s on PostgreSQL, a page a few ms. `version`: the
    data version the page statement read (None: one query)."""
    # PostgreSQL: audit ids come from a sequence, so a lower id may commit after a higher one and the newest id
    # alone may not move; core.cache's version carries the snapshot too. The page statement reads the same string
    # (_version_sql), so only a page without rows costs the extra query.
    if version is None:
        version = data_version()
    if not exact and kept is not None and kept[0] == version and kept[2] == path:
        return int(kept[1])
    n = filtered_count() if filtered_count is not None else headcount_in_path_via_snapshots(path, on)
    cache.set(cache_key, (version, n, path), COUNT_CACHE_SECONDS)
    return n


# The columns a member list shows (web pages, API, the count's data version aside): the rest of the row is left
# unread (deferred) unless `full_rows` asks for it (the export writes every field).
LIST_FIELDS = ("id", "full_name", "sex", "birth_date", "admitted_on", "ceremony_on", "full_on", "sort_key")
_ROW_EXTRAS = ("span_org_id", "span_full_from", "span_org_name", "data_version")


def _listed(path: str, on: date, *, key: str, status: str | None, sex: str | None, sector: str | None,
            theory_level: str | None) -> QuerySet[Member]:
    """Members of the subtree at `path` on `on` passing the filters (not ordered)."""
    spans = spans_in_subtree_on(path, on)
    if sector:
        spans = spans.filter(organization__sector=sector)
    if status:
        spans = spans.filter(full_q(on) if status == MemberStatus.FULL else probationary_q(on))
    members = Member.objects.filter(pk__in=spans.values("member_id"))
    if key:
        members = members.filter(search_key__contains=key)
    if sex:
        members = members.filter(sex=sex)
    if theory_level not in (None, ""):
        members = members.filter(theory_level=theory_level)
    return members


def _after_q(sort_key: str, member_id: int) -> Q:
    """Rows after the cursor in (sort_key, id) order; the redundant `sort_key >= key` lets the sort-key index start
    at the cursor (without it a page deep in the list walks the index from its first entry)."""
    return Q(sort_key__gte=sort_key) & (Q(sort_key__gt=sort_key) | Q(id__gt=member_id))


def _row_fields(full_rows: bool) -> tuple[str, ...]:
    """Member columns read for a list row, in the model's column order (Model.from_db expects it)."""
    return tuple(f.attname for f in Member._meta.concrete_fields if full_rows or f.attname in LIST_FIELDS)


# Stand-ins compiled into the keyset statement once per filter shape, each replaced by its value on every call.
_KEYSET_SENTINELS: dict[str, Any] = {
    "path": _SENTINEL_PATH, "key": "ffff190123keyset", "id": 190_123_190_123, "q": "qsentinel190123",
    "sex": "sexsentinel190123", "sector": "sectorsentinel190123", "theory_level": "theorysentinel190123",
}


@dataclass(frozen=True)
class _Compiled:
    sql: str
    roles: tuple[tuple[str, Any, str, str], ...]  # ("bind", name, prefix, suffix) or ("literal", value, "", "")
    names: tuple[str, ...]  # column names of a row, in order
    converters: tuple[tuple[int, tuple[Any, ...], Any], ...]  # (position, converters, expression)


@lru_cache(maxsize=64)
def _keyset_statement(alias: str, shape: tuple[bool, str, bool, bool, bool], limit: int,
                      full_rows: bool) -> _Compiled:
    """The keyset page compiled once per database and filter shape by the ORM (so it is the same query as the
    numbered page), each call binding only its values: compiling the annotated query cost ~5× running it."""
    has_q, status, has_sex, has_sector, has_theory = shape
    s = _KEYSET_SENTINELS
    qs = _listed(s["path"], _SENTINEL_DAY, key=s["q"] if has_q else "", status=status or None,
                 sex=s["sex"] if has_sex else None, sector=s["sector"] if has_sector else None,
                 theory_level=s["theory_level"] if has_theory else None)
    qs = _with_span_of(qs.filter(_after_q(s["key"], s["id"])).order_by("sort_key", "id"), _SENTINEL_DAY)
    qs = qs.values_list(*_row_fields(full_rows), *_ROW_EXTRAS)[:limit]
    conn = connections[alias]
    compiler = qs.query.get_compiler(alias)
    sql, params = compiler.as_sql()
    day = conn.ops.adapt_datefield_value(_SENTINEL_DAY)
    roles: list[Any] = []
    for p in params:
        if p in (_SENTINEL_DAY, day) and not isinstance(p, bool):
            roles.append(("bind", "day", "", ""))
            continue
        found = [(n, v) for n, v in s.items() if (isinstance(p, str) and isinstance(v, str) and v in p) or p == v]
        if not found:
            roles.append(("literal", p, "", ""))  # bound by the ORM itself (e.g. the event kinds of a name)
            continue
        name, token = found[0]
        prefix, _sep, suffix = str(p).partition(str(token)) if isinstance(p, str) else ("", "", "")
        roles.append(("bind", name, prefix, suffix))
    names = tuple(qs.query.extra_select) + tuple(qs.query.values_select) + tuple(qs.query.annotation_select)
    if names != (*_row_fields(full_rows), *_ROW_EXTRAS):
        raise RuntimeError(f"keyset statement returns unexpected columns: {names}")
    converters = compiler.get_converters([sel[0] for sel in compiler.select[: len(names)]])
    return _Compiled(sql, tuple(roles), names, tuple((i, tuple(c), e) for i, (c, e) in converters.items()))


def _keyset_rows(path: str, on: date, cursor: tuple[str, int], filters: dict[str, Any], limit: int,
                 full_rows: bool) -> list[tuple[Any, ...]]:
    """The rows after `cursor` (member columns then _ROW_EXTRAS): one statement."""
    alias = DEFAULT_DB_ALIAS
    conn = connections[alias]
    shape = (bool(filters["q"]), filters["status"] or "", bool(filters["sex"]), bool(filters["sector"]),
             filters["theory_level"] not in (None, ""))
    stmt = _keyset_statement(alias, shape, limit, full_rows)
    values = {"day": conn.ops.adapt_datefield_value(on), "path": path, "key": cursor[0], "id": cursor[1], **filters}
    params = []
    for kind, name, prefix, suffix in stmt.roles:
        if kind == "literal":
            params.append(name)
            continue
        value = values[name]
        if prefix or suffix:  # inside a LIKE pattern (the path's prefix, the search key's contains)
            value = f"{prefix}{conn.ops.prep_for_like_query(value)}{suffix}"
        params.append(value)
    with conn.cursor() as cursor_:
        cursor_.execute(stmt.sql, params)
        rows = cursor_.fetchall()
    if stmt.converters:
        out = []
        for row in rows:
            r = list(row)
            for pos, convs, expr in stmt.converters:
                for convert in convs:
                    r[pos] = convert(r[pos], expr, conn)
            out.append(tuple(r))
        rows = out
    return rows


def members_of(
    user: Any,
    org: Organization,
    *,
    on: date,
    q: str = "",
    status: str | None = None,
    sex: str | None = None,
    sector: str | None = None,
    theory_level: str | None = None,
    page: int = 1,
    page_size: int = PAGE_SIZE,
    after: str | None = None,
    exact_count: bool = False,
    full_rows: bool = False,
) -> MemberPage:
    """Members of `org`'s subtree as of `on`, filtered, in Vietnamese name order, one page: by number (`page`)
    or, for sequential reading, after a keyset cursor (`after` = the previous page's next_after), which stays
    exact while members are added. Rows carry the listed columns (LIST_FIELDS) unless `full_rows`. A numbered page
    is 4 queries (5 when a filtered count is not cached), a keyset page 2 (the path, then the rows)."""
    if not scope_of(user).sees(org.pk):
        raise NotVisible
    status = _check_choice(status, MemberStatus.values, "status", "Loại đảng viên")
    sex = _check_choice(sex, Sex.values, "sex", "Giới tính")
    sector = _check_choice(sector, Sector.values, "sector", "Khối/lĩnh vực")
    if theory_level not in (None, ""):
        _check_choice(theory_level, [v for v in TheoryLevel.values if v], "theory_level", "Lý luận chính trị")
    if page < 1:
        raise DomainError("Số trang phải từ 1 trở lên.", field="page", rule="min_value")
    cursor = _parse_cursor(after) if after else None
    key = search_key(q or "")
    filters: dict[str, Any] = {"q": key, "status": status, "sex": sex, "sector": sector, "theory_level": theory_level}
    filtered = bool(key or status or sex or sector or theory_level not in (None, ""))
    cache_key, kept = _kept(f"{org.pk}|{on}|{key}|{status}|{sex}|{sector}|{theory_level}")
    # The subtree's path as a literal, not a subquery: the planner then knows how much of the tree it covers and
    # walks the members' sort-key index for a province (a subquery took 2,8 s a page at 270.000 members). The path
    # kept with the count is used first; the page statement reads the data version, and only when that moved is
    # the path of the date read again (a keyset page is then one statement, as the bare SQL).
    path = kept[2] if kept is not None else path_on(org.pk, on)
    if path is None:
        return MemberPage(count=0, page=page, page_size=page_size)
    width = len(_row_fields(full_rows))
    raw = _page_rows(path, on, cursor, filters, page, page_size, full_rows)
    version = raw[0][width + 3] if raw and len(raw[0]) > width else None
    if kept is not None and (version is None or version != kept[0]):
        current = path_on(org.pk, on)
        if current is None:
            return MemberPage(count=0, page=page, page_size=page_size)
        if current != path:
            path = current
            raw = _page_rows(path, on, cursor, filters, page, page_size, full_rows)
            version = raw[0][width + 3] if raw and len(raw[0]) > width else None
    more = len(raw) > page_size
    raw = raw[:page_size]

    def filtered_count() -> int:
        return _listed(path, on, key=key, status=status, sex=sex, sector=sector, theory_level=theory_level).count()

    count = _count(cache_key, kept, version, path, on, exact_count, filtered_count if filtered else None)
    fields = _row_fields(full_rows)
    rows = []
    for m, r in zip(_instances(fields, raw, width), raw, strict=True):
        org_id, full_from, org_name = r[width], r[width + 1], r[width + 2]
        rows.append(MemberRow(member=m, organization_id=org_id, organization_name=org_name or "",
                              status_on=span_status(full_from, on)))
    last = rows[-1].member if more and rows else None
    next_after = _cursor(last.sort_key, last.pk) if last is not None else None
    return MemberPage(count=count, page=page, page_size=page_size, items=rows, next_after=next_after)


def _instances(fields: tuple[str, ...], raw: list[tuple[Any, ...]], width: int) -> list[Member]:
    """Member instances of a page's rows as Model.from_db makes them (the columns read, the others deferred, state
    loaded from the default database) without running Model.__init__ for each: its per-field work was ~0,4 ms of a
    1-2 ms keyset page. Only while nothing listens to Member's init signals; else from_db itself."""
    if pre_init.has_listeners(Member) or post_init.has_listeners(Member):
        return [Member.from_db(DEFAULT_DB_ALIAS, fields, r[:width]) for r in raw]
    out = []
    new = object.__new__
    for r in raw:
        m = new(Member)
        m.__dict__.update(zip(fields, r[:width], strict=True))
        state = m._state = ModelState()
        state.adding, state.db = False, DEFAULT_DB_ALIAS
        out.append(m)
    return out


def _page_rows(path: str, on: date, cursor: tuple[str, int] | None, filters: dict[str, Any], page: int,
               page_size: int, full_rows: bool) -> list[tuple[Any, ...]]:
    """Up to page_size + 1 rows (member columns, then _ROW_EXTRAS; a row past the page is only its id)."""
    if cursor is not None:
        # Keyset: the next rows straight from the sort-key index, each with its span, status and organisation's name
        # of the date and the data version, in one statement compiled once (_keyset_statement).
        return _keyset_rows(path, on, cursor, filters, page_size + 1, full_rows)
    # Sort keys first (a narrow index-ordered scan), then the rows: the page costs the same at any depth.
    members = _listed(path, on, key=filters["q"], status=filters["status"], sex=filters["sex"],
                      sector=filters["sector"], theory_level=filters["theory_level"])
    window = list(members.order_by("sort_key", "id").values_list("id", flat=True)[
        (page - 1) * page_size : page * page_size + 1])
    by_id = {r[0]: r for r in _with_span_of(Member.objects.filter(pk__in=window[:page_size]), on).values_list(
        *_row_fields(full_rows), *_ROW_EXTRAS)}
    raw: list[tuple[Any, ...]] = [by_id[i] for i in window[:page_size] if i in by_id]
    if len(window) > page_size:
        raw.append((window[-1],))
    return raw


def _with_span_of(members: QuerySet[Member], on: date) -> QuerySet[Member]:
    """Members annotated with their span of `on` (organisation, full_from: status by span_status), that
    organisation's name on `on` (orgs.selectors.name_on_expr) and the data version of the count cache."""
    span = MembershipSpan.objects.filter(on_date_q(on), member_id=OuterRef("pk"))
    return members.annotate(
        span_org_id=Subquery(span.values("organization_id")[:1]),
        span_full_from=Subquery(span.values("full_from")[:1]),
        span_org_name=name_on_expr(OuterRef("span_org_id"), on),
        data_version=RawSQL(_version_sql(), (), output_field=CharField()),
    )


def _version_sql() -> str:
    """core.cache.data_version() as an expression of the page statement (the same string, from core.cache's own
    statement), so the count cache needs no statement of its own."""
    return f"COALESCE(({version_sql(connections[DEFAULT_DB_ALIAS].vendor)}), '')"


def member_get(user: Any, member_id: int) -> Member:
    """The member if the user may see their organisation (current, or last for those who left)."""
    try:
        member = Member.objects.select_related("organization", "temporary_organization").get(pk=member_id)
    except (Member.DoesNotExist, ValueError, TypeError):
        raise NotVisible from None
    scope = scope_of(user)
    if not (scope.sees(member.organization_id) or scope.sees(member.temporary_organization_id)):
        raise NotVisible
    return member


def member_timeline(member: Member) -> list[MemberEvent]:
    """Every event, voided ones included (shown struck through), oldest first."""
    return list(
        member.events.select_related("organization", "to_organization", "recorded_by", "voided_by").order_by(
            "effective_on", "id"
        )
    )


def member_party_age(member: Member, on: date) -> int:
    return party_age(member, on, list(member.events.order_by("effective_on", "id")))


def transfer_targets(member: Member, on: date) -> QuerySet[Organization]:
    """Cells a member may be transferred to on `on` (members.rules.check_transfer_target in bulk): open cells of
    the member's province other than their own, whoever's scope they lie in; ordered by path."""
    province = (member.organization.path or "").split(".")[0]
    return (
        Organization.objects.filter(kind__in=CELL_KINDS, path__startswith=f"{province}.", founded_on__lte=on)
        .filter(Q(dissolved_on__isnull=True) | Q(dissolved_on__gt=on))
        .exclude(pk=member.organization_id)
        .order_by("path")
    )


def transfer_target_get(member: Member, organization_id: int | None, on: date) -> Organization | None:
    """The receiving cell asked for by id (None when none was given), checked by the transfer rule; an unknown
    id is refused like any other wrong target."""
    target = target_organization(organization_id)
    return None if target is None else check_transfer_target(member, target, on)


def target_organization(organization_id: int | None) -> Organization | None:
    """The receiving cell of a transfer, reinstatement or readmission by id: it may lie outside the caller's
    scope (the services check the rules); an unknown id is refused naming the field."""
    if organization_id is None:
        return None
    target = Organization.objects.filter(pk=organization_id).first()
    if target is None:
        raise DomainError(
            f"Không có chi bộ mã {organization_id}.", field="to_organization_id", rule="transfer_target_unknown"
        )
    return target


def committee_by_id(organization_id: int | None, field: str) -> Organization | None:
    """A transfer letter's sending or receiving committee by id (None when none was given); the transfer rules
    (members.rules.check_letter_committee) decide whether it fits; an unknown id is refused naming the field."""
    if organization_id is None:
        return None
    org = Organization.objects.filter(pk=organization_id).first()
    if org is None:
        raise DomainError(f"Không có tổ chức mã {organization_id}.", field=field, rule="letter_committee")
    return org


def family_of(member: Member) -> list[FamilyRelation]:
    """The member's relatives on the profile, in the profile's order (parents, spouse's parents, spouse, children,
    siblings), each group by birth year; removed entries left out. One query."""
    rows = list(FamilyRelation.objects.filter(member=member, removed_at__isnull=True))
    return sorted(rows, key=lambda r: r.profile_order)


def family_removed(member: Member) -> list[FamilyRelation]:
    """The relatives taken off the member's profile (kept, restorable), latest removal first, with who removed
    them. One query."""
    return list(FamilyRelation.objects.filter(member=member, removed_at__isnull=False)
                .select_related("removed_by").order_by("-removed_at", "-pk"))


def cells_on(member_ids: list[int], on: date) -> dict[int, int]:
    """The organisation each member belonged to on `on` (members not in the party that day are left out).
    One query: the membership span valid that day, as every "as of" read."""
    return dict(
        MembershipSpan.objects.filter(on_date_q(on), member_id__in=member_ids).values_list("member_id",
                                                                                           "organization_id")
    )


def member_by_card_number(card_number: str) -> Member:
    """The member holding a party card number (số thẻ đảng viên), in any organisation of the deployment: a
    committee links a member working in its enterprise by the card they show, wherever they are registered.
    An unknown number is refused naming the field."""
    number = (card_number or "").strip()
    member = Member.objects.select_related("organization").filter(card_number=number).first() if number else None
    if member is None:
        raise DomainError(f"Không có đảng viên nào mang số thẻ «{number}».", field="card_number",
                          rule="card_number_unknown")
    return member
