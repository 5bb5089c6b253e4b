"""Organisation pickers: the JSON endpoint (scope, unaccented search, transfer targets) and the widget."""

from datetime import date
from typing import cast

from django.urls import reverse

from dangvu.orgs.forms import OrgChoiceField, OrgChoiceIterator, OrgPicker
from dangvu.orgs.models import Organization
from dangvu.orgs.picker import org_labels
from dangvu.orgs.services import org_found


def _pick(client, **params):
    r = client.get(reverse("org_pick"), params)
    assert r.status_code == 200, r.content
    return r.json()


def _two_inspection_cells(world):
    finance = org_found(actor=world.root_user, name="Đảng bộ Sở Tài chính", kind="grassroots_committee",
                        parent=world.bloc, founded_on=date(2008, 3, 1), sector="state_agency")
    a = org_found(actor=world.root_user, name="Chi bộ Thanh tra", kind="subordinate_cell", parent=finance,
                  founded_on=date(2008, 3, 1), sector="state_agency")
    b = org_found(actor=world.root_user, name="Chi bộ Thanh tra", kind="subordinate_cell", parent=world.committee,
                  founded_on=date(2008, 3, 1), sector="state_agency")
    return finance, a, b


def test_search_is_unaccented_and_labels_show_the_parent(as_user, world):
    _finance, a, b = _two_inspection_cells(world)
    data = _pick(as_user(world.officer), q="thanh tra")
    labels = {row["id"]: row["label"] for row in data["results"]}
    assert labels == {a.pk: "Đảng bộ Sở Tài chính › Chi bộ Thanh tra", b.pk: "Đảng bộ Sở Y tế › Chi bộ Thanh tra"}
    # Words of the parent's name narrow the search.
    data = _pick(as_user(world.officer), q="tai chinh thanh")
    assert [row["id"] for row in data["results"]] == [a.pk]


def test_it_validates_scope(as_user, world):
    data = _pick(as_user(world.secretary), q="chi bo")
    assert {row["id"] for row in data["results"]} == {world.cell_a.pk}
    data = _pick(as_user(world.officer), q="dong thanh")
    assert data["results"] == []  # the local committee's cell lies outside the bloc
    r = as_user(world.other_secretary).get(reverse("org_pick"), {"purpose": "transfer", "member": world.hanh.pk})
    assert r.status_code == 404


def test_kinds_limit_the_results_and_bad_input_is_harmless(as_user, world):
    client = as_user(world.officer)
    ids = {row["id"] for row in _pick(client, kinds="cell")["results"]}
    assert ids == {world.cell_a.pk, world.cell_b.pk, world.cell_c.pk}
    assert _pick(client, q="x" * 500, kinds="nonsense")["results"] == []
    r = client.get(reverse("org_pick"), {"purpose": "transfer", "member": "abc"})
    assert r.status_code == 404
    assert as_user(world.officer).post(reverse("org_pick")).status_code == 405


def test_transfer_mode_lists_cells_of_the_province_outside_the_scope(as_user, world):
    data = _pick(as_user(world.secretary), purpose="transfer", member=world.hanh.pk)
    ids = {row["id"] for row in data["results"]}
    assert world.cell_l.pk in ids and world.cell_b.pk in ids
    assert world.cell_a.pk not in ids  # her own cell
    assert world.committee.pk not in ids  # a committee is no transfer target


def test_the_widget_is_a_plain_select_with_sorted_path_labels(world):
    _finance, a, b = _two_inspection_cells(world)
    field = OrgChoiceField(queryset=Organization.objects.filter(kind="subordinate_cell"), kinds="cell")
    widget = cast(OrgPicker, field.widget)  # the class attribute, instantiated by Field.__init__
    html = widget.render("org", None, attrs={"id": "id_org"})
    assert html.startswith("<select") and 'data-org-picker="/orgs/pick/"' in html and 'data-kinds="cell"' in html
    assert isinstance(field.choices, OrgChoiceIterator)
    labels = [label for _value, label in list(field.choices)[1:]]
    assert labels == [
        "Đảng bộ Sở Tài chính › Chi bộ Thanh tra",
        "Đảng bộ Sở Y tế › Chi bộ Phòng Nghiệp vụ",
        "Đảng bộ Sở Y tế › Chi bộ Thanh tra",
        "Đảng bộ Sở Y tế › Chi bộ Văn phòng Sở",
    ]
    assert org_labels([a])[a.pk] == "Đảng bộ Sở Tài chính › Chi bộ Thanh tra"


