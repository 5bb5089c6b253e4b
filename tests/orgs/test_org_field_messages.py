"""Organisation fields refuse a bad value in Vietnamese, naming the field and the rule (issue 10, left-alone item):
a value that is not a number, an id of another subtree, a dissolved or wrong-kind organisation."""

from datetime import date

import pytest
from django.test import Client

from dangvu.enterprises.forms import EnterpriseForm
from dangvu.members.forms import MemberFilterForm, TransferFilterForm
from dangvu.orgs.forms import MergeForm, MoveForm, OrgSelectForm
from dangvu.orgs.services import org_found
from dangvu.ratings.forms import LeadershipForm
from dangvu.ratings.selectors import round_committees
from dangvu.ratings.services import rating_round_open
from dangvu.web.users import AssignmentForm
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _errors(form: object, name: str) -> list[str]:
    assert not form.is_valid()  # type: ignore[attr-defined]
    return [str(e) for e in form.errors[name]]  # type: ignore[attr-defined]


def test_select_form_names_the_field_and_the_rule(world: World) -> None:
    not_number = _errors(OrgSelectForm({"organization_id": "abc"}, user=world.officer, label="Cấp ủy"),
                         "organization_id")
    assert not_number == ["«Cấp ủy»: «abc» không phải mã số tổ chức (phải là một số, chọn trong danh sách)."]
    other = _errors(OrgSelectForm({"organization_id": str(world.cell_l.pk)}, user=world.officer, label="Cấp ủy"),
                    "organization_id")
    assert other == [f"«Cấp ủy»: tổ chức mã số {world.cell_l.pk} không có trong danh sách chọn — chỉ chọn được tổ "
                     "chức đang hoạt động trong phạm vi được giao."]
    wrong_kind = _errors(OrgSelectForm({"scope_id": str(world.cell_c.pk)}, user=world.officer, name="scope_id",
                                       label="Phạm vi", kinds="committee"), "scope_id")
    assert wrong_kind[0].startswith("«Phạm vi»: tổ chức mã số") and "đảng bộ (không phải chi bộ)" in wrong_kind[0]
    assert OrgSelectForm({"organization_id": str(world.cell_a.pk)}, user=world.officer).is_valid()


def test_select_form_refuses_a_dissolved_organisation_with_the_rule(world: World) -> None:
    gone = org_found(actor=world.root_user, name="Chi bộ Tạm", kind="grassroots_cell", parent=world.bloc,
                     founded_on=date(2010, 1, 1))
    gone.dissolved_on = date(2020, 1, 1)
    gone.save(update_fields=["dissolved_on"])
    msg = _errors(OrgSelectForm({"organization_id": str(gone.pk)}, user=world.officer), "organization_id")[0]
    assert "không có trong danh sách chọn" in msg and "đang hoạt động" in msg


def test_move_and_merge_name_their_rule(world: World) -> None:
    move = MoveForm({"parent": str(world.committee.pk), "effective_on": "2026-01-01"}, user=world.officer,
                    org=world.cell_a)
    msg = _errors(move, "parent")[0]
    assert msg.startswith("«Chuyển về trực thuộc»: tổ chức mã số") and "tổ chức cấp trên hiện nay" in msg
    merge = MergeForm({"into": "12x", "effective_on": "2026-01-01"}, user=world.officer, org=world.cell_a)
    assert _errors(merge, "into") == ["«Sáp nhập vào»: «12x» không phải mã số tổ chức (phải là một số, chọn trong "
                                      "danh sách)."]
    merge = MergeForm({"into": str(world.cell_a.pk), "effective_on": "2026-01-01"}, user=world.officer,
                      org=world.cell_a)
    assert f"không phải chính {world.cell_a.name}" in _errors(merge, "into")[0]


def test_filter_forms_and_assignment_form(world: World) -> None:
    for form in (MemberFilterForm({"organization_id": str(world.local.pk)}, user=world.officer),
                 TransferFilterForm({"organization_id": str(world.local.pk)}, user=world.officer)):
        assert _errors(form, "organization_id")[0].startswith(f"«Tổ chức»: tổ chức mã số {world.local.pk} không có")
    assignment = AssignmentForm({"organization": "-5", "role": "viewer"}, actor=world.officer)
    assert _errors(assignment, "organization")[0] == "«Tổ chức»: «-5» không phải mã số tổ chức (phải là một số, chọn " \
        "trong danh sách)."


def test_enterprise_party_org_is_named_too(world: World) -> None:
    form = EnterpriseForm({"party_org": str(world.cell_l.pk)}, user=world.officer)
    msg = _errors(form, "party_org")[0]
    assert msg.startswith("«Tổ chức đảng trong doanh nghiệp»: tổ chức mã số")
    assert "tổ chức cơ sở đảng" in msg


def test_leadership_form_names_the_round_rule(world: World) -> None:
    rnd = rating_round_open(actor=world.root_user, organization=world.bloc, year=2025, reference_on=date(2025, 12, 1))
    form = LeadershipForm({"subject_id": str(world.local.pk), "collective": "committee"}, rnd=rnd,
                          committees=round_committees(world.officer, rnd))
    msg = _errors(form, "subject_id")[0]
    assert msg.startswith(f"«Đảng bộ»: tổ chức mã số {world.local.pk} không có trong danh sách chọn — chỉ chọn được "
                          f"đảng bộ thuộc {world.bloc.name}")
    bad = LeadershipForm({"subject_id": "x", "collective": "committee"}, rnd=rnd,
                         committees=round_committees(world.officer, rnd))
    assert "không phải mã số tổ chức" in _errors(bad, "subject_id")[0]


def test_pages_answer_400_with_the_named_message(world: World) -> None:
    c = Client()
    c.force_login(world.officer)
    r = c.post(f"/orgs/{world.cell_a.pk}/merge/", {"merge-into": "abc", "merge-effective_on": "2026-01-01"})
    assert r.status_code == 400
    assert "«Sáp nhập vào»: «abc» không phải mã số tổ chức" in r.content.decode()
    c.force_login(world.admin)
    r = c.get("/audit/?organization_id=abc")
    assert "«Tổ chức»: «abc» không phải mã số tổ chức" in r.content.decode()


def test_member_event_form_names_transfer_and_sending_rules(world: World) -> None:
    from dangvu.members.forms import RecordEventForm

    form = RecordEventForm({"kind": "transferred", "effective_on": "2026-06-01",
                            "to_organization": str(world.committee.pk), "sending_committee": str(world.cell_l.pk)},
                           user=world.officer, member=world.hanh)
    to = _errors(form, "to_organization")[0]
    assert to.startswith(f"«Chi bộ chuyển đến»: tổ chức mã số {world.committee.pk} không có trong danh sách chọn")
    assert "chi bộ đang hoạt động trong cùng tỉnh" in to
    sending = form.errors["sending_committee"][0]
    assert sending == (f"«Cấp ủy giới thiệu đi»: tổ chức mã số {world.cell_l.pk} không có trong danh sách chọn — chỉ "
                       "chọn được chi bộ của đảng viên hoặc một cấp ủy cấp trên của chi bộ đó.")
    bad = RecordEventForm({"kind": "transferred", "effective_on": "2026-06-01", "sending_committee": "x1"},
                          user=world.officer, member=world.hanh)
    assert "«Cấp ủy giới thiệu đi»: «x1» không phải mã số tổ chức" in _errors(bad, "sending_committee")[0]
