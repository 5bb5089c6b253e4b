"""The flow report broken down by the organisations directly under the chosen one."""

from datetime import date

from django.urls import reverse

from dangvu.core.dates import today
from dangvu.members.services import member_record_event
from dangvu.reports.breakdown import flow_by_child


def test_a_move_between_two_children_is_out_of_one_and_into_the_other(world):
    member_record_event(actor=world.officer, member=world.hanh, kind="transferred", effective_on=today(),
                        to_organization=world.cell_c)
    start, end = date(today().year, 1, 1), today()
    rows = {c.organization.pk: c.flow for c in flow_by_child(world.officer, world.bloc, start=start, end=end)}
    assert list(rows) == [world.committee.pk, world.cell_c.pk]
    assert (rows[world.committee.pk].total_out, rows[world.cell_c.pk].total_in) == (1, 1)
    assert sum(f.closing for f in rows.values()) == 2


def test_the_page_shows_the_breakdown_when_asked(client, world):
    client.force_login(world.officer)
    params = {"organization_id": world.bloc.pk, "start": "2026-01-01", "end": "2026-11-01"}
    r = client.get(reverse("flow_report"), params)
    assert r.status_code == 200 and r.context["children"] == []
    r = client.get(reverse("flow_report"), {**params, "by": "children"})
    html = r.content.decode()
    assert [c.name for c in r.context["children"]] == ["Đảng bộ Sở Y tế", "Chi bộ Công ty TNHH May Nam Sơn"]
    assert "Theo tổ chức trực thuộc" in html
    r = client.get(reverse("flow_report"), {**params, "organization_id": world.cell_a.pk, "by": "children"})
    assert "không có tổ chức trực thuộc" in r.content.decode()


def test_it_validates_scope(client, world):
    client.force_login(world.other_secretary)
    r = client.get(reverse("flow_report"), {"organization_id": world.bloc.pk, "start": "2026-01-01",
                                            "end": "2026-11-01", "by": "children"})
    assert r.status_code == 404
