"""The province-scale generator (demo/scale.py) on a small plan: the tree of 2025 kinds, members whose projections
equal a rebuild from their events, and snapshots that agree with the spans."""

from datetime import date

from dangvu.core.hooks import collect
from dangvu.demo.scale import Plan, generate_province2025
from dangvu.enterprises.models import Enterprise, MassOrganization
from dangvu.members.models import Member, MemberEvent, MembershipSpan
from dangvu.members.projection import rebuild_all
from dangvu.members.snapshots import check_snapshots, refresh_snapshots
from dangvu.orgs.models import CELL_KINDS, GRASSROOTS_KINDS, Organization, OrgKind
from dangvu.orgs.projection import rebuild_orgs
from dangvu.ratings.models import RatingEntry, RatingRound

SMALL = Plan(communes=3, commune_cells=4, committees=4, committee_cells=3, grassroots_cells=5, members=600,
             enterprises=40)


def test_the_small_province_is_built_with_consistent_projections(db):
    result = generate_province2025(seed=7, plan=SMALL)
    kinds = set(Organization.objects.values_list("kind", flat=True))
    assert OrgKind.COMMUNE_COMMITTEE in kinds and OrgKind.GOVERNMENT_COMMITTEE in kinds
    grassroots = Organization.objects.filter(kind__in=GRASSROOTS_KINDS).count()
    assert grassroots == 3 + 4 + 5
    assert Organization.objects.filter(kind__in=CELL_KINDS).count() == result["cells"]
    assert Member.objects.count() == result["members"] and MemberEvent.objects.count() == result["events"]
    assert Member.objects.filter(left_on__isnull=True).count() >= 550  # ~600 active, a few left
    assert MembershipSpan.objects.filter(start_kind="moved").exists()  # some transfers
    assert rebuild_orgs(repair=False) == [] and rebuild_all(repair=False) == []
    refresh_snapshots(until=date(2026, 10, 31))
    assert check_snapshots() == []


def test_the_small_province_has_closed_ratings_and_enterprises_with_party_cells(db):
    """Issue 16: the province's ratings results and enterprise coverage at full size need both."""
    result = generate_province2025(seed=7, plan=SMALL)
    today_year = date.today().year
    assert sorted(RatingRound.objects.values_list("year", flat=True)) == [today_year - 2, today_year - 1]
    assert result["rating_entries"] == RatingEntry.objects.count()
    members_rated = RatingEntry.objects.filter(year=today_year - 1, subject_kind="member").count()
    assert members_rated > 500  # every member in the province on 31/12 (none exempted here)
    assert RatingEntry.objects.filter(subject_kind="organization").count() == 2 * 12  # the 12 grassroots, each year
    assert Enterprise.objects.count() == 40 and MassOrganization.objects.exists()
    party = Enterprise.objects.filter(party_org__isnull=False)
    assert party.count() == 3 * SMALL.enterprise_cells == result["enterprises_with_party_org"]
    assert {o.kind for o in Organization.objects.filter(enterprises__in=party)} == {OrgKind.SUBORDINATE_CELL}
    assert collect("projection_checks") == []  # the registry's dated links agree with its rows
