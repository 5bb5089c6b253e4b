from datetime import date

from dangvu.members.selectors import headcount, members_of


def test_world_builds_and_counts(world):
    assert headcount(world.bloc, date(2026, 6, 1)) == 2
    assert headcount(world.province, date(2026, 6, 1)) == 3
    page = members_of(world.officer, world.bloc, on=date(2026, 6, 1), q="nguyen thi hong hanh")
    assert [r.member.full_name for r in page.items] == ["Nguyễn Thị Hồng Hạnh"]
