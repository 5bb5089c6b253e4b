import pytest

from dangvu.enterprises.ratings_adapter import mass_org_ratings
from dangvu.enterprises.selectors import enterprise_detail


def test_mass_org_ratings_come_from_the_ratings_app(world, scenario):
    mass = pytest.importorskip("dangvu.ratings.services.mass")
    mass.mass_org_rating_record(actor=world.root_user, subject=scenario.union1, organization=world.bloc,
                                kind="trade_union", year=2024, level="strong")
    assert mass_org_ratings([scenario.union1.pk], 2024) == {scenario.union1.pk: "Công đoàn cơ sở vững mạnh"}
    assert mass_org_ratings([scenario.union1.pk], 2023) == {}
    from datetime import date

    d = enterprise_detail(world.admin, scenario.e1.pk, on=date(2024, 12, 31))
    assert [r for _, _, r in d.mass_orgs if r] == ["Công đoàn cơ sở vững mạnh"]
