from datetime import date
from typing import Any

import pytest

from dangvu.core.errors import DomainError, NotVisible
from dangvu.members.models import Member
from dangvu.members.selectors import _row_fields, headcount, member_get, members_of, subtree_headcounts
from dangvu.members.services import member_record_event, member_update_profile
from dangvu.members.snapshots import refresh_snapshots
from dangvu.orgs.scope import forget_scope
from tests.factories import MemberFactory

ON = date(2026, 6, 1)


def names(page):
    return [r.member.full_name for r in page.items]


@pytest.fixture
def people(world):
    """Members of the bloc besides Hạnh (cell_a, full) and Bình (cell_b, probationary)."""
    mk = MemberFactory
    return {
        "dung": mk(organization=world.cell_c, full_name="Phạm Văn Dũng", sex="M", full_on=date(2017, 1, 1)),
        "dao": mk(organization=world.cell_c, full_name="Vũ Thị Đào", sex="F", admitted_on=date(2025, 9, 1)),
        "anh": mk(organization=world.cell_c, full_name="Đỗ Văn Anh", sex="M", full_on=date(2017, 1, 1)),
        "an": mk(organization=world.cell_a, full_name="Ngô Thị An", sex="F", full_on=date(2017, 1, 1)),
    }


def test_members_of_lists_the_subtree_in_vietnamese_name_order(world, people):
    page = members_of(world.officer, world.bloc, on=ON)
    assert names(page) == [
        "Ngô Thị An",
        "Đỗ Văn Anh",
        "Trần Văn Bình",
        "Phạm Văn Dũng",
        "Vũ Thị Đào",
        "Nguyễn Thị Hồng Hạnh",
    ]
    assert page.count == 6
    row = next(r for r in page.items if r.member == people["dung"])
    assert (row.organization_id, row.organization_name, row.status_on) == (
        world.cell_c.pk,
        "Chi bộ Công ty TNHH May Nam Sơn",
        "full",
    )


def test_members_of_as_of_a_past_date_uses_the_membership_and_names_of_that_date(world, people):
    member_record_event(
        actor=world.root_user,
        member=people["dung"],
        kind="transferred",
        effective_on=date(2026, 2, 1),
        to_organization=world.cell_l,
    )
    assert "Phạm Văn Dũng" in names(members_of(world.officer, world.bloc, on=date(2026, 1, 31)))
    assert "Phạm Văn Dũng" not in names(members_of(world.officer, world.bloc, on=date(2026, 2, 1)))
    # Before 2016 only Hạnh was in the bloc, and Đào not yet admitted.
    assert names(members_of(world.officer, world.bloc, on=date(2015, 12, 31))) == ["Nguyễn Thị Hồng Hạnh"]


def test_members_of_filters_status_as_of_the_date(world, people):
    full = names(members_of(world.officer, world.bloc, on=ON, status="full"))
    prob = names(members_of(world.officer, world.bloc, on=ON, status="probationary"))
    assert full == ["Ngô Thị An", "Đỗ Văn Anh", "Phạm Văn Dũng", "Nguyễn Thị Hồng Hạnh"]
    assert prob == ["Trần Văn Bình", "Vũ Thị Đào"]
    # On 1/6/2016 Dũng, Anh and An were still probationary (full on 1/1/2017).
    assert names(members_of(world.officer, world.bloc, on=date(2016, 6, 1), status="probationary")) == [
        "Ngô Thị An",
        "Đỗ Văn Anh",
        "Phạm Văn Dũng",
    ]
    page = members_of(world.officer, world.bloc, on=date(2016, 6, 1))
    assert {r.member.full_name: r.status_on for r in page.items}["Phạm Văn Dũng"] == "probationary"


def test_a_readmitted_member_is_full_on_dates_of_his_first_membership(world, people):
    m = people["dung"]  # full since 1/1/2017
    member_record_event(actor=world.officer, member=m, kind="struck_off", effective_on=date(2019, 1, 1))
    member_record_event(actor=world.officer, member=m, kind="readmitted", effective_on=date(2022, 1, 1))
    assert "Phạm Văn Dũng" in names(members_of(world.officer, world.bloc, on=date(2018, 1, 1), status="full"))


