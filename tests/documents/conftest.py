"""Fixtures of the documents tests: files land in a temporary folder; members with exact party ages for badges."""

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from dangvu.members.services import member_leave, member_record, member_return


@pytest.fixture(autouse=True)
def _files_dir(settings, tmp_path: Path) -> Path:
    settings.DANGVU_FILES_DIR = str(tmp_path / "files")
    return tmp_path / "files"


def stored_files(root: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def veteran(world: Any, name: str, admitted_on: date, org: Any = None, **kw: Any) -> Any:
    return member_record(
        actor=world.root_user, organization=org or world.cell_a, full_name=name, sex="M",
        birth_date=date(admitted_on.year - 22, 1, 1), admitted_on=admitted_on, ceremony_on=admitted_on,
        full_on=date(admitted_on.year + 1, admitted_on.month, 28), joined_on=kw.pop("joined_on", date(2008, 3, 1)),
        **kw,
    )


def with_gap(world: Any, member: Any, left: date, back: date) -> Any:
    """A period out of the party: released on `left`, readmitted on `back` (36 months or more later)."""
    member_leave(actor=world.root_user, member=member, kind="released", effective_on=left)
    member_return(actor=world.root_user, member=member, kind="readmitted", effective_on=back)
    return member