def test_transfer_form_uses_the_picker_in_transfer_mode(as_user, world):
    r = as_user(world.officer).get(reverse("member_detail", args=[world.hanh.pk]))
    html = r.content.decode()
    assert 'data-purpose="transfer"' in html and f'data-member="{world.hanh.pk}"' in html
    assert "Đảng bộ thành phố Hoa Lư › Chi bộ phường Đông Thành" in html


def test_member_list_shows_the_parent_and_has_an_organisation_picker(as_user, world):
    r = as_user(world.officer).get(reverse("member_list"), {"organization_id": world.bloc.pk})
    html = r.content.decode()
    assert '<span class="parent-name">Đảng bộ Sở Y tế</span>' in html
    assert 'name="organization_id"' in html and "data-org-picker" in html
    r = as_user(world.officer).get(reverse("member_list"), {"organization_id": world.cell_a.pk, "q": "hanh"})
    assert [row.member for row in r.context["page"].items] == [world.hanh]


def test_probation_list_filters_by_organisation_with_the_picker(as_user, world):
    client = as_user(world.officer)
    html = client.get(reverse("admissions:probation")).content.decode()
    assert 'name="organization_id"' in html and 'data-org-picker="/orgs/pick/"' in html
    assert '<input type="hidden" name="organization_id"' not in html.split('aria-label="Công nhận chính thức"')[0]
    r = client.get(reverse("admissions:probation"), {"organization_id": world.cell_b.pk})
    assert r.status_code == 200 and r.context["org"] == world.cell_b
    assert f'<option value="{world.cell_b.pk}" selected>' in r.content.decode()
    assert client.get(reverse("admissions:probation"), {"organization_id": world.cell_l.pk}).status_code == 404


def test_flow_report_picks_the_organisation_dissolved_ones_included_and_marked(as_user, world):
    world.cell_c.dissolved_on = date(2025, 7, 1)
    world.cell_c.save(update_fields=["dissolved_on"])
    client = as_user(world.officer)
    html = client.get(reverse("flow_report")).content.decode()
    assert 'data-org-picker="/orgs/pick/"' in html and 'data-purpose="history"' in html
    assert "Đảng bộ Sở Y tế › " in html and "(đã giải thể/sáp nhập)" in html
    from dangvu.orgs.selectors import default_organization

    own = default_organization(world.officer)
    assert own is not None and f'<option value="{own.pk}" selected>' in html  # starts on the user's organisation
    rows = _pick(client, q=world.cell_c.name, purpose="history")["results"]
    assert [(r["id"], r["label"].endswith("(đã giải thể/sáp nhập)")) for r in rows] == [(world.cell_c.pk, True)]
    assert world.cell_c.pk not in {r["id"] for r in _pick(client, q=world.cell_c.name)["results"]}
    assert as_user(world.other_secretary).get(reverse("org_pick"), {"purpose": "history", "q": world.cell_c.name}
                                              ).json()["results"] == []


def test_report_targets_and_coverage_pages_pick_the_organisation_as_you_type(as_user, world):
    client = as_user(world.officer)
    for url, name in [(reverse("report_page", args=["members"]), "organization_id"),
                      (reverse("targets:index"), "organization_id"),
                      (reverse("enterprise_coverage"), "scope_id")]:
        r = client.get(url, {name: world.bloc.pk})
        html = r.content.decode()
        assert r.status_code == 200, url
        assert f'name="{name}"' in html and 'data-org-picker="/orgs/pick/"' in html, url
        assert f'<option value="{world.bloc.pk}" selected>' in html, url
    html = client.get(reverse("enterprise_coverage"), {"scope_id": world.bloc.pk}).content.decode()
    assert 'data-kinds="territorial"' in html
    assert {r["id"] for r in _pick(client, kinds="territorial")["results"]} <= {
        o.pk for o in Organization.objects.filter(kind__in=["bloc_committee", "local_committee", "commune_committee",
                                                             "provincial_committee", "party_agencies_committee",
                                                             "government_committee"])}


def test_locality_zone_and_steering_forms_pick_the_committee_as_you_type(world):
    from dangvu.enterprises.forms import LocalityForm, SteeringForm, ZoneForm

    for form in (LocalityForm(user=world.officer), ZoneForm(user=world.officer), SteeringForm(user=world.officer)):
        html = str(form["organization"])
        assert 'data-org-picker="/orgs/pick/"' in html and 'data-kinds="upper"' in html
        assert "Đảng bộ tỉnh Ninh Bình › Đảng bộ Khối" in html  # labelled with the parent
