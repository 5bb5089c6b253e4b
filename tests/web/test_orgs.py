from datetime import date, timedelta

from django.urls import reverse

from dangvu.core.dates import today
from dangvu.core.models import AuditEntry
from dangvu.members.models import Member, MemberEvent
from dangvu.orgs.models import Organization, OrgEvent, OrgEventKind
from dangvu.orgs.services import org_found


def action_form(response, name):
    return next(form for n, _title, form in response.context["action_forms"] if n == name)


def test_tree_shows_the_subtree_with_headcounts(as_user, world):
    r = as_user(world.officer).get(reverse("org_tree"))
    assert r.status_code == 200
    rows = {node.org.pk: (node.depth, count) for node, count in r.context["rows"]}
    assert rows[world.bloc.pk] == (0, 2)
    assert rows[world.committee.pk] == (1, 2)
    assert rows[world.cell_a.pk] == (2, 1)
    assert world.local.pk not in rows
    assert "Đảng bộ Sở Y tế" in r.content.decode()


def test_tree_as_of_a_past_date_uses_the_names_of_then(as_user, world):
    client = as_user(world.officer)
    client.post(reverse("org_action", args=[world.cell_a.pk, "rename"]), {
        "rename-name": "Chi bộ Văn phòng", "rename-effective_on": today().isoformat(),
    })
    past = (today() - timedelta(days=1)).isoformat()
    html = client.get(reverse("org_tree"), {"on": past}).content.decode()
    assert "Chi bộ Văn phòng Sở" in html
    html = client.get(reverse("org_tree")).content.decode()
    assert "Chi bộ Văn phòng Sở" not in html and "Chi bộ Văn phòng" in html
    early = client.get(reverse("org_tree"), {"on": "2001-01-01"})
    assert early.context["rows"] == []  # the bloc was founded in 2008


def test_tree_reports_an_unreadable_date(as_user, world):
    r = as_user(world.officer).get(reverse("org_tree"), {"on": "31/02/2020"})
    assert "không hợp lệ" in r.context["date_error"]


def test_tree_has_fixed_query_count(as_user, world, django_assert_max_num_queries):
    for i in range(10):
        org_found(actor=world.root_user, name=f"Chi bộ Phòng {i}", kind="subordinate_cell", parent=world.committee,
                  founded_on=date(2010, 1, 1))
    client = as_user(world.officer)
    with django_assert_max_num_queries(12):
        r = client.get(reverse("org_tree"))
    assert len(r.context["rows"]) == 15


def test_org_page_shows_facts_history_and_members(as_user, world):
    r = as_user(world.officer).get(reverse("org_detail", args=[world.committee.pk]))
    html = r.content.decode()
    assert r.status_code == 200
    for text in ["Đảng bộ Sở Y tế", "Đảng bộ cơ sở", "Cơ quan nhà nước", "01/03/2008", "Thành lập",
                 "Nguyễn Thị Hồng Hạnh", "Trần Văn Bình", "Sắp xếp tổ chức"]:
        assert text in html, text


def test_viewer_sees_no_restructuring_forms(as_user, world):
    r = as_user(world.viewer).get(reverse("org_detail", args=[world.committee.pk]))
    assert r.status_code == 200 and r.context["action_forms"] == []
    r = as_user(world.viewer).post(reverse("org_action", args=[world.committee.pk, "rename"]), {
        "rename-name": "Tên khác", "rename-effective_on": today().isoformat(),
    })
    assert r.status_code == 403
    assert "Không có quyền" in r.content.decode()


def test_officer_founds_a_cell(as_user, world):
    r = as_user(world.officer).post(reverse("org_action", args=[world.committee.pk, "found"]), {
        "found-name": "Chi bộ Phòng Tổ chức cán bộ", "found-kind": "subordinate_cell",
        "found-sector": "state_agency", "found-founded_on": "2024-05-01", "found-document": "12-QĐ/ĐU",
    })
    child = Organization.objects.get(name="Chi bộ Phòng Tổ chức cán bộ")
    assert r.status_code == 302 and r.url == reverse("org_detail", args=[child.pk])
    assert child.parent == world.committee
    assert child.events.get().document == "12-QĐ/ĐU"