def test_members_of_filters_sex_sector_and_theory_level(world, people):
    member_update_profile(actor=world.officer, member=people["anh"], theory_level="intermediate")
    assert names(members_of(world.officer, world.bloc, on=ON, sex="F")) == [
        "Ngô Thị An",
        "Vũ Thị Đào",
        "Nguyễn Thị Hồng Hạnh",
    ]
    assert names(members_of(world.officer, world.bloc, on=ON, sector="non_state_enterprise")) == [
        "Đỗ Văn Anh",
        "Phạm Văn Dũng",
        "Vũ Thị Đào",
    ]
    assert names(members_of(world.officer, world.bloc, on=ON, theory_level="intermediate")) == ["Đỗ Văn Anh"]
    assert names(members_of(world.officer, world.bloc, on=ON, sex="M", sector="state_agency")) == ["Trần Văn Bình"]


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        ("nguyen thi hong hanh", ["Nguyễn Thị Hồng Hạnh"]),
        ("HẠNH", ["Nguyễn Thị Hồng Hạnh"]),
        ("dao", ["Vũ Thị Đào"]),
        ("  van   anh ", ["Đỗ Văn Anh"]),
        ("thi", ["Ngô Thị An", "Vũ Thị Đào", "Nguyễn Thị Hồng Hạnh"]),
        ("khong co ai", []),
    ],
)
def test_members_of_search_ignores_diacritics_and_case(world, people, q, expected):
    assert names(members_of(world.officer, world.bloc, on=ON, q=q)) == expected


def test_members_of_pages_keep_the_order(world, people):
    p1 = members_of(world.officer, world.bloc, on=ON, page_size=4)
    p2 = members_of(world.officer, world.bloc, on=ON, page=2, page_size=4)
    p3 = members_of(world.officer, world.bloc, on=ON, page=3, page_size=4)
    assert (p1.count, p1.pages) == (6, 2)
    assert names(p1) + names(p2) == names(members_of(world.officer, world.bloc, on=ON))
    assert len(names(p2)) == 2 and names(p3) == []


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"status": "dự bị"}, "status"),
        ({"sex": "X"}, "sex"),
        ({"sector": "bank"}, "sector"),
        ({"theory_level": "phd"}, "theory_level"),
        ({"page": 0}, "page"),
    ],
)
def test_members_of_refuses_bad_filters_naming_the_field(world, kw, field):
    with pytest.raises(DomainError) as exc:
        members_of(world.officer, world.bloc, on=ON, **kw)
    assert exc.value.field == field


def test_members_of_another_subtree_is_not_visible(world):
    with pytest.raises(NotVisible):
        members_of(world.officer, world.local, on=ON)
    with pytest.raises(NotVisible):
        members_of(world.secretary, world.cell_b, on=ON)
    assert members_of(world.officer, world.bloc, on=date(1990, 1, 1)).count == 0  # before the bloc existed


def test_members_of_runs_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    members_of(world.officer, world.bloc, on=ON)  # scope cached on the user, as within a request
    with django_assert_max_num_queries(4):  # path, keys, rows with their span and name and the data version, count
        small = members_of(world.officer, world.bloc, on=ON)
    for _ in range(30):
        MemberFactory.create(organization=world.cell_c, full_on=date(2017, 1, 1))
    forget_scope(world.officer)
    members_of(world.officer, world.bloc, on=ON)
    with django_assert_max_num_queries(4):  # a filtered count is counted once ...
        big = members_of(world.officer, world.bloc, on=ON, status="full", sector="non_state_enterprise", q="n")
        [r.organization_name for r in big.items]
    with django_assert_max_num_queries(3):  # ... and kept while the data stay the same
        again = members_of(world.officer, world.bloc, on=ON, status="full", sector="non_state_enterprise", q="n",
                           page_size=5)
    with django_assert_max_num_queries(2):  # a keyset page: the path, then the rows (issue 16: ~2× the bare SQL)
        following = members_of(world.officer, world.bloc, on=ON, status="full", sector="non_state_enterprise", q="n",
                               page_size=5, after=again.next_after)
        [(r.organization_name, r.status_on) for r in following.items]
    assert small.count == 2 and big.count > 20 and again.count == big.count
    assert following.items and following.items[0].organization_name and following.count == big.count


def test_a_kept_count_is_recounted_when_the_data_change(world):
    filters: dict[str, Any] = {"on": ON, "status": "full", "sector": "non_state_enterprise"}
    before = members_of(world.officer, world.bloc, **filters).count
    MemberFactory.create(organization=world.cell_c, full_on=date(2017, 1, 1))
    assert members_of(world.officer, world.bloc, **filters).count == before + 1


