"""The round page at scale: a summary per grassroots organisation on top, entry forms one organisation at a
time when the members do not fit on a page, and a confirmed round as read-only text."""

from datetime import date

import pytest

from dangvu.ratings.selectors import round_view
from dangvu.ratings.services import rating_entries_record, rating_round_confirm, rating_round_open


@pytest.fixture
def rnd(world):
    return rating_round_open(actor=world.officer, organization=world.bloc, year=2026, reference_on=date(2026, 11, 1))


def test_a_large_round_shows_a_summary_and_one_organisation_at_a_time(world, rnd):
    view = round_view(world.officer, rnd, page_members=1)
    assert view.paged and view.cells == []
    units = {u.unit_id: (u.members, u.missing) for u in view.units}
    assert units == {world.committee.pk: (2, 2)}
    view = round_view(world.officer, rnd, page_members=1, unit_id=world.committee.pk)
    assert not view.paged and {b.cell_id for b in view.cells} == {world.cell_a.pk, world.cell_b.pk}
    assert {b.parent_name for b in view.cells} == {"Đảng bộ Sở Y tế"}
    view = round_view(world.officer, rnd, page_members=1, cell_id=world.cell_b.pk)
    assert [b.cell_id for b in view.cells] == [world.cell_b.pk]


def test_the_page_lists_units_filters_missing_and_keeps_the_unit_after_saving(as_user, world, rnd):
    c = as_user(world.officer)
    url = f"/ratings/rounds/{rnd.pk}/?unit={world.committee.pk}"
    r = c.post(url, {"action": "entries", f"m-level-{world.hanh.pk}": "good", f"m-score-{world.hanh.pk}": "85"})
    assert r.status_code == 302 and r["Location"].endswith(f"?unit={world.committee.pk}")
    r = c.get(url)
    body = r.content.decode()
    assert "Theo tổ chức cơ sở đảng" not in body or "Nhập kết quả" in body
    assert "Nguyễn Thị Hồng Hạnh" in body and "Trần Văn Bình" in body
    r = c.get(f"/ratings/rounds/{rnd.pk}/?missing=1")
    assert [u.unit_id for u in r.context["units"]] == [world.committee.pk]  # one of two still unrated


def test_a_confirmed_round_is_read_only_text(as_user, world, rnd):
    rating_entries_record(actor=world.officer, rating_round=rnd, entries=[
        {"member_id": world.hanh.pk, "level": "good", "score": 80},
        {"member_id": world.binh.pk, "level": "done", "score": 60},
        {"organization_id": world.committee.pk, "level": "good", "score": 80},
        {"organization_id": world.cell_c.pk, "level": "good", "score": 75},
    ])
    rating_round_confirm(actor=world.officer, rating_round=rnd)
    body = as_user(world.officer).get(f"/ratings/rounds/{rnd.pk}/").content.decode()
    assert "<select" not in body.split("<main", 1)[1] and "disabled" not in body
    assert "Hoàn thành tốt nhiệm vụ" in body and "80,00" in body


def _confirmed_with_every_entry(world, rnd, extra: int) -> list:
    """The round with `extra` more members in cell_c, every member, organisation and one leadership collective
    rated, then confirmed; the extra members."""
    from tests.factories import MemberFactory

    more = [MemberFactory.create(organization=world.cell_c, full_on=date(2017, 1, 1)) for _ in range(extra)]
    rating_entries_record(actor=world.officer, rating_round=rnd, entries=[
        *({"member_id": m.pk, "level": "good", "score": 80} for m in [world.hanh, world.binh, *more]),
        {"organization_id": world.committee.pk, "level": "good", "score": 80},
        {"organization_id": world.cell_c.pk, "level": "good", "score": 75},
        {"subject": "leadership", "organization_id": world.committee.pk, "collective": "committee", "level": "good",
         "score": 85},
    ])
    rating_round_confirm(actor=world.officer, rating_round=rnd)
    return more


def test_a_confirmed_round_builds_entries_only_for_the_rows_it_shows(world, rnd, django_assert_max_num_queries):
    """Who is rated is read as tuples; entry instances only for the rows on the page (a bloc's 8.600 entries as
    model instances took ~0,7 s of the 1 s page)."""
    from django.db.models.signals import post_init

    from dangvu.ratings.models import RatingEntry

    more = _confirmed_with_every_entry(world, rnd, 8)
    built: list[RatingEntry] = []

    def count(sender, instance, **kwargs):
        built.append(instance)

    post_init.connect(count, sender=RatingEntry)
    try:
        with django_assert_max_num_queries(9):
            view = round_view(world.officer, rnd, page_members=1)
        assert view.paged and view.cells == [] and view.missing_members == 0 and view.missing_orgs == 0
        assert view.members_total == 10 and [e.organization_id for e in view.leadership] == [world.committee.pk]
        assert sorted(e.subject_kind for e in built) == ["leadership", "organization", "organization"]
        built.clear()
        view = round_view(world.officer, rnd, page_members=1, unit_id=world.cell_c.pk)
        assert {r["id"] for b in view.cells for r in b.rows} == {m.pk for m in more}
        assert all(r["entry"].level == "good" for b in view.cells for r in b.rows)
        assert {(e.subject_kind, e.member_id or e.organization_id) for e in built} == {
            *(("member", m.pk) for m in more), ("organization", world.cell_c.pk), ("leadership", world.committee.pk)}
    finally:
        post_init.disconnect(count, sender=RatingEntry)


def test_the_confirmed_round_page_has_a_fixed_query_count(as_user, world, rnd, django_assert_max_num_queries):
    _confirmed_with_every_entry(world, rnd, 12)
    c = as_user(world.officer)
    url = f"/ratings/rounds/{rnd.pk}/"
    c.get(url)
    with django_assert_max_num_queries(16):
        body = c.get(url).content.decode()
    main = body.split("<main", 1)[1]
    assert "<select" not in main and 'class="rt-gap"' not in main  # read-only text, nothing unrated
    assert main.count("Hoàn thành tốt nhiệm vụ") >= 14
