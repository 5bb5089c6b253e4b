from datetime import date

import pytest

from dangvu.accounts.models import Role
from dangvu.core.errors import NotVisible
from dangvu.members.selectors import headcount, members_of, subtree_headcounts
from dangvu.orgs.scope import scope_of
from dangvu.orgs.selectors import names_on, org_get, path_on, tree_on
from dangvu.orgs.services import org_move, org_rename
from tests.factories import MemberFactory, OrgFactory, ProvinceFactory, UserFactory, superuser


def _names(nodes):
    return [(n.depth, n.name) for n in nodes]


def test_tree_on_a_past_date_shows_old_names_and_the_old_parent(world):
    org_rename(actor=world.admin, org=world.committee, name="Đảng bộ Sở Y tế và Dân số", effective_on=date(2020, 1, 1))
    org_move(actor=world.admin, org=world.committee, parent=world.local, effective_on=date(2024, 1, 1))

    past = {n.org.pk: n for n in tree_on(world.admin, date(2019, 12, 31))}
    assert past[world.committee.pk].name == "Đảng bộ Sở Y tế"
    assert past[world.committee.pk].parent_id == world.bloc.pk
    assert past[world.cell_a.pk].parent_id == world.committee.pk
    assert past[world.cell_a.pk].depth == 3

    between = {n.org.pk: n for n in tree_on(world.admin, date(2023, 12, 31))}
    assert between[world.committee.pk].name == "Đảng bộ Sở Y tế và Dân số"
    assert between[world.committee.pk].parent_id == world.bloc.pk

    now = {n.org.pk: n for n in tree_on(world.admin, date(2024, 1, 1))}
    assert now[world.committee.pk].parent_id == world.local.pk


def test_tree_on_lists_parents_before_children_and_siblings_by_name(world):
    nodes = tree_on(world.admin, date(2026, 6, 1))
    assert _names(nodes) == [
        (0, "Đảng bộ tỉnh Ninh Bình"),
        (1, "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh"),
        (2, "Chi bộ Công ty TNHH May Nam Sơn"),
        (2, "Đảng bộ Sở Y tế"),
        (3, "Chi bộ Phòng Nghiệp vụ"),
        (3, "Chi bộ Văn phòng Sở"),
        (1, "Đảng bộ thành phố Hoa Lư"),
        (2, "Chi bộ phường Đông Thành"),
    ]


def test_tree_on_omits_organisations_not_yet_founded(world):
    names = [n.name for n in tree_on(world.admin, date(2010, 1, 1))]
    assert "Chi bộ Công ty TNHH May Nam Sơn" not in names  # founded 1/6/2015
    assert "Đảng bộ Sở Y tế" in names
    assert tree_on(world.admin, date(1940, 1, 1)) == []


def test_tree_on_for_a_bloc_user_shows_only_the_bloc_subtree(world):
    nodes = tree_on(world.officer, date(2026, 6, 1))
    assert [n.depth for n in nodes][0] == 0
    assert {n.org.pk for n in nodes} == {
        world.bloc.pk,
        world.committee.pk,
        world.cell_a.pk,
        world.cell_b.pk,
        world.cell_c.pk,
    }


def test_tree_on_with_a_root_is_that_subtree_as_of_the_date(world):
    org_move(actor=world.admin, org=world.committee, parent=world.local, effective_on=date(2024, 1, 1))
    before = {n.org.pk for n in tree_on(world.admin, date(2023, 1, 1), root=world.local)}
    after = {n.org.pk for n in tree_on(world.admin, date(2024, 1, 1), root=world.local)}
    assert before == {world.local.pk, world.cell_l.pk}
    assert after == {world.local.pk, world.cell_l.pk, world.committee.pk, world.cell_a.pk, world.cell_b.pk}


