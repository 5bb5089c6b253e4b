"""Kept results (dangvu.core.cache) after writes that bypass the services' audit: `rebuild`, `snapshots`,
`relink_documents`, the demo and any bulk write call core.cache.bump(), so a member list or flow report kept before
such a write shows the change after it. On PostgreSQL the version also moves when a transaction holding a lower
audit id commits after one holding a higher id."""

import io
from datetime import date

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from django.test import Client
from django.urls import reverse

from dangvu.core.cache import bump, cached, code_version, data_version
from dangvu.core.dates import today
from dangvu.core.models import AuditEntry
from dangvu.members.models import MembershipSpan

POSTGRES = connection.vendor == "postgresql"


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def status_cell(client: Client, org, name: str) -> str:
    """The «Loại» cell of `name`'s row in the member list of `org`."""
    html = client.get(reverse("member_list"), {"organization_id": org.pk}).content.decode()
    row = html.split(name, 1)[1].split("</tr>", 1)[0]
    return "Dự bị" if "Dự bị" in row else "Chính thức"


def test_bump_moves_the_version_and_is_an_audit_entry(world):
    before = data_version()
    entry = bump("data_rebuild", "dangvu rebuild", after={"differences": 3})
    assert data_version() != before
    assert entry.object_type == "core.data" and entry.action == "data_rebuild" and entry.actor is None


def test_a_kept_result_is_recomputed_after_a_bump(world):
    calls: list[int] = []

    def build() -> int:
        calls.append(1)
        return len(calls)

    assert cached("test.kept", ("x",), build) == 1
    assert cached("test.kept", ("x",), build) == 1  # kept
    bump("data_relink", "dangvu relink_documents")
    assert cached("test.kept", ("x",), build) == 2


def test_a_list_kept_before_rebuild_shows_the_repaired_status(world):
    client = signed_in(world.officer)
    # A write that bypasses the services (as a bulk load or a hand-made SQL fix would): the span says probationary.
    MembershipSpan.objects.filter(member=world.hanh).update(full_from=None)
    assert status_cell(client, world.bloc, "Nguyễn Thị Hồng Hạnh") == "Dự bị"  # kept from here on
    call_command("rebuild", stdout=io.StringIO())  # repairs full_from from the events, then bump()
    assert status_cell(client, world.bloc, "Nguyễn Thị Hồng Hạnh") == "Chính thức"
    assert AuditEntry.objects.filter(action="data_rebuild").count() == 1


def test_rebuild_without_differences_writes_no_entry(world):
    call_command("rebuild", stdout=io.StringIO())
    assert not AuditEntry.objects.filter(action="data_rebuild").exists()


def test_a_flow_kept_before_rebuild_shows_the_repaired_flow(world):
    client = signed_in(world.officer)
    params = {"organization_id": world.bloc.pk, "start": f"{today().year}-01-01", "end": today().isoformat()}
    closing = client.get(reverse("flow_report"), params).context["flow"].closing
    # A member's span ended by a write that bypassed the services (after a first visit: a new data version).
    span = MembershipSpan.objects.filter(member=world.hanh, valid_to__isnull=True).get()
    MembershipSpan.objects.filter(pk=span.pk).update(valid_to=date(today().year, 1, 1), end_kind="deceased")
    bump("data_test", "test")
    assert client.get(reverse("flow_report"), params).context["flow"].closing == closing - 1  # kept from here on
    # `rebuild` repairs the span from the events and moves the version: the flow is computed again.
    call_command("rebuild", stdout=io.StringIO())
    assert client.get(reverse("flow_report"), params).context["flow"].closing == closing


def test_the_code_version_is_part_of_the_key():
    assert code_version().isdigit() and code_version() == code_version()


@pytest.mark.skipif(not POSTGRES, reason="PostgreSQL: audit ids from a sequence commit out of order")
@pytest.mark.django_db(transaction=True)
def test_a_lower_audit_id_committed_late_moves_the_version():
    import psycopg

    settings = connection.settings_dict
    dsn = (f"host={settings['HOST']} port={settings['PORT']} dbname={settings['NAME']} "
           f"user={settings['USER']} password={settings['PASSWORD'] or ''}")
    insert = ("INSERT INTO core_auditentry (at, action, object_type, object_id, object_repr) "
              "VALUES (now(), 'test', 'core.data', '', '') RETURNING id")
    with psycopg.connect(dsn) as slow, psycopg.connect(dsn, autocommit=True) as fast:
        low = slow.execute(insert).fetchone()  # id N, not committed yet
        high = fast.execute(insert).fetchone()  # id N + 1, committed
        assert low is not None and high is not None and low[0] < high[0]
        seen = data_version()
        assert seen.startswith(f"{high[0]}@")
        slow.commit()  # the newest id is still N + 1: only the count of the newest ids tells the data changed
        assert data_version().split("+")[0] == seen.split("+")[0]
        assert data_version() != seen
    # Another database's writes on the same server do not move it (kept results stay kept).
    with psycopg.connect(dsn.replace(f"dbname={settings['NAME']}", "dbname=postgres"), autocommit=True) as other:
        before = data_version()
        other.execute("CREATE TEMP TABLE t (x int)")
        other.execute("INSERT INTO t VALUES (1)")
        assert data_version() == before


