"""The demo's targets: three years of the bloc's targets, some met, some exceeded, one not met."""

from datetime import date

from dangvu.core.dates import today
from dangvu.demo.generator import generate
from dangvu.demo.targets import _System
from dangvu.orgs.models import Organization, OrgKind
from dangvu.targets.models import Target
from dangvu.targets.selectors import target_report


def test_demo_targets(db):
    generate(seed=7, scale="tiny")
    bloc = Organization.objects.filter(kind=OrgKind.BLOC_COMMITTEE).order_by("id").first()
    t = today()
    assert set(Target.objects.filter(organization=bloc).values_list("start_year", flat=True)) == {
        t.year - 2, t.year - 1, t.year}
    statuses = []
    for y in (t.year - 2, t.year - 1):
        statuses += [r.achievement.status for r in target_report(_System(), bloc, year=y, on=date(y, 12, 31)).rows]
    # Set against the records at generation time: one deliberately not met; the 2025 reorganisation replayed
    # after it (demo/reorganization.py) may move later figures, so the others are checked for being varied.
    assert statuses.count("not_met") >= 1
    assert "exceeded" in statuses and ("met" in statuses or statuses.count("exceeded") > 1)
    current = target_report(_System(), bloc, year=t.year, on=t)
    assert any(r.shares for r in current.rows)
