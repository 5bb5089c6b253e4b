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