def test_keyset_paging_returns_every_member_once_while_members_are_added(world, django_assert_max_num_queries):
    for _i in range(23):
        MemberFactory.create(organization=world.cell_c, full_on=date(2017, 1, 1))
    seen: list[int] = []
    page = members_of(world.officer, world.bloc, on=ON, page_size=5)
    seen += [r.member.pk for r in page.items]
    added_after = []
    while page.next_after:
        # Someone records members while the list is being read: one sorts before the cursor, one after.
        added_after.append(
            MemberFactory.create(organization=world.cell_c, full_name="Vũ Văn Ý", full_on=date(2017, 1, 1))
        )
        MemberFactory.create(organization=world.cell_c, full_name="An Văn An", full_on=date(2017, 1, 1))
        # The data moved since the last page: the rows, the path of the date read again, the count recounted (the
        # headcount through the month-end snapshots when there are some: three statements).
        with django_assert_max_num_queries(5):
            page = members_of(world.officer, world.bloc, on=ON, page_size=5, after=page.next_after)
        seen += [r.member.pk for r in page.items]
    assert len(seen) == len(set(seen))  # nobody twice
    everyone_at_start = 25  # Hạnh, Bình and the 23 added above
    assert len(seen) >= everyone_at_start
    assert {m.pk for m in added_after} <= set(seen)  # those sorting after the cursor are reached
    # Read again with nobody writing: one statement a page (path and count kept), the same members in the same order.
    again: list[int] = []
    page = members_of(world.officer, world.bloc, on=ON, page_size=5)
    again += [r.member.pk for r in page.items]
    while page.next_after:
        with django_assert_max_num_queries(1):
            page = members_of(world.officer, world.bloc, on=ON, page_size=5, after=page.next_after)
        again += [r.member.pk for r in page.items]
    numbered = [r.member.pk for r in members_of(world.officer, world.bloc, on=ON, page_size=500).items]
    assert again == numbered and len(again) == len(set(again)) == page.count


def test_a_keyset_page_reads_the_data_version_of_the_cache_in_its_statement(world):
    """The page statement's version is core.cache.data_version() itself, so a kept count is checked for free."""
    from dangvu.core.cache import data_version
    from dangvu.members.selectors import _kept

    page = members_of(world.officer, world.bloc, on=ON, page_size=1)
    members_of(world.officer, world.bloc, on=ON, page_size=1, after=page.next_after)
    _key, kept = _kept(f"{world.bloc.pk}|{ON}||None|None|None|None")
    assert kept is not None and kept[0] == data_version() and kept[2] == world.bloc.path


def test_a_kept_path_is_not_trusted_once_the_data_moved(world):
    """A path kept under an older data version (e.g. before a restructuring) is read again before it is used."""
    from django.core.cache import cache

    from dangvu.members.selectors import _kept

    first = members_of(world.officer, world.bloc, on=ON, page_size=1)
    key, _kept_now = _kept(f"{world.bloc.pk}|{ON}||None|None|None|None")
    cache.set(key, ("an older version", 999, world.cell_b.path), 600)  # as if the bloc's path were cell_b's then
    page = members_of(world.officer, world.bloc, on=ON, page_size=1, after=first.next_after)
    assert page.count == first.count and names(page) == names(
        members_of(world.officer, world.bloc, on=ON, page=2, page_size=1))


def test_a_malformed_cursor_is_refused_naming_the_field(world):
    with pytest.raises(DomainError) as exc:
        members_of(world.officer, world.bloc, on=ON, after="x'; drop")
    assert (exc.value.field, exc.value.rule) == ("after", "cursor")


def test_subtree_headcounts_match_headcount_in_few_queries(world, people, django_assert_max_num_queries):
    orgs = [
        world.province,
        world.bloc,
        world.local,
        world.committee,
        world.cell_a,
        world.cell_b,
        world.cell_c,
        world.cell_l,
    ]
    for on in (date(2015, 12, 31), date(2016, 1, 1), date(2025, 9, 1), ON):
        with django_assert_max_num_queries(5):  # watermark, first snapshot, snapshot rows, changes, paths
            counts = subtree_headcounts([o.pk for o in orgs], on)
        assert counts == {o.pk: headcount(o, on) for o in orgs}
    assert subtree_headcounts([world.province.pk, world.bloc.pk], ON) == {world.province.pk: 7, world.bloc.pk: 6}
    refresh_snapshots(until=ON)
    for on in (date(2015, 12, 31), date(2016, 1, 1), date(2025, 9, 1), ON):
        with django_assert_max_num_queries(5):
            counts = subtree_headcounts([o.pk for o in orgs], on)
        assert counts == {o.pk: headcount(o, on) for o in orgs}


