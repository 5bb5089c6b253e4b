from datetime import date

import pytest

from dangvu.members.services import member_record, member_record_event

from .conftest import ApiClient, counts


def test_membership_flow_balances_over_a_period(world):
    member_record_event(
        actor=world.root_user,
        member=world.hanh,
        kind="transferred",
        effective_on=date(2026, 3, 1),
        to_organization=world.cell_l,
    )
    api = ApiClient(world.officer)
    r = api.get(
        "/reports/membership-flow",
        organization_id=world.bloc.pk,
        **{"from": "2026-01-01", "to": "2026-06-30"},
    )
    assert r.status_code == 200, r.content
    assert r.json() == {
        "organization_id": world.bloc.pk,
        "from": "2026-01-01",
        "to": "2026-06-30",
        "opening": 1,
        "inflows": {
            "admitted": 1,
            "transferred_in": 0,
            "reinstated": 0,
            "readmitted": 0,
            "restructured_in": 0,
        },
        "outflows": {
            "transferred_out": 1,
            "struck_off": 0,
            "expelled": 0,
            "released": 0,
            "deceased": 0,
            "restructured_out": 0,
        },
        "closing": 1,
    }
    # The period includes both ends: a period of the single day of admission still counts it.
    one_day = api.get("/reports/membership-flow", **{"from": "2026-01-05", "to": "2026-01-05"}).json()
    assert one_day["organization_id"] == world.bloc.pk  # default: the officer's assigned organisation
    assert (one_day["opening"], one_day["inflows"]["admitted"], one_day["closing"]) == (1, 1, 2)


def test_it_validates_scope(world, no_unexpected_errors):
    other = ApiClient(world.other_secretary)
    r = other.get(
        "/reports/membership-flow",
        organization_id=world.bloc.pk,
        **{"from": "2026-01-01", "to": "2026-06-30"},
    )
    assert r.status_code == 404 and r.json()["detail"] == "Không tìm thấy hoặc bạn không có quyền xem."
    r = other.get("/reports/membership-flow", **{"from": "2026-01-01", "to": "2026-06-30"})
    assert r.status_code == 200 and r.json()["organization_id"] == world.cell_l.pk


@pytest.mark.parametrize(
    ("params", "field", "words"),
    [
        ({"to": "2026-06-30"}, "from", "Thiếu trường bắt buộc 'from'"),
        ({"from": "2026-01-01"}, "to", "Thiếu trường bắt buộc 'to'"),
        ({"from": "2026-02-30", "to": "2026-06-30"}, "from", "YYYY-MM-DD"),
        ({"from": "2026-07-01", "to": "2026-06-30"}, "from", "phải trước"),
        (
            {"from": "2026-01-01", "to": "2026-06-30", "organization_id": "khoi"},
            "organization_id",
            "số nguyên",
        ),
    ],
)
def test_bad_periods_name_the_field(world, no_unexpected_errors, params, field, words):
    api = ApiClient(world.officer)
    before = counts()
    r = api.get("/reports/membership-flow", **params)
    assert r.status_code == 422, r.content
    assert r.json()["field"] == field and words in r.json()["detail"]
    assert counts() == before


def test_flow_query_count_does_not_grow_with_rows(world, django_assert_max_num_queries):
    api = ApiClient(world.officer)
    period = {"from": "2026-01-01", "to": "2026-11-01"}
    # Issue 16: + the organisation's path spans, the clean months, and opening/closing through the month-end
    # snapshots (path, snapshot base, snapshot sum, changes since) when they may be used.
    with django_assert_max_num_queries(17):
        small = api.get("/reports/membership-flow", **period).json()
    for i in range(20):
        member_record(
            actor=world.root_user,
            organization=world.cell_c,
            full_name=f"Phạm Văn {i}",
            sex="M",
            birth_date=date(1990, 1, 1),
            admitted_on=date(2026, 2, 1),
        )
    with django_assert_max_num_queries(17):
        big = api.get("/reports/membership-flow", **period).json()
    assert big["inflows"]["admitted"] == small["inflows"]["admitted"] + 20
    assert big["closing"] == small["closing"] + 20
