"""The audit log reads as Vietnamese sentences with links, local time and a table of changed fields;
filters by user, organisation, object, action and period; refuses bad input with a message."""

from datetime import date, timedelta

from django.urls import reverse

from dangvu.core.audit import audit, snapshot
from dangvu.core.dates import today
from dangvu.core.models import AuditEntry
from dangvu.members.services import member_record
from dangvu.orgs.services import org_rename


def test_entries_read_as_sentences_with_links_and_changed_fields(as_user, world):
    org_rename(actor=world.officer, org=world.cell_a, name="Chi bộ Văn phòng", effective_on=today())
    r = as_user(world.admin).get(reverse("audit_log"), {"action": "org_renamed"})
    html = r.content.decode()
    row = r.context["rows"][0]
    assert row.verb == "ghi «Đổi tên» tổ chức" and row.url == f"/orgs/{world.cell_a.pk}/"
    assert "canbo.khoi</strong> đã ghi «Đổi tên» tổ chức" in html
    assert f'<a href="/orgs/{world.cell_a.pk}/">' in html
    changes = {c.label: (c.before, c.after) for c in row.changes}
    assert changes["Tên tổ chức"] == ("Chi bộ Văn phòng Sở", "Chi bộ Văn phòng")
    assert "None" not in html and "{" not in html.split("<main", 1)[1].split("</main>")[0]
    # Local time (Asia/Ho_Chi_Minh, UTC+7), not UTC.
    entry = AuditEntry.objects.filter(action="org_renamed").get()
    local = entry.at.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Ho_Chi_Minh")).strftime("%d/%m/%Y %H:%M")
    assert local in html


def test_a_created_record_lists_its_values_and_hides_sensitive_ones(as_user, world):
    r = as_user(world.admin).get(reverse("audit_log"), {"action": "member_record", "object_id": world.hanh.pk})
    row = r.context["rows"][0]
    assert row.created and row.url == f"/members/{world.hanh.pk}/"
    values = {c.label: c.after for c in row.changes}
    assert values["Họ và tên"] == "Nguyễn Thị Hồng Hạnh" and values["Ngày sinh"] == "02/05/1975"
    assert "037175000123" not in r.content.decode()  # the citizen id stays hidden


def test_filters_by_user_organisation_object_and_period(as_user, world):
    client = as_user(world.admin)
    member_record(actor=world.admin, organization=world.cell_l, full_name="Đinh Văn Khoa", sex="M",
                  birth_date=date(1990, 1, 1), admitted_on=date(2015, 1, 1))
    r = client.get(reverse("audit_log"), {"user": "quantri"})
    assert [row.entry.object_repr for row in r.context["rows"]] == ["Đinh Văn Khoa"]
    r = client.get(reverse("audit_log"), {"organization_id": world.local.pk})
    reprs = {row.entry.object_repr for row in r.context["rows"]}
    assert "Đinh Văn Khoa" in reprs and "Lê Thị Ánh" in reprs and "Nguyễn Thị Hồng Hạnh" not in reprs
    r = client.get(reverse("audit_log"), {"object_type": "members.member", "object_id": world.hanh.pk})
    assert {row.entry.object_id for row in r.context["rows"]} == {str(world.hanh.pk)}
    tomorrow = (today() + timedelta(days=1)).isoformat()
    assert client.get(reverse("audit_log"), {"start": tomorrow}).context["page"].paginator.count == 0
    assert client.get(reverse("audit_log"), {"end": tomorrow}).context["page"].paginator.count > 0


def test_bad_filters_get_a_message_not_a_500(as_user, world):
    client = as_user(world.admin)
    r = client.get(reverse("audit_log"), {"start": "31/02/2026", "organization_id": "abc"})
    assert r.status_code == 400
    html = r.content.decode()
    assert "«Từ ngày»" in html and "«Tổ chức»" in html


def test_it_validates_scope(as_user, world):
    assert as_user(world.officer).get(reverse("audit_log")).status_code == 403


def test_unknown_actions_and_objects_still_read(as_user, world):
    audit(world.root_user, "something_new", world.bloc, before={"x": None}, after={"x": True})
    r = as_user(world.admin).get(reverse("audit_log"), {"action": "something_new"})
    row = r.context["rows"][0]
    assert row.verb == "thực hiện thao tác «something_new» với"
    assert [(c.before, c.after) for c in row.changes] == [("—", "Có")]
    assert snapshot(world.bloc)["name"] == world.bloc.name


def test_audit_page_has_a_fixed_query_count(as_user, world, django_assert_max_num_queries):
    for i in range(20):
        member_record(actor=world.officer, organization=world.cell_a, full_name=f"Phan Văn Lộc {i}", sex="M",
                      birth_date=date(1990, 1, 1), admitted_on=date(2015, 1, 1))
    client = as_user(world.admin)
    client.get(reverse("audit_log"))
    with django_assert_max_num_queries(14):
        r = client.get(reverse("audit_log"))
    assert len(r.context["rows"]) == r.context["page"].paginator.count > 20


def test_every_action_written_in_the_code_reads_as_a_vietnamese_verb():
    """Each literal action passed to audit() has its sentence (no «import_confirm» shown to a reader)."""
    import re
    from pathlib import Path

    from dangvu.web.audit import ACTION_VERBS

    src = Path(__file__).resolve().parents[2] / "src" / "dangvu"
    pattern = re.compile(r"\baudit\(\s*[\w.()]+,\s*\"([a-z_]+)\"")
    missing = {
        (path.relative_to(src).as_posix(), action)
        for path in src.rglob("*.py") for action in pattern.findall(path.read_text(encoding="utf-8"))
        if action not in ACTION_VERBS
    }
    assert missing == set()