NEW_RECORD = "+ Ghi hồ sơ đảng viên mới"


def test_the_kept_content_is_each_users_own(world):
    """The same query by two users: each gets their own page (the viewer may not record, the secretary may)."""
    viewer, secretary = signed_in(world.viewer), signed_in(world.secretary)
    params = {"organization_id": world.cell_a.pk}
    for _ in range(2):  # computed, then kept
        mine = secretary.get(reverse("member_list"), params).content.decode()
        theirs = viewer.get(reverse("member_list"), params).content.decode()
        assert NEW_RECORD in mine and NEW_RECORD not in theirs
        assert "Nguyễn Thị Hồng Hạnh" in mine and "Nguyễn Thị Hồng Hạnh" in theirs


def test_a_page_with_form_errors_is_never_kept(world):
    client = signed_in(world.officer)
    bad = {"organization_id": world.bloc.pk, "on": "31/02/2025"}
    for _ in range(2):
        r = client.get(reverse("member_list"), bad)
        assert r.status_code == 200 and r.context["page"] is None and "has-error" in r.content.decode()
    flow_bad = {"organization_id": world.bloc.pk, "start": "2025-12-31", "end": "2025-01-01"}
    assert [client.get(reverse("flow_report"), flow_bad).status_code for _ in range(2)] == [400, 400]


def test_a_kept_page_is_one_cache_read_after_the_scope_check(world, django_assert_max_num_queries):
    client = signed_in(world.officer)
    params = {"organization_id": world.bloc.pk, "start": f"{today().year}-01-01", "end": today().isoformat()}
    client.get(reverse("member_list"), {"organization_id": world.bloc.pk})
    client.get(reverse("flow_report"), params)
    # session, user, organisation, scope (assignments, organisations of the subtree), data version, header
    with django_assert_max_num_queries(7):
        assert client.get(reverse("member_list"), {"organization_id": world.bloc.pk}).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(reverse("flow_report"), params).status_code == 200


def test_a_list_kept_before_a_command_line_import_shows_the_imported_members(world, tmp_path):
    """`dangvu import members FILE --organization CELL --confirm`: the bulk path (raw inserts) writes its audit
    entries, so the kept list moves on."""
    from tests.imports.conftest import xlsx
    from tests.imports.test_members import person

    client = signed_in(world.officer)
    before = client.get(reverse("member_list"), {"organization_id": world.bloc.pk}).content.decode()
    assert "Phạm Văn Nhập 1" not in before
    path = tmp_path / "dang-vien.xlsx"
    path.write_bytes(xlsx("members", {"members": [person(1, ""), person(2, "")]}))
    call_command("import", "members", str(path), "--organization", str(world.cell_a.pk), "--confirm",
                 stdout=io.StringIO(), stderr=io.StringIO())
    after = client.get(reverse("member_list"), {"organization_id": world.bloc.pk}).content.decode()
    assert "Phạm Văn Nhập 1" in after and "Phạm Văn Nhập 2" in after


def test_reads_and_staging_do_not_move_the_version_writes_do(world):
    """An officer opening a member's sensitive fields or exporting a list writes an audit entry but changes nothing
    a kept page shows: the version stays, so kept pages survive; the next data write moves it."""
    from dangvu.core.audit import audit
    from dangvu.members.services import member_update_profile, member_view_sensitive

    before = data_version()
    member_view_sensitive(actor=world.officer, member=world.hanh)
    audit(world.officer, "export_members", world.bloc, after={"rows": 3})
    assert AuditEntry.objects.filter(action__in=["member_view_sensitive", "export_members"]).count() == 2
    assert data_version() == before
    member_update_profile(actor=world.officer, member=world.hanh, phone="0912345678")
    assert data_version() != before
