"""The demo's targets: the bloc's last three years (set after the 2025 reorganisation is replayed), some met, some
exceeded, exactly one not met; the current year's targets in progress, one split among three organisations."""

from dangvu.core.dates import today
from dangvu.demo.generator import generate
from dangvu.demo.targets import _System
from dangvu.orgs.models import Organization, OrgKind
from dangvu.targets.models import Target
from dangvu.targets.selectors import target_report


def test_demo_targets(db):
    generate(seed=7, scale="tiny")
    bloc = Organization.objects.filter(kind=OrgKind.BLOC_COMMITTEE).order_by("id").first()
    assert bloc is not None
    t = today()
    years = sorted(set(Target.objects.filter(organization=bloc).values_list("start_year", flat=True)))
    assert len(years) == 3 and years[-1] <= t.year
    statuses = []
    for y in years:
        rows = target_report(_System(), bloc, year=y, on=t).rows
        statuses += [r.achievement.status for r in rows]
    assert statuses.count("not_met") == 1
    assert "exceeded" in statuses and "met" in statuses
    split = Target.objects.filter(start_year=t.year, parent__isnull=False).select_related("parent__organization")
    assert split.count() >= 1
    parent = split[0].parent
    assert parent is not None  # filtered on parent__isnull=False
    report = target_report(_System(), parent.organization, year=t.year, on=t)
    assert report.total >= 5 and any(r.shares for r in report.rows)