def test_officer_renames_moves_and_dissolves(as_user, world):
    client = as_user(world.officer)
    on = today().isoformat()
    r = client.post(reverse("org_action", args=[world.cell_c.pk, "move"]), {
        "move-parent": world.committee.pk, "move-effective_on": on, "move-document": "5-QĐ/ĐUK",
    })
    assert r.status_code == 400  # a grassroots cell cannot sit under a grassroots committee
    assert "Chi bộ cơ sở không thể trực thuộc Đảng bộ cơ sở" in r.content.decode()
    empty = client.post(reverse("org_action", args=[world.committee.pk, "found"]), {
        "found-name": "Chi bộ tạm", "found-kind": "subordinate_cell", "found-sector": "state_agency",
        "found-founded_on": "2024-05-01",
    })
    cell = Organization.objects.get(pk=empty.url.rstrip("/").split("/")[-1])
    r = client.post(reverse("org_action", args=[cell.pk, "rename"]), {
        "rename-name": "Chi bộ Phòng Kế hoạch", "rename-effective_on": on,
    })
    assert r.status_code == 302
    r = client.post(reverse("org_action", args=[cell.pk, "dissolve"]), {
        "dissolve-effective_on": on, "dissolve-confirm": "on", "dissolve-document": "20-QĐ/ĐU",
    })
    assert r.status_code == 302
    cell.refresh_from_db()
    assert cell.name == "Chi bộ Phòng Kế hoạch" and cell.dissolved_on == today()


def test_officer_merges_a_cell_and_its_members_follow(as_user, world):
    r = as_user(world.officer).post(reverse("org_action", args=[world.cell_b.pk, "merge"]), {
        "merge-into": world.cell_a.pk, "merge-effective_on": today().isoformat(), "merge-document": "7-QĐ/ĐU",
    })
    assert r.status_code == 302 and r.url == reverse("org_detail", args=[world.cell_a.pk])
    world.binh.refresh_from_db()
    assert world.binh.organization == world.cell_a


def test_officer_splits_a_cell_with_chosen_members(as_user, world):
    r = as_user(world.officer).post(reverse("org_action", args=[world.cell_a.pk, "split"]), {
        "split-name": "Chi bộ Thanh tra Sở", "split-members": [world.hanh.pk],
        "split-effective_on": today().isoformat(),
    })
    new = Organization.objects.get(name="Chi bộ Thanh tra Sở")
    assert r.status_code == 302 and r.url == reverse("org_detail", args=[new.pk])
    world.hanh.refresh_from_db()
    assert world.hanh.organization == new


def test_restructuring_bad_input_names_the_field_and_writes_nothing(as_user, world):
    client = as_user(world.officer)
    counts = (OrgEvent.objects.count(), AuditEntry.objects.count(), MemberEvent.objects.count())
    future = (today() + timedelta(days=3)).isoformat()
    r = client.post(reverse("org_action", args=[world.cell_a.pk, "rename"]), {
        "rename-name": "", "rename-effective_on": "ngày sai",
    })
    assert r.status_code == 400
    form = action_form(r, "rename")
    assert form.errors["name"] == ["Chưa nhập «Tên mới»."]
    assert "Ngày hiệu lực" in form.errors["effective_on"][0]
    r = client.post(reverse("org_action", args=[world.cell_a.pk, "rename"]), {
        "rename-name": "Chi bộ mới", "rename-effective_on": future,
    })
    assert r.status_code == 400
    assert "ở tương lai" in action_form(r, "rename").errors["effective_on"][0]
    r = client.post(reverse("org_action", args=[world.cell_b.pk, "merge"]), {
        "merge-into": world.committee.pk, "merge-effective_on": today().isoformat(),
    })
    assert r.status_code == 400
    assert "chỉ sáp nhập vào một chi bộ" in " ".join(action_form(r, "merge").errors["into"])
    r = client.post(reverse("org_action", args=[world.cell_a.pk, "dissolve"]), {
        "dissolve-effective_on": today().isoformat(), "dissolve-confirm": "on",
    })
    assert r.status_code == 400
    assert "còn 1 đảng viên" in r.content.decode()
    assert (OrgEvent.objects.count(), AuditEntry.objects.count(), MemberEvent.objects.count()) == counts
    assert Organization.objects.get(pk=world.cell_a.pk).name == "Chi bộ Văn phòng Sở"
    assert Member.objects.get(pk=world.binh.pk).organization_id == world.cell_b.pk


def test_it_validates_scope(as_user, world):
    client = as_user(world.other_secretary)
    assert client.get(reverse("org_detail", args=[world.committee.pk])).status_code == 404
    assert client.get(reverse("org_detail", args=[world.cell_l.pk])).status_code == 200
    r = client.post(reverse("org_action", args=[world.cell_a.pk, "rename"]), {
        "rename-name": "X", "rename-effective_on": date(2025, 1, 1).isoformat(),
    })
    assert r.status_code == 404
    tree = client.get(reverse("org_tree"))
    assert [n.org.pk for n, _ in tree.context["rows"]] == [world.cell_l.pk]
    assert OrgEvent.objects.filter(kind=OrgEventKind.RENAMED).count() == 0


