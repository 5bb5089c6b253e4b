"""The monthly cell-meeting view at bloc scale: totals of the whole subtree on top, a summary by committee, a filter
by committee, and the cells paged (a bloc's 427 cells were 249 KB on one page; < 100 KB asserted at bloc scale in
tests/web/test_big_pages.py)."""

from datetime import date

import pytest

from dangvu.ratings import views
from dangvu.ratings.selectors import meetings_month, regular_meeting_grades
from dangvu.ratings.services import meeting_record

from .test_meetings import _scores

URL = "/ratings/meetings/?organization_id={bloc}&year=2026&month=3"


@pytest.fixture
def recorded(world, criteria):
    """Chi bộ Văn phòng Sở (under Đảng bộ Sở Y tế) held its regular March meeting, graded Tốt."""
    return meeting_record(
        actor=world.secretary, cell=world.cell_a, year=2026, month=3, held_on=date(2026, 3, 5),
        present=1, excused=0, absent=0, scores=_scores(criteria, [15, 20, 45, 20]),
    )


def test_pages_keep_the_totals_of_the_whole_subtree(as_user, world, recorded, monkeypatch):
    monkeypatch.setattr(views, "MONTH_PAGE_ROWS", 1)
    c = as_user(world.officer)
    url = URL.format(bloc=world.bloc.pk)
    first = c.get(url)
    assert first.context["pages"] == 3 and first.context["page"] == 1
    # Only the page's cell is listed; the committee with a gap comes first, its unrecorded cell first.
    assert [r.cell_id for g in first.context["groups"] for r in g.rows] == [world.cell_b.pk]
    body = first.content.decode()
    assert '<span class="stat-num">1/3</span>' in body  # totals of every cell, whatever the page
    assert "Trang 1 / 3" in body and "Trang sau" in body
    # The summary names every committee with its counts and the page its cells start on.
    summary = body.split('id="month-summary"', 1)[1].split("</details>", 1)[0]
    assert "Đảng bộ Sở Y tế" in summary and "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh" in summary
    assert f"page=3#g-{world.bloc.pk}" in summary.replace("&amp;", "&")
    second = c.get(url + "&page=2")
    assert [r.cell_id for g in second.context["groups"] for r in g.rows] == [world.cell_a.pk]
    assert '<span class="stat-num">1/3</span>' in second.content.decode()
    # A page past the end shows the last one.
    assert c.get(url + "&page=99").context["page"] == 3


def test_filter_by_committee(as_user, world, recorded):
    c = as_user(world.officer)
    r = c.get(URL.format(bloc=world.bloc.pk) + f"&group={world.committee.pk}")
    assert [r.cell_id for g in r.context["groups"] for r in g.rows] == [world.cell_b.pk, world.cell_a.pk]
    body = r.content.decode()
    assert f'<option value="{world.committee.pk}" selected>Đảng bộ Sở Y tế</option>' in body
    assert world.cell_c.name not in body.split('id="month-table"', 1)[1]
    # The filter's other choices and the totals stay; an unknown committee is ignored (no 500).
    assert '<span class="stat-num">1/3</span>' in body
    r = c.get(URL.format(bloc=world.bloc.pk) + "&group=abc")
    assert r.status_code == 200 and r.context["group"] is None
    r = c.get(URL.format(bloc=world.bloc.pk) + f"&group={world.local.pk}")
    assert r.context["group"] is None and len(r.context["summary"]) == 2


def test_grade_totals_are_the_regular_meetings_definition(world, recorded):
    view = meetings_month(world.officer, world.bloc.pk, 2026, 3)
    cells = [r.cell_id for r in view.rows]
    assert view.grade_counts == regular_meeting_grades(cells, date(2026, 3, 1), date(2026, 3, 31))
    assert view.grade_counts["good"] == 1


def test_query_count_does_not_grow_with_the_page(as_user, world, recorded, django_assert_max_num_queries):
    c = as_user(world.officer)
    c.get(URL.format(bloc=world.bloc.pk))
    with django_assert_max_num_queries(12):
        c.get(URL.format(bloc=world.bloc.pk) + "&page=1&show=missing")


def test_a_committee_cut_by_a_page_break_says_so(as_user, world, recorded, monkeypatch):
    monkeypatch.setattr(views, "MONTH_PAGE_ROWS", 1)
    c = as_user(world.officer)
    first = c.get(URL.format(bloc=world.bloc.pk)).content.decode()
    assert "Đảng bộ Sở Y tế</strong> — 1 trong 2 chi bộ trên trang này" in first
    second = c.get(URL.format(bloc=world.bloc.pk) + "&page=2").content.decode()
    assert "Đảng bộ Sở Y tế</strong> (tiếp theo trang trước) — 1 trong 2 chi bộ trên trang này" in second
    monkeypatch.setattr(views, "MONTH_PAGE_ROWS", 80)
    whole = c.get(URL.format(bloc=world.bloc.pk)).content.decode()
    assert "Đảng bộ Sở Y tế</strong> — 2 chi bộ" in whole and "trên trang này" not in whole


def test_a_viewer_gets_no_record_links(as_user, world, recorded):
    url = URL.format(bloc=world.bloc.pk)
    viewer = as_user(world.viewer).get(url).content.decode()
    assert "Ghi kết quả<" not in viewer and ">Sửa<" not in viewer
    assert 'class="rt-gap">Chưa ghi<' in viewer  # the gaps themselves are shown
    officer = as_user(world.officer).get(url).content.decode()
    assert officer.count("Ghi kết quả<") == 2 and officer.count(">Sửa<") == 1
