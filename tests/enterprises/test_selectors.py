from datetime import date

import pytest

from dangvu.core.errors import NotVisible
from dangvu.enterprises import services as s
from dangvu.enterprises.selectors import coverage, enterprise_detail, enterprises_of, facts_on, work_list

END_2024 = date(2024, 12, 31)
END_2023 = date(2023, 12, 31)


def test_coverage_figures_by_hand(world, scenario):
    c = coverage(world.admin, world.province.pk, END_2024)
    # e1..e4 exist (e5 dissolved 1/1/2024); workers 1.500 + 120 + 8 + 300
    assert c.total.enterprises == 4
    assert c.total.workers == 1928
    assert c.total.by_kind["party"].enterprises == 2  # e1, e4
    assert c.total.by_kind["party"].workers == 1800
    assert c.total.share("party") == pytest.approx(50.0)
    assert c.total.by_kind["trade_union"].enterprises == 2  # e1, e2
    assert c.total.worker_share("trade_union") == pytest.approx(100 * 1620 / 1928)
    assert c.total.by_kind["veterans"].enterprises == 0
    bands = {r.label: r.enterprises for r in dict(c.breakdowns)["Quy mô lao động"]}
    assert bands == {"Dưới 10": 1, "10–49": 0, "50–199": 1, "200–999": 1, "Từ 1.000 trở lên": 1}
    zones = {r.label: (r.enterprises, r.by_kind["party"].enterprises) for r in dict(c.breakdowns)["Khu công nghiệp"]}
    assert zones == {"KCN Gián Khẩu": (2, 1), "Ngoài khu công nghiệp": (2, 1)}
    owners = {r.label: r.enterprises for r in dict(c.breakdowns)["Loại hình sở hữu"]}
    assert owners["Có vốn đầu tư nước ngoài (FDI)"] == 1 and owners["Tư nhân"] == 3


def test_headline_table_by_hand(world, scenario):
    lines = {h.kind: h for h in coverage(world.admin, world.province.pk, END_2024).headline}
    assert (lines["party"].organizations, lines["party"].members) == (2, 1)  # cell_c 0 members, cell_e4 1
    assert sorted(lines["party"].parts) == sorted([(world.bloc.name, 1, 0), (world.local.name, 1, 1)])
    assert (lines["trade_union"].organizations, lines["trade_union"].members) == (2, 1180)
    assert (lines["youth_union"].organizations, lines["youth_union"].members) == (1, 25)
    assert (lines["women"].organizations, lines["women"].members) == (1, 300)
    assert ("Chi hội", 1, 300) in lines["women"].parts


def test_counts_are_as_of_a_date_before_the_last_update(world, scenario):
    c = coverage(world.admin, world.province.pk, END_2023)
    assert c.total.enterprises == 5  # e5 not yet dissolved
    assert c.total.workers == 1200 + 120 + 8 + 300 + 60
    lines = {h.kind: h for h in c.headline}
    assert lines["trade_union"].members == 900 + 80
    early = facts_on([scenario.e1], date(2022, 6, 1))[0]
    assert early.workers is None and early.mass.keys() == {"trade_union", "women"}
    assert early.mass["trade_union"].members is None


def test_the_work_list(world, scenario):
    rows = work_list(world.admin, world.province.pk, END_2024)
    assert [f.enterprise for f in rows] == [scenario.e4, scenario.e2]
    assert [f.enterprise for f in work_list(world.admin, world.province.pk, END_2024, lacking="union")] == [
        scenario.e4
    ]
    assert [f.enterprise for f in work_list(world.admin, world.province.pk, END_2024, lacking="party")] == [
        scenario.e2
    ]
    assert work_list(world.admin, world.province.pk, END_2024, min_workers=500) == []


