"""The founded/dissolved report's mass-organisation table: every kind's counts in one statement (ten statements, each
carrying the scope's enterprise list, were most of /reports/organizations-founded/ at bloc scale), the same numbers
as counting each kind apart."""

from datetime import date

from django.db import connection
from django.test.utils import CaptureQueriesContext

from dangvu.enterprises import services as s
from dangvu.enterprises.models import MassOrganization, MassOrgKind
from dangvu.enterprises.selectors import scope_enterprises
from dangvu.reports.catalog import build_report
from tests.enterprises.conftest import scenario  # noqa: F401  (fixture)


def _table(world, start: date, end: date) -> tuple[list[list[object]], int]:
    with CaptureQueriesContext(connection) as q:
        r = build_report(world.officer, "organizations-founded", world.bloc, on=end, start=start, end=end,
                         year=end.year)
    mass = next(t for t in r.tables if t.title.startswith("Tổ chức đoàn thể"))
    return mass.rows, len(q.captured_queries)


def _apart(world, start: date, end: date) -> list[list[object]]:
    """The counts as the report computed them before: one query per kind and count."""
    ent = scope_enterprises(world.officer, world.bloc, end).values("pk")
    rows: list[list[object]] = []
    for k in MassOrgKind:
        qs = MassOrganization.objects.filter(kind=k, enterprise_id__in=ent)
        rows.append([k.label, qs.filter(founded_on__gte=start, founded_on__lte=end).count(),
                     qs.filter(dissolved_on__gte=start, dissolved_on__lte=end).count()])
    rows.append(["Tổng số", sum(r[1] for r in rows), sum(r[2] for r in rows)])  # type: ignore[misc]
    return rows


def test_mass_counts_in_one_statement_equal_counting_each_kind(world, scenario):  # noqa: F811
    youth = s.mass_org_found(actor=world.root_user, enterprise=scenario.e1, kind="youth_union",
                             founded_on=date(2021, 5, 1))
    s.mass_org_dissolve(actor=world.root_user, mass_org=youth, dissolved_on=date(2021, 9, 1))
    for start, end in [(date(2020, 1, 1), date(2020, 12, 31)), (date(2021, 1, 1), date(2021, 12, 31)),
                       (date(2019, 1, 1), date(2024, 12, 31))]:
        rows, _n = _table(world, start, end)
        assert rows == _apart(world, start, end), (start, end)
    rows, _n = _table(world, date(2021, 1, 1), date(2021, 12, 31))
    by_kind = {r[0]: (r[1], r[2]) for r in rows}
    assert by_kind[MassOrgKind.YOUTH_UNION.label] == (1, 1)
    assert by_kind[MassOrgKind.WOMEN.label] == (1, 0)
    assert by_kind["Tổng số"] == (2, 1)


def test_query_count_does_not_depend_on_the_kinds(world, scenario):  # noqa: F811
    _rows, n = _table(world, date(2019, 1, 1), date(2024, 12, 31))
    assert n <= 14, n  # 11; counting each kind and count apart was 20
