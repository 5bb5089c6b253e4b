"""`dangvu demo --scale national` runs on PostgreSQL only: on SQLite it is refused with a message naming the way out,
and nothing is written. On PostgreSQL a few small provinces are built the national way (COPY with the keys set
aside): projections equal a rebuild from the events, every index and constraint is back, snapshots agree."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from dangvu.core.dates import today
from dangvu.demo.national import LOADED, generate_national
from dangvu.demo.scale import Plan
from dangvu.members.models import Member, MemberEvent, MembershipSpan
from dangvu.members.projection import rebuild_all
from dangvu.members.snapshots import check_snapshots, headcount_by_root, month_end_on_or_before, refresh_snapshots
from dangvu.orgs.models import Organization
from dangvu.orgs.projection import rebuild_orgs

SMALL = Plan(communes=2, commune_cells=3, committees=2, committee_cells=2, grassroots_cells=2, members=250)


@pytest.mark.django_db
def test_national_is_refused_on_sqlite_with_a_clear_message():
    if connection.vendor == "postgresql":
        pytest.skip("the refusal is for SQLite")
    with pytest.raises(CommandError) as exc:
        call_command("demo", scale="national")
    assert "PostgreSQL" in str(exc.value) and "DATABASE_URL" in str(exc.value)
    assert not Organization.objects.exists() and not Member.objects.exists()


def _keys() -> set[tuple[str, str]]:
    """Every index and constraint definition of the tables the national build loads."""
    tables = [m._meta.db_table for m in LOADED]
    with connection.cursor() as cur:
        cur.execute("SELECT 'index', pg_get_indexdef(indexrelid) FROM pg_index WHERE indrelid = ANY(%s::regclass[]) "
                    "UNION ALL SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                    "WHERE conrelid = ANY(%s::regclass[])", [tables, tables])
        return set(cur.fetchall())


@pytest.mark.django_db(transaction=True)  # the build commits batch by batch and runs VACUUM
def test_small_national_build_is_consistent_and_puts_every_key_back():
    if connection.vendor != "postgresql":
        pytest.skip("the national build is PostgreSQL only")
    before = _keys()
    progress: list[str] = []
    result = generate_national(seed=7, provinces=3, plan=SMALL, out=progress.append)
    assert _keys() == before  # indexes, unique and foreign keys recreated as they were
    assert result["members"] == 3 * int(250 / (1 - SMALL.leavers)) == Member.objects.count()
    assert result["events"] == MemberEvent.objects.count()
    assert MembershipSpan.objects.filter(start_kind="moved").exists()
    assert any("tỉnh 3/3" in line for line in progress) and len(result["province_seconds"]) == 3
    assert rebuild_orgs(repair=False) == [] and rebuild_all(repair=False) == []
    # New rows after the build get ids past the copied ones (the sequences were moved).
    org = Organization.objects.filter(kind="grassroots_cell").first()
    assert org is not None
    with connection.cursor() as cur:
        cur.execute("SELECT nextval(pg_get_serial_sequence('members_member', 'id')), "
                    "nextval(pg_get_serial_sequence('orgs_organization', 'id'))")
        next_member, next_org = cur.fetchone()
    assert next_member > max(Member.objects.values_list("id", flat=True))
    assert next_org > max(Organization.objects.values_list("id", flat=True))
    refresh_snapshots()
    assert check_snapshots() == []
    on = month_end_on_or_before(today())
    by_root = headcount_by_root(on)
    roots = set(Organization.objects.filter(parent__isnull=True).values_list("id", flat=True))
    assert set(by_root) == roots
    assert sum(by_root.values()) == MembershipSpan.objects.filter(valid_from__lte=on).exclude(
        valid_to__lte=on).count()