def test_member_get_is_not_visible_outside_the_subtree_but_visible_to_the_temporary_host(world):
    assert member_get(world.secretary, world.hanh.pk) == world.hanh
    with pytest.raises(NotVisible):
        member_get(world.other_secretary, world.hanh.pk)
    with pytest.raises(NotVisible):
        member_get(world.secretary, world.binh.pk)  # sibling cell
    with pytest.raises(NotVisible):
        member_get(world.secretary, 10**9)
    member_record_event(
        actor=world.secretary,
        member=world.hanh,
        kind="transferred",
        effective_on=date(2025, 1, 1),
        to_organization=world.cell_l,
        temporary=True,
        temporary_until=date(2025, 6, 1),
    )
    assert member_get(world.other_secretary, world.hanh.pk).temporary_organization == world.cell_l


def test_headcount_is_two_statements_and_matches_the_orm_query(world, django_assert_num_queries):
    from dangvu.members.selectors import headcount, spans_in_subtree_on
    from dangvu.orgs.selectors import path_on

    for org, on in [
        (world.province, date(2026, 6, 1)),
        (world.bloc, date(2009, 1, 1)),
        (world.cell_l, date(1980, 1, 1)),
    ]:
        path = path_on(org.pk, on)
        expected = spans_in_subtree_on(path, on).count() if path is not None else 0
        # The path on the date, then the count with the path as a literal (issue 16: the planner misjudged a
        # subquery's share of the tree).
        with django_assert_num_queries(2 if path is not None else 1):
            assert headcount(org, on) == expected
    assert headcount(world.province, date(2026, 6, 1)) == 3


@pytest.mark.parametrize("filters", [
    {}, {"q": "van"}, {"q": "%"}, {"q": "_"}, {"status": "full"}, {"status": "probationary"}, {"sex": "F"},
    {"sector": "non_state_enterprise", "q": "n"}, {"theory_level": "intermediate", "sex": "M"},
])
def test_keyset_pages_list_the_same_rows_as_numbered_pages_for_every_filter(world, people, filters):
    """The keyset statement is compiled once per filter shape and bound on each call: every value lands where the
    ORM put it (a LIKE pattern's wildcard typed by the user stays a character)."""
    numbered = members_of(world.officer, world.bloc, on=ON, page_size=500, **filters)
    seen: list[tuple[int, str, int | None, str]] = []
    page = members_of(world.officer, world.bloc, on=ON, page_size=1, **filters)
    rows = list(page.items)
    while page.next_after:
        page = members_of(world.officer, world.bloc, on=ON, page_size=1, after=page.next_after, **filters)
        rows += page.items
    seen = [(r.member.pk, r.status_on, r.organization_id, r.organization_name) for r in rows]
    assert seen == [(r.member.pk, r.status_on, r.organization_id, r.organization_name) for r in numbered.items]
    assert all(r.member.birth_date == Member.objects.get(pk=r.member.pk).birth_date for r in rows)


def _state(m: Member) -> tuple[Any, ...]:
    values = {k: v for k, v in m.__dict__.items() if k != "_state"}
    return values, m.get_deferred_fields(), m._state.adding, m._state.db


def test_list_rows_are_the_instances_from_db_makes(world, django_assert_num_queries):
    """members_of builds its rows' Member instances without Model.__init__ (selectors._instances): the same
    values, the same deferred fields and state as Model.from_db, a deferred field still loaded on access, and
    from_db itself as soon as something listens to Member's init signals."""
    from django.db.models.signals import post_init

    fields = _row_fields(False)
    page = members_of(world.officer, world.bloc, on=ON)
    assert page.items
    for row in page.items:
        m = row.member
        assert _state(m) == _state(Member.from_db("default", fields, [m.__dict__[f] for f in fields]))
        assert "organization_id" in m.get_deferred_fields() and m.full_name
        with django_assert_num_queries(1):  # a deferred field is read on access, as for any deferred instance
            org_id = m.organization_id
        assert org_id == Member.objects.get(pk=m.pk).organization_id
    seen: list[Any] = []

    def listener(sender: Any, instance: Any, **kwargs: Any) -> None:
        seen.append(instance.pk)

    post_init.connect(listener, sender=Member)
    try:
        page = members_of(world.officer, world.bloc, on=ON)
    finally:
        post_init.disconnect(listener, sender=Member)
    assert seen and set(seen) >= {r.member.pk for r in page.items}
