"""Health check, request log lines, the 409 guard for refused concurrent writes, the secret key rule."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import IntegrityError, OperationalError
from django.db.migrations.executor import MigrationExecutor
from django.test import RequestFactory

from dangvu.ops import health
from dangvu.ops.middleware import WriteConflictMiddleware


@pytest.fixture
def fresh_health(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(health, "_migrated", False)


def test_healthz_answers_200_when_the_database_is_migrated(client, db, fresh_health) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "migrations": "ok"}


def test_healthz_answers_503_while_migrations_are_pending(client, db, fresh_health, monkeypatch) -> None:
    monkeypatch.setattr(MigrationExecutor, "migration_plan", lambda self, targets: [("enterprises", "0099")])
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["migrations"] == "1 not applied"


def test_healthz_answers_503_when_the_database_is_unreachable(client, db, fresh_health, monkeypatch) -> None:
    class Unreachable:
        def cursor(self) -> None:
            raise OperationalError("connection refused")

    monkeypatch.setattr(health, "connections", {"default": Unreachable()})
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unreachable: OperationalError"


def test_each_request_is_logged_with_its_id_user_status_and_duration(client, world, caplog) -> None:
    client.force_login(world.officer)
    with caplog.at_level(logging.INFO, logger="dangvu.request"):
        response = client.get("/", HTTP_X_REQUEST_ID="abc-123")
    assert response["X-Request-ID"] == "abc-123"
    [line] = [r for r in caplog.records if r.name == "dangvu.request"]
    text = line.getMessage()
    assert text.startswith("GET / 200 ") and text.endswith(f"ms user={world.officer.username}")
    assert line.request_id == "abc-123"  # type: ignore[attr-defined]


def test_a_request_id_is_made_when_none_or_an_unsafe_one_comes_in(client, db) -> None:
    rid = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith newline")["X-Request-ID"]
    assert len(rid) == 12 and rid.isalnum()


@pytest.mark.parametrize("exc", [IntegrityError("UNIQUE constraint failed"), OperationalError("database is locked")])
def test_a_refused_concurrent_write_answers_409_in_vietnamese(db, exc) -> None:
    guard = WriteConflictMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    api = guard.process_exception(RequestFactory().post("/api/v1/members"), exc)
    assert api is not None and api.status_code == 409
    assert "vừa được người khác cập nhật" in json.loads(api.content)["detail"]
    page = guard.process_exception(RequestFactory().post("/members/1/"), exc)
    assert page is not None and page.status_code == 409 and "tải lại trang" in page.content.decode()


def test_other_errors_are_left_to_django(db) -> None:
    guard = WriteConflictMiddleware(lambda r: None)  # type: ignore[arg-type,return-value]
    assert guard.process_exception(RequestFactory().get("/"), OperationalError("no such table")) is None


def _settings_in(home: Path, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k not in {"PYTEST_VERSION", "DANGVU_SECRET_KEY", "DANGVU_DEMO",
                                                              "DANGVU_DEBUG"}}
    clean.update(DANGVU_HOME=str(home), **env)
    code = "import django; django.setup(); from django.conf import settings; print(settings.SECRET_KEY)"
    return subprocess.run([sys.executable, "-c", code], env={**clean, "DJANGO_SETTINGS_MODULE": "dangvu.settings"},
                          capture_output=True, text=True, timeout=60)


def test_the_secret_key_is_required_outside_the_demo(tmp_path: Path) -> None:
    done = _settings_in(tmp_path)
    assert done.returncode != 0 and "DANGVU_SECRET_KEY is not set" in done.stderr
    assert _settings_in(tmp_path, DANGVU_SECRET_KEY="k" * 50).stdout.strip() == "k" * 50


def test_the_demo_generates_a_secret_key_into_var_once(tmp_path: Path) -> None:
    first = _settings_in(tmp_path, DANGVU_DEMO="1").stdout.strip()
    assert len(first) >= 50
    assert (tmp_path / "var" / "secret_key").stat().st_mode & 0o077 == 0
    assert _settings_in(tmp_path, DANGVU_DEMO="1").stdout.strip() == first
