"""The members report reads plain rows, not model instances (7.500 deferred Member instances were two thirds of
/reports/members/ at bloc scale): its query count does not grow with the members, and no Member is instantiated."""

from datetime import date

import pytest
from django.db.models import Model
from django.test import Client
from django.test.utils import CaptureQueriesContext

from dangvu.members.models import Member
from dangvu.members.services import member_record
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _add(world: World, n: int, start: int) -> None:
    for i in range(start, start + n):
        member_record(
            actor=world.root_user, organization=world.cell_a, full_name=f"Đảng viên Thử {i}", sex="F" if i % 2 else "M",
            birth_date=date(1970 + i % 15, 1, 1), admitted_on=date(2005, 1, 1), ceremony_on=date(2005, 1, 10),
            full_on=date(2006, 1, 10), joined_on=date(2008, 3, 1), ethnic_group="Tày" if i % 3 == 0 else "Kinh",
        )


def _get(c: Client, world: World, monkeypatch: pytest.MonkeyPatch) -> tuple[int, int, str]:
    made: list[str] = []
    original = Model.from_db.__func__  # type: ignore[attr-defined]

    def from_db(cls: type[Model], db: str, names: list[str], values: list[object]) -> Model:
        made.append(cls.__name__)
        return original(cls, db, names, values)

    monkeypatch.setattr(Model, "from_db", classmethod(from_db))
    from django.db import connection

    with CaptureQueriesContext(connection) as q:
        r = c.get(f"/reports/members/?organization_id={world.bloc.pk}&on=2026-06-30")
    monkeypatch.undo()
    assert r.status_code == 200
    return len(q.captured_queries), made.count(Member.__name__), r.content.decode()


def test_members_report_cost_does_not_grow_with_members(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    c = Client()
    c.force_login(world.officer)
    _add(world, 3, 0)
    few, members_made, body = _get(c, world, monkeypatch)
    assert members_made == 0
    assert "Tổng số 5 đảng viên" in body  # Hạnh, Bình and three more (Ánh is in another subtree)
    _add(world, 12, 3)
    many, members_made, body = _get(c, world, monkeypatch)
    assert members_made == 0 and many == few, (few, many)
    assert "Tổng số 17 đảng viên" in body and "nữ 8" in body
