"""Helpers for the ratings tests: a refusal writes nothing in the core tables nor in this app's."""

from collections.abc import Callable
from datetime import date
from typing import Any

import pytest

from dangvu.core.errors import DomainError
from dangvu.ratings.models import (
    CellMeeting,
    CriteriaSet,
    Criterion,
    MassOrgRating,
    MeetingScore,
    RatingEntry,
    RatingReopening,
    RatingRound,
)
from tests.helpers import written_counts

RATING_TABLES = [
    RatingRound, RatingEntry, RatingReopening, CriteriaSet, Criterion, CellMeeting, MeetingScore, MassOrgRating,
]


def all_counts() -> tuple[int, ...]:
    return written_counts() + tuple(m._default_manager.count() for m in RATING_TABLES)


def refused(rule: str, fn: Callable[..., object], **kwargs: Any) -> DomainError:
    before = all_counts()
    with pytest.raises(DomainError) as exc:
        fn(**kwargs)
    assert exc.value.rule == rule, exc.value.message
    assert exc.value.message
    assert all_counts() == before
    return exc.value


# The 366-QĐ/TW conditions of "xuất sắc" met exactly at the edge (3 of 10 tasks beyond requirement is 30%).
EXCELLENT_OK = {"all_tasks_done": True, "tasks_total": 10, "tasks_beyond": 3, "no_discipline": True}

COMMON_CRITERIA = [
    {"name": "Chuẩn bị sinh hoạt", "weight": 15},
    {"name": "Duy trì sinh hoạt, tỷ lệ dự họp", "weight": 20, "required_for_good": True},
    {"name": "Tiến hành sinh hoạt", "weight": 45},
    {"name": "Kết thúc sinh hoạt", "weight": 20},
]


@pytest.fixture
def criteria(world):
    from dangvu.ratings.services import criteria_set_create

    return criteria_set_create(
        actor=world.officer, organization=world.bloc, name="Bộ tiêu chí 2026", valid_from=date(2026, 1, 1),
        criteria=COMMON_CRITERIA, document="12-HD/ĐUK",
    )


@pytest.fixture
def as_user(client):
    """Sign a test client in as a user (the web tests' helper)."""

    def sign_in(user):
        client.force_login(user)
        return client

    return sign_in
