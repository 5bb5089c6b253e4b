"""A hand-built year (2024) in the bloc, with the numbers worked out by hand in each test."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from dangvu.members.services import member_record
from dangvu.orgs.models import Organization
from dangvu.orgs.services import org_found
from tests.enterprises.conftest import scenario  # noqa: F401  (fixture)


@dataclass
class Year2024:
    new_cell: Organization  # chi bộ cơ sở, non-state, founded 1/3/2024 under the bloc
    new_committee: Organization  # đảng bộ cơ sở, state agency, founded 1/5/2024 under the bloc
    world: Any


def _admit(world: Any, org: Organization, name: str, on: date, sex: str = "M") -> Any:
    return member_record(
        actor=world.root_user, organization=org, full_name=name, sex=sex, birth_date=date(1995, 1, 1),
        admitted_on=on, ceremony_on=on,
    )


@pytest.fixture
def year2024(world) -> Year2024:
    return build_year2024(world)


def build_year2024(world: Any) -> Year2024:
    root = world.root_user
    new_cell = org_found(
        actor=root, name="Chi bộ Công ty TNHH Điện tử Gia Viễn", kind="grassroots_cell", parent=world.bloc,
        founded_on=date(2024, 3, 1), sector="non_state_enterprise",
    )
    new_committee = org_found(
        actor=root, name="Đảng bộ Sở Xây dựng", kind="grassroots_committee", parent=world.bloc,
        founded_on=date(2024, 5, 1), sector="state_agency",
    )
    # Not grassroots: a subordinate cell of the new committee; and a cell of the local committee.
    org_found(actor=root, name="Chi bộ Phòng Quy hoạch", kind="subordinate_cell", parent=new_committee,
              founded_on=date(2024, 6, 1), sector="state_agency")
    org_found(actor=root, name="Chi bộ Công ty CP Xi măng Hoa Lư", kind="grassroots_cell", parent=world.local,
              founded_on=date(2024, 7, 1), sector="non_state_enterprise")
    # Admissions: 3 in the bloc in 2024 (one in the new non-state cell), 1 in the bloc in 2023, 1 in the local.
    _admit(world, world.cell_a, "Phạm Văn An", date(2024, 2, 10))
    _admit(world, world.cell_c, "Đỗ Thị Lan", date(2024, 8, 20), "F")
    _admit(world, new_cell, "Vũ Minh Long", date(2024, 9, 2))
    _admit(world, world.cell_a, "Bùi Thu Mai", date(2023, 11, 5), "F")
    _admit(world, world.cell_l, "Ngô Đức Hải", date(2024, 4, 1))
    return Year2024(new_cell, new_committee, world)
