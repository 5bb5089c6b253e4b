"""The round page's leader form («cán bộ lãnh đạo, quản lý») picks the member by name as you type through the
app's member picker (documents:people_pick + js/rowpicker.js) limited to the round's subtree on its reference date and
the user's scope; a bad or foreign id is a 400 naming the field, nothing written."""

from datetime import date

import pytest

from dangvu.members.services import member_record
from dangvu.ratings.models import RatingEntry
from dangvu.ratings.population import round_leader_members
from dangvu.ratings.services import rating_round_open

REF = date(2026, 11, 1)


@pytest.fixture
def rnd(world):
    return rating_round_open(actor=world.officer, organization=world.bloc, year=2026, reference_on=REF)


def _post(c, rnd, **data):
    return c.post(f"/ratings/rounds/{rnd.pk}/", {
        "action": "leader", "position": "Bí thư Đảng ủy Sở Y tế", "level": "good", "score": "85", **data,
    })


def test_the_page_has_the_member_picker_not_a_select(as_user, world, rnd):
    body = as_user(world.officer).get(f"/ratings/rounds/{rnd.pk}/").content.decode()
    assert f'data-pick-url="/documents/people/pick/?round={rnd.pk}"' in body
    assert 'data-pick-target="leader-subject_id"' in body and 'id="leader-subject_id"' in body
    assert '<label for="leader-member_name">Cán bộ lãnh đạo, quản lý</label>' in body
    assert 'id="leader-member"' not in body  # the old <select> of the members listed on the page
    assert "js/rowpicker.js" in body


def test_the_endpoint_offers_the_rounds_members_in_scope(as_user, world, rnd):
    later = member_record(  # admitted after the reference date: not rated in this round
        actor=world.root_user, organization=world.cell_a, full_name="Nguyễn Văn Hậu", sex="M",
        birth_date=date(1990, 1, 1), admitted_on=date(2026, 11, 10), ceremony_on=date(2026, 11, 15),
    )
    c = as_user(world.admin)
    names = {r["name"] for r in c.get(f"/documents/people/pick/?round={rnd.pk}&q=nguyen").json()["results"]}
    assert names == {"Nguyễn Thị Hồng Hạnh"}  # not Hậu (later), not members of another subtree
    assert {r["name"] for r in c.get("/documents/people/pick/?q=nguyen").json()["results"]} >= {later.full_name}
    assert [r["name"] for r in c.get(f"/documents/people/pick/?round={rnd.pk}&q=le thi").json()["results"]] == []
    # A cell secretary may not rate leaders: nothing offered; an unknown round is a 404.
    s = as_user(world.secretary)
    assert s.get(f"/documents/people/pick/?round={rnd.pk}&q=nguyen").json()["results"] == []
    assert s.get("/documents/people/pick/?round=abc&q=nguyen").status_code == 404
    assert set(round_leader_members(world.officer, rnd).values_list("pk", flat=True)) == {world.hanh.pk,
                                                                                        world.binh.pk}


def test_a_picked_member_is_recorded(as_user, world, rnd):
    r = _post(as_user(world.officer), rnd, subject_id=str(world.hanh.pk), member_name="Nguyễn Thị Hồng Hạnh — x")
    assert r.status_code == 302
    entry = RatingEntry.objects.get(rating_round=rnd, subject_kind="leader")
    assert entry.member_id == world.hanh.pk and entry.position == "Bí thư Đảng ủy Sở Y tế"


def test_a_typed_name_without_script_is_accepted_when_it_is_one_member(as_user, world, rnd):
    r = _post(as_user(world.officer), rnd, member_name="tran van binh")
    assert r.status_code == 302
    assert RatingEntry.objects.get(rating_round=rnd, subject_kind="leader").member_id == world.binh.pk


@pytest.mark.parametrize("bad", ["abc", "-3", "99999999999999999999", "other_subtree", "missing", "nobody"])
def test_a_bad_or_foreign_member_is_a_400_naming_the_field(as_user, world, rnd, bad):
    data = {
        "abc": {"subject_id": "abc"}, "-3": {"subject_id": "-3"}, "99999999999999999999": {"subject_id": "9" * 20},
        "other_subtree": {"subject_id": str(world.anh.pk)}, "missing": {}, "nobody": {"member_name": "Không Ai"},
    }[bad]
    before = RatingEntry.objects.count()
    r = _post(as_user(world.admin), rnd, **data)  # the admin sees Ánh's subtree: the round limits the choice
    body = r.content.decode()
    assert r.status_code == 400
    assert "«Cán bộ lãnh đạo, quản lý»" in body and 'aria-invalid="true"' in body
    if bad == "other_subtree":
        assert (f"đảng viên mã số {world.anh.pk} không có trong danh sách chọn — chỉ chọn được đảng viên sinh hoạt "
                f"trong {world.bloc.name} vào ngày chốt danh sách 01/11/2026") in body
    if bad == "abc":
        assert "«abc» không phải mã số đảng viên" in body
    assert RatingEntry.objects.count() == before
