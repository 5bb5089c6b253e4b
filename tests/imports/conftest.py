"""Helpers for the import tests: build an upload from rows, run it through the engine as a user would."""

from typing import Any

import pytest
from django.contrib.auth.models import User

from dangvu.imports import engine, services
from dangvu.imports.kinds import get_kind
from dangvu.imports.models import ImportFile


def xlsx(kind_key: str, sheets: dict[str, list[dict[str, Any]]]) -> bytes:
    """An xlsx in the kind's template format holding `sheets` (rows as {column key: value})."""
    kind = get_kind(kind_key)
    data = {s.key: [[row.get(c.key, "") for c in s.columns] for row in sheets.get(s.key, [])] for s in kind.sheets}
    return engine.workbook_bytes(kind, data)


def upload(actor: User, kind_key: str, sheets: dict[str, list[dict[str, Any]]]) -> ImportFile:
    return services.import_upload(actor=actor, kind=kind_key, filename="tep.xlsx", data=xlsx(kind_key, sheets))


def dry_result(f: ImportFile) -> dict[str, Any]:
    dry, _ = services.import_jobs(f)
    assert dry is not None and dry.status == "done", (dry.status, dry.error) if dry else None
    assert dry.result is not None
    return dry.result


def confirm(actor: User, f: ImportFile) -> dict[str, Any]:
    job = services.import_confirm(actor=actor, import_file=f)
    job.refresh_from_db()
    assert job.status == "done", job.error
    assert job.result is not None
    return job.result


def errors_of(result: dict[str, Any]) -> list[tuple[int, str, str]]:
    return [(e["row"], e["column"], e["detail"]) for e in result["errors"]]


@pytest.fixture
def root(db: None) -> User:
    return User.objects.create_superuser("goc", password="matkhau-123")