def test_a_union_founded_later_leaves_the_work_list(world, scenario):
    s.mass_org_found(actor=world.admin, enterprise=scenario.e4, kind="trade_union", founded_on=date(2025, 2, 1))
    assert [f.enterprise for f in work_list(world.admin, world.province.pk, date(2025, 3, 1), lacking="union")] == []
    assert len(work_list(world.admin, world.province.pk, END_2024, lacking="union")) == 1


def test_it_validates_scope(world, scenario):
    # the bloc officer sees the zone's enterprises (and e1 through its party cell), not the local ones
    seen = {f.enterprise for f in enterprises_of(world.officer, on=END_2024).rows}
    assert seen == {scenario.e1, scenario.e2}
    c = coverage(world.officer, world.bloc.pk, END_2024)
    assert c.total.enterprises == 2
    with pytest.raises(NotVisible):
        coverage(world.other_secretary, world.bloc.pk, END_2024)
    with pytest.raises(NotVisible):
        enterprise_detail(world.other_secretary, scenario.e1.pk, on=END_2024)
    assert enterprises_of(world.other_secretary, on=END_2024).count == 0
    # the local committee's steering committee covers Hoa Lư: a local officer sees all four
    from tests.conftest import make_user

    local_officer = make_user("canbo.hoalu", world.local, "committee_officer")
    assert {f.enterprise for f in enterprises_of(local_officer, on=END_2024).rows} == {
        scenario.e1, scenario.e2, scenario.e3, scenario.e4
    }


def test_list_filters(world, scenario):
    def names(**kw):
        return {f.enterprise for f in enterprises_of(world.admin, on=END_2024, **kw).rows}

    assert names(has_party_org=False) == {scenario.e2, scenario.e3}
    assert names(has_union=True) == {scenario.e1, scenario.e2}
    assert names(min_workforce=200) == {scenario.e1, scenario.e4}
    assert names(ownership="fdi") == {scenario.e1}
    assert names(zone_id=0) == {scenario.e3, scenario.e4}
    assert names(q="da hoa lu") == {scenario.e4}


def test_query_counts_do_not_grow_with_enterprises(world, scenario, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        enterprises_of(world.officer, on=END_2024)
    with django_assert_max_num_queries(18):  # + the dated links of that day (issue 11), + snapshot watermark
        coverage(world.admin, world.province.pk, END_2024)
    with django_assert_max_num_queries(22):  # + the dated links, + snapshot watermark
        enterprise_detail(world.admin, scenario.e1.pk, on=END_2024)


def test_the_work_list_paged_is_the_work_list_in_pages(world, scenario, django_assert_max_num_queries):
    """work_list_paged: the same enterprises in the same order as work_list, a page at a time, the count of the
    whole list; a page past the last shows the last; Facts are built for the page only (query count fixed)."""
    from dangvu.enterprises.selectors import work_list_paged

    whole = [f.enterprise for f in work_list(world.admin, world.province.pk, END_2024)]
    assert len(whole) == 2
    first = work_list_paged(world.admin, world.province.pk, END_2024, page=1, page_size=1)
    second = work_list_paged(world.admin, world.province.pk, END_2024, page=2, page_size=1)
    assert (first.count, first.pages, first.page, second.page) == (2, 2, 1, 2)
    assert [f.enterprise for f in first.items + second.items] == whole
    assert work_list_paged(world.admin, world.province.pk, END_2024, page=99, page_size=1).page == 2
    one = work_list_paged(world.admin, world.province.pk, END_2024, lacking="party")
    assert ([f.enterprise for f in one.items], one.count, one.pages) == ([scenario.e2], 1, 1)
    empty = work_list_paged(world.admin, world.province.pk, END_2024, min_workers=500)
    assert (empty.items, empty.count, empty.pages, empty.page) == ([], 0, 1, 1)
    with django_assert_max_num_queries(16):
        work_list_paged(world.admin, world.province.pk, END_2024, page=1, page_size=1)
    with pytest.raises(NotVisible):
        work_list_paged(world.other_secretary, world.bloc.pk, END_2024)
