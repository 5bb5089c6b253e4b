"""The reorganisation decision page: preview writes nothing, the decision is written all or nothing."""

from datetime import date

from django.urls import reverse

from dangvu.orgs.models import Organization, Reorganization
from dangvu.orgs.services import org_found
from tests.helpers import written_counts

JULY = date(2025, 7, 1)


def _post(w, commune, **extra):
    data = {
        "effective_on": "2025-07-01", "document": "100-QĐ/TU", "note": "",
        "line-TOTAL_FORMS": "3", "line-INITIAL_FORMS": "0", "line-MIN_NUM_FORMS": "0", "line-MAX_NUM_FORMS": "200",
        "line-0-organization": str(w.cell_l.pk), "line-0-kind": "moved", "line-0-target": str(commune.pk),
        "line-1-organization": str(w.local.pk), "line-1-kind": "dissolved",
        "line-2-organization": str(w.cell_l.pk), "line-2-kind": "kind_changed", "line-2-new_kind": "subordinate_cell",
    }
    data.update(extra)
    return data


def _commune(w):
    return org_found(actor=w.root_user, name="Đảng bộ phường Đông Thành", kind="commune_committee",
                     parent=w.province, founded_on=JULY)


def test_preview_shows_counts_and_writes_nothing_then_the_decision_is_written(as_user, world):
    commune = _commune(world)
    client = as_user(world.admin)
    assert client.get(reverse("reorganize")).status_code == 200
    before = (written_counts(), Reorganization.objects.count())
    r = client.post(reverse("reorganize"), {**_post(world, commune), "preview": "1"})
    assert r.status_code == 200, r.content.decode()[:2000]
    assert r.context["result"].dry_run
    assert "Xem trước (chưa ghi)" in r.content.decode() and "Đảng bộ xã/phường" in r.content.decode()
    assert (written_counts(), Reorganization.objects.count()) == before
    r = client.post(reverse("reorganize"), _post(world, commune))
    assert r.status_code == 302
    assert Organization.objects.get(pk=world.local.pk).dissolved_on == JULY
    assert Reorganization.objects.get().document == "100-QĐ/TU"


def test_a_bad_line_shows_the_rule_and_writes_nothing(as_user, world):
    commune = _commune(world)
    client = as_user(world.admin)
    before = written_counts()
    r = client.post(reverse("reorganize"), _post(world, commune, **{"line-0-organization": ""}))
    assert r.status_code == 400
    assert "Dòng 1" in r.content.decode()
    r = client.post(reverse("reorganize"), _post(world, commune, **{"line-0-organization": "", "line-0-kind": ""}))
    assert r.status_code == 400 and "còn 1 tổ chức trực thuộc" in r.content.decode()
    r = client.post(reverse("reorganize"), _post(world, commune, effective_on="31/02/2025"))
    assert r.status_code == 400
    assert written_counts() == before


def test_it_validates_scope(as_user, world):
    commune = _commune(world)
    # A cell secretary may not restructure; a bloc officer cannot touch the local committee's organisations.
    assert as_user(world.secretary).get(reverse("reorganize")).status_code == 403
    before = written_counts()
    r = as_user(world.officer).post(reverse("reorganize"), _post(world, commune))
    assert r.status_code == 400
    assert written_counts() == before


def test_the_organisation_page_changes_a_kind_with_date_and_document(as_user, world):
    client = as_user(world.admin)
    r = client.post(reverse("org_action", args=[world.cell_c.pk, "kind"]), {
        "kind-kind": "grassroots_committee", "kind-effective_on": "2025-07-01", "kind-document": "12-QĐ/ĐUK",
    })
    assert r.status_code == 302
    assert Organization.objects.get(pk=world.cell_c.pk).kind == "grassroots_committee"
    page = client.get(reverse("org_detail", args=[world.cell_c.pk])).content.decode()
    assert "Loại hình mới: Đảng bộ cơ sở" in page
    before = written_counts()
    r = client.post(reverse("org_action", args=[world.cell_c.pk, "kind"]), {
        "kind-kind": "bloc_committee", "kind-effective_on": "2025-08-01", "kind-document": "",
    })
    assert r.status_code == 400 and written_counts() == before
    assert as_user(world.other_secretary).post(reverse("org_action", args=[world.cell_c.pk, "kind"]), {
        "kind-kind": "grassroots_cell", "kind-effective_on": "2025-08-01"}).status_code == 404


def test_the_lines_pickers_write_only_the_chosen_organisation(as_user, world):
    """24 pickers × a bloc's 600 organisations were 1,9 MB of <option>s at bloc scale (3,8 MB with 24 lines):
    each line's picker writes its chosen organisation only; the script finds the others (/orgs/pick/)."""
    import re

    commune = _commune(world)
    client = as_user(world.admin)
    html = client.get(reverse("reorganize")).content.decode()
    selects = re.findall(r'<select name="line-\d+-(?:organization|target)"[^>]*>(.*?)</select>', html, re.S)
    assert len(selects) == 24
    assert all(re.findall(r"<option", s) == ["<option"] for s in selects)  # the empty choice only
    tags = re.findall(r'<select name="line-\d+-(?:organization|target)"[^>]*>', html)
    assert len(tags) == 24 and all('data-org-picker="/orgs/pick/"' in t for t in tags)
    r = client.post(reverse("reorganize"), {**_post(world, commune), "preview": "1"})
    html = r.content.decode()
    line0 = re.search(r'<select name="line-0-target"[^>]*>(.*?)</select>', html, re.S)
    assert line0 is not None
    assert re.findall(r'<option value="(\d+)"', line0[1]) == [str(commune.pk)] and "selected" in line0[1]