def test_tree_is_collapsible_with_counts_of_children_cells_and_members(as_user, world):
    r = as_user(world.officer).get(reverse("org_tree"))
    items = {it.node.org.pk: it for it in r.context["items"]}
    bloc, committee, cell_a = items[world.bloc.pk], items[world.committee.pk], items[world.cell_a.pk]
    assert (bloc.children, bloc.cells, bloc.headcount, bloc.open) == (2, 3, 2, True)
    assert (committee.children, committee.cells, committee.open) == (2, 2, False)
    assert cell_a.children == 0
    html = r.content.decode()
    # Well-nested lists: every <details>/<ul> that opens, closes.
    assert html.count("<details") == html.count("</details>") == 2
    assert html.count("<ul") == html.count("</ul>")
    assert "2 tổ chức trực thuộc" in html and "3 chi bộ" in html


def test_a_dissolved_organisation_is_shown_on_its_last_day(as_user, world):
    """The page of an organisation merged away showed 0 members «đến ngày» today, an empty list, this year's
    review pack and every restructuring form: it shows its last day, read-only."""
    merged_on = today() - timedelta(days=10)
    client = as_user(world.officer)
    r = client.post(reverse("org_action", args=[world.cell_b.pk, "merge"]), {
        "merge-into": world.cell_a.pk, "merge-effective_on": merged_on.isoformat(), "merge-document": "7-QĐ/ĐU",
    })
    assert r.status_code == 302
    last = merged_on - timedelta(days=1)
    r = client.get(reverse("org_detail", args=[world.cell_b.pk]))
    assert r.status_code == 200 and r.context["on"] == last
    assert r.context["headcount"] == 1 and r.context["action_forms"] == []
    html = r.content.decode()
    assert world.binh.full_name in html and f"ngày {last:%d/%m/%Y}, trước khi giải thể/sáp nhập" in html
    assert f"&on={last.isoformat()}" in html and "Sắp xếp tổ chức" not in html
    assert client.get(reverse("org_detail", args=[world.cell_a.pk])).context["on"] == today()


def test_an_empty_tree_offers_the_last_day_of_a_dissolved_scope(as_user, world):
    """An officer kept on a dissolved committee (for its history) saw only «Không có tổ chức nào…» today."""
    from dangvu.accounts.models import Role
    from dangvu.members.restructuring import org_merge
    from tests.conftest import make_user

    merged_on = today() - timedelta(days=10)
    org_merge(actor=world.root_user, org=world.cell_b, into=world.cell_a, effective_on=merged_on)
    keeper = make_user("giu.lichsu", world.cell_b, Role.VIEWER)
    r = as_user(keeper).get(reverse("org_tree"))
    html = r.content.decode()
    last = merged_on - timedelta(days=1)
    assert r.status_code == 200 and "Không có tổ chức nào" in html
    assert f'href="?on={last.isoformat()}"' in html and f"xem cây tổ chức ngày {last:%d/%m/%Y}" in html
    assert world.cell_b.name in as_user(keeper).get(reverse("org_tree"), {"on": last.isoformat()}).content.decode()


def test_the_dashboard_offers_setting_targets_only_to_whoever_may(as_user, world):
    """«Chưa giao chỉ tiêu … Giao chỉ tiêu» led a cell secretary and a viewer to a page without a form."""
    assert "Giao chỉ tiêu</a>" in as_user(world.officer).get(reverse("dashboard")).content.decode()
    for user in (world.secretary, world.viewer):
        html = as_user(user).get(reverse("dashboard")).content.decode()
        assert "Chưa giao chỉ tiêu" in html and "Giao chỉ tiêu</a>" not in html


def test_the_tree_links_reorganisation_and_import_only_for_roles_that_may(as_user, world):
    """A cell secretary and a viewer were offered «Quyết định sắp xếp tổ chức» (403) and «Nhập tổ chức từ tệp»."""
    assert "Quyết định sắp xếp tổ chức" in as_user(world.officer).get(reverse("org_tree")).content.decode()
    for user in (world.secretary, world.viewer):
        html = as_user(user).get(reverse("org_tree")).content.decode()
        assert "Quyết định sắp xếp tổ chức" not in html and "Nhập tổ chức từ tệp" not in html
        assert "Xuất danh sách tổ chức" in html


def test_the_parent_is_linked_only_where_its_page_opens(as_user, world):
    """A cell secretary's own cell page linked its committee (crumbs and «Trực thuộc»), which answers 404."""
    html = as_user(world.secretary).get(reverse("org_detail", args=[world.cell_a.pk])).content.decode()
    parent = reverse("org_detail", args=[world.committee.pk])
    assert world.committee.name in html and f'href="{parent}"' not in html
    assert as_user(world.secretary).get(parent).status_code == 404
    html = as_user(world.officer).get(reverse("org_detail", args=[world.cell_a.pk])).content.decode()
    assert f'href="{parent}"' in html