def test_names_on_ignores_later_renames(world):
    org_rename(actor=world.admin, org=world.cell_c, name="Tên 2020", effective_on=date(2020, 1, 1))
    org_rename(actor=world.admin, org=world.cell_c, name="Tên 2022", effective_on=date(2022, 1, 1))
    assert names_on([world.cell_c.pk], date(2019, 12, 31)) == {world.cell_c.pk: "Chi bộ Công ty TNHH May Nam Sơn"}
    assert names_on([world.cell_c.pk], date(2021, 6, 1)) == {world.cell_c.pk: "Tên 2020"}
    assert names_on([world.cell_c.pk], date(2022, 1, 1)) == {world.cell_c.pk: "Tên 2022"}


def test_path_on_follows_moves(world):
    org_move(actor=world.admin, org=world.cell_c, parent=world.local, effective_on=date(2024, 1, 1))
    p = world.province.pk
    assert path_on(world.cell_c.pk, date(2023, 12, 31)) == f"{p}.{world.bloc.pk}.{world.cell_c.pk}."
    assert path_on(world.cell_c.pk, date(2024, 1, 1)) == f"{p}.{world.local.pk}.{world.cell_c.pk}."
    assert path_on(world.cell_c.pk, date(2015, 5, 31)) is None


def test_org_get_hides_organisations_outside_the_users_scope(world):
    assert org_get(world.officer, world.cell_a.pk) == world.cell_a
    with pytest.raises(NotVisible):
        org_get(world.officer, world.cell_l.pk)
    with pytest.raises(NotVisible):
        org_get(world.officer, 10**9)
    with pytest.raises(NotVisible):
        org_get(world.officer, "abc")  # type: ignore[arg-type]  # a malformed id must be NotVisible too


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_ids_that_are_prefixes_of_each_other_never_mix_subtrees():
    """Paths end with a dot: the subtree of #2 never holds #21, the subtree of #1 never holds #11's."""
    province = ProvinceFactory.create()  # 1
    bloc = OrgFactory.create(kind="bloc_committee", parent=province, founded_on=date(2000, 1, 1))  # 2
    local = OrgFactory.create(kind="local_committee", parent=province, founded_on=date(2000, 1, 1))  # 3
    # Under the bloc: odd ids and 12; under the local committee: even ids and 21.
    created = [OrgFactory.create(parent=bloc if (i % 2 == 1 and i != 21) or i == 12 else local) for i in range(4, 22)]
    by_id = {o.pk: o for o in [province, bloc, local, *created]}
    assert set(by_id) == set(range(1, 22)), "ids must start at 1 for this test"
    assert by_id[12].path == "1.2.12."
    assert by_id[21].path == "1.3.21."
    assert by_id[11].path == "1.2.11."
    in_12 = MemberFactory.create(organization=by_id[12])
    MemberFactory.create(organization=by_id[21])
    MemberFactory.create(organization=by_id[11])  # under the bloc: "1.2.11."
    on = date(2020, 1, 1)
    assert headcount(bloc, on) == 2
    assert headcount(local, on) == 1
    assert headcount(by_id[1], on) == 3
    assert subtree_headcounts([1, 2, 3, 11, 12, 21], on) == {1: 3, 2: 2, 3: 1, 11: 1, 12: 1, 21: 1}

    officer = UserFactory.create(assignment=(bloc, Role.COMMITTEE_OFFICER))
    seen = scope_of(officer).org_ids
    assert 12 in seen and 11 in seen and 21 not in seen and 3 not in seen
    page = members_of(officer, bloc, on=on)
    assert in_12.pk in {r.member.pk for r in page.items} and page.count == 2

    # A secretary of #1 would see everything (the root); the secretary of #11 sees only #11.
    secretary = UserFactory.create(assignment=(by_id[11], Role.CELL_SECRETARY))
    assert scope_of(secretary).org_ids == frozenset({11})
    assert headcount(by_id[11], on) == 1
    # Moving #12 to the local committee changes counts from that date on only.
    org_move(actor=superuser(), org=by_id[12], parent=local, effective_on=date(2021, 1, 1))
    assert headcount(bloc, date(2021, 1, 1)) == 1 and headcount(local, date(2021, 1, 1)) == 2
    assert headcount(bloc, on) == 2
