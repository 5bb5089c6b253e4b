from datetime import date

from dangvu.core.audit import audit, snapshot
from dangvu.core.models import AuditEntry
from dangvu.members.models import Member
from dangvu.orgs.models import Organization
from dangvu.orgs.services import org_rename


def test_every_service_write_leaves_an_audit_entry_with_actor_and_after(world):
    entry = AuditEntry.objects.filter(action="member_record", object_id=str(world.hanh.pk)).get()
    assert entry.actor == world.root_user
    assert entry.after is not None
    assert entry.object_type == "members.member"
    assert entry.object_repr == "Nguyễn Thị Hồng Hạnh"
    assert entry.after["full_name"] == "Nguyễn Thị Hồng Hạnh"
    assert entry.after["birth_date"] == "1975-05-02"  # dates stored JSON-safe
    founded = AuditEntry.objects.filter(action="org_founded", object_id=str(world.cell_a.pk)).get()
    assert founded.after is not None
    assert founded.after["name"] == "Chi bộ Văn phòng Sở"
    assert founded.after["event_id"]


def test_audit_entry_keeps_before_and_after_of_a_change(world):
    org_rename(
        actor=world.officer, org=world.cell_c, name="Chi bộ Công ty CP May Nam Sơn", effective_on=date(2020, 1, 1)
    )
    entry = AuditEntry.objects.filter(action="org_renamed").get()
    assert entry.actor == world.officer
    assert entry.before is not None and entry.after is not None
    assert entry.before["name"] == "Chi bộ Công ty TNHH May Nam Sơn"
    assert entry.after["name"] == "Chi bộ Công ty CP May Nam Sơn"


def test_audit_without_a_saved_actor_records_no_actor(world):
    entry = audit(None, "test", world.cell_a)
    assert entry.actor is None
    assert entry.after == snapshot(world.cell_a)


def test_snapshot_limits_fields_and_serialises_foreign_keys_as_ids(world):
    snap = snapshot(world.hanh, ["full_name", "organization", "admitted_on"])
    assert snap == {"full_name": "Nguyễn Thị Hồng Hạnh", "organization": world.cell_a.pk, "admitted_on": "2000-03-01"}
    assert isinstance(Member, type) and isinstance(world.cell_a, Organization)
