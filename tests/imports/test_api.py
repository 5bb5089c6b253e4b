"""/api/v1/imports: upload 202, stored result, confirm 202, template; write role required; another user's 404."""

from django.test import Client

from dangvu.accounts.tokens import token_issue
from dangvu.members.models import Member

from .conftest import xlsx
from .test_members import person


def _client(user) -> Client:  # type: ignore[no-untyped-def]
    return Client(headers={"authorization": f"Bearer {token_issue(username=user.username, password='matkhau-123')}"})


def _post(c: Client, kind: str, data: bytes):  # type: ignore[no-untyped-def]
    from django.core.files.uploadedfile import SimpleUploadedFile

    return c.post("/api/v1/imports", {"kind": kind, "file": SimpleUploadedFile("t.xlsx", data)})


def test_upload_dry_run_and_confirm_through_the_api(world) -> None:  # type: ignore[no-untyped-def]
    c = _client(world.officer)
    rows = [person(1, world.cell_a.name), person(2, world.cell_a.name, birth_date="31/02/1980")]
    r = _post(c, "members", xlsx("members", {"members": rows}))
    assert r.status_code == 202, r.content
    import_id = r.json()["id"]
    state = c.get(f"/api/v1/imports/{import_id}").json()
    assert state["status"] == "done" and state["total"] == 2
    assert state["rows"] == {"new": 1, "update": 0, "unchanged": 0, "error": 1}
    assert state["errors"][0]["row"] == 3 and state["errors"][0]["column"] == "Ngày sinh"
    r = c.post(f"/api/v1/imports/{import_id}/confirm")
    assert r.status_code == 422 and "dòng lỗi" in r.json()["detail"]
    r = _post(c, "members", xlsx("members", {"members": rows[:1]}))
    r = c.post(f"/api/v1/imports/{r.json()['id']}/confirm")
    assert r.status_code == 202 and r.json()["status"] == "done"
    assert Member.objects.filter(citizen_id="037085000001").exists()


def test_a_viewer_is_refused_and_another_users_upload_is_404(world) -> None:  # type: ignore[no-untyped-def]
    data = xlsx("members", {"members": [person(1, world.cell_a.name)]})
    assert _post(_client(world.viewer), "members", data).status_code == 403
    r = _post(_client(world.officer), "members", data)
    assert _client(world.secretary).get(f"/api/v1/imports/{r.json()['id']}").status_code == 404
    assert _client(world.secretary).post(f"/api/v1/imports/{r.json()['id']}/confirm").status_code == 404


def test_bad_kind_and_unreadable_file_are_422(world) -> None:  # type: ignore[no-untyped-def]
    c = _client(world.officer)
    assert _post(c, "khac", b"x").status_code == 422
    r = _post(c, "members", b"not a spreadsheet")
    assert r.status_code == 422 and r.json()["field"] == "file"


def test_the_template_is_an_xlsx(world) -> None:  # type: ignore[no-untyped-def]
    r = _client(world.viewer).get("/api/v1/imports/templates/organizations")
    assert r.status_code == 200 and r.content[:2] == b"PK"
    assert _client(world.viewer).get("/api/v1/imports/templates/khac").status_code == 422


def test_an_id_beyond_the_database_integers_is_404(world) -> None:  # type: ignore[no-untyped-def]
    c = _client(world.officer)
    assert c.get("/api/v1/imports/99999999999999999999").status_code == 404
    assert c.post("/api/v1/imports/99999999999999999999/confirm").status_code == 404
