"""What the dashboard no longer does at bloc scale: build the month view's meetings to count the cells without a
regular meeting (a counting query instead, equal to `meetings_month(...).missing`), read the rating results once per
indicator instead of once per target, count a subtree's headcount and probationary members in two statements."""

from datetime import date

import pytest
from django.db import connection
from django.db.models import Model
from django.test.utils import CaptureQueriesContext

from dangvu.core.dates import today
from dangvu.ratings.selectors import meetings_missing_count, meetings_month
from dangvu.ratings.services import meeting_record
from dangvu.targets import indicators
from dangvu.targets.services import target_create
from tests.ratings.conftest import COMMON_CRITERIA
from tests.targets.conftest import build_year2024

pytestmark = pytest.mark.django_db


@pytest.fixture
def year2024(world):
    return build_year2024(world)


def test_missing_count_equals_the_month_view(world):
    from dangvu.ratings.services import criteria_set_create

    cs = criteria_set_create(actor=world.officer, organization=world.bloc, name="Bộ tiêu chí",
                             valid_from=date(2026, 1, 1), criteria=COMMON_CRITERIA)
    assert meetings_missing_count(world.officer, world.bloc.pk, 2026, 3) == 3
    meeting_record(actor=world.secretary, cell=world.cell_a, year=2026, month=3, held_on=date(2026, 3, 5), present=1,
                   excused=0, absent=0, scores={c.pk: v for c, v in zip(cs.criteria.all(), [15, 20, 45, 20],
                                                                        strict=True)})
    for org in (world.bloc, world.committee, world.cell_a):
        expected = len(meetings_month(world.officer, org.pk, 2026, 3).missing)
        with CaptureQueriesContext(connection) as q:
            assert meetings_missing_count(world.officer, org.pk, 2026, 3) == expected
        assert len(q.captured_queries) <= 3
    assert meetings_missing_count(world.officer, world.bloc.pk, 2026, 3) == 2
    assert meetings_missing_count(world.officer, world.bloc.pk, 2026, 4) == 3  # another month: none recorded


def test_dashboard_builds_no_meetings_and_reads_ratings_once(client, year2024, monkeypatch,
                                                             django_assert_max_num_queries):
    w = year2024.world
    t = today()
    for indicator in ("orgs_good_or_better_percent", "members_good_or_better_percent"):
        target_create(actor=w.officer, organization=w.bloc, indicator=indicator, comparison="at_least", value=80,
                      year=t.year)
    built: list[str] = []
    original = Model.from_db.__func__  # type: ignore[attr-defined]

    def from_db(cls, db, names, values):  # type: ignore[no-untyped-def]
        built.append(cls.__name__)
        return original(cls, db, names, values)

    calls: list[tuple] = []
    real = indicators.rating_results

    def counting(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(indicators, "rating_results", counting)
    monkeypatch.setattr(Model, "from_db", classmethod(from_db))
    client.force_login(w.officer)
    with django_assert_max_num_queries(80):
        r = client.get("/")
    monkeypatch.undo()
    assert r.status_code == 200
    assert "CellMeeting" not in built
    assert len(calls) == 1  # two indicators, one reading of the year's results
    due = {d.label: d.count for d in r.context["centre"].due}
    label = next(k for k in due if k.startswith("Chi bộ chưa ghi kết quả sinh hoạt"))
    prev = (t.year, t.month - 1) if t.month > 1 else (t.year - 1, 12)
    assert due[label] == len(meetings_month(w.officer, w.bloc.pk, *prev).missing)
