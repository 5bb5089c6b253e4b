import io
from datetime import date

import pytest
from openpyxl import Workbook, load_workbook

from dangvu.core.errors import DomainError
from dangvu.enterprises.importing import (
    COLUMNS,
    TAX_CODE_UNAVAILABLE,
    import_confirm,
    import_dry_run,
    import_upload,
    template_workbook,
)
from dangvu.enterprises.models import Enterprise, MassOrganization, WorkforceCount
from dangvu.enterprises.selectors import facts_on

from .conftest import table_counts, tax_code


def workbook(rows: list[dict]) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.append([label for _, label in COLUMNS])
    for r in rows:
        ws.append([r.get(k, "") for k, _ in COLUMNS])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def good_rows(scenario):
    return [
        {"tax_code": tax_code(70), "name": "Công ty TNHH Cơ khí Yên Khánh", "ownership": "Tư nhân",
         "locality": "Thành phố Hoa Lư", "registered_on": "01/02/2024", "as_of": "31/12/2024", "workers": 210,
         "women": 40, "trade_union_founded_on": "15/03/2024", "trade_union_members": 150},
        {"tax_code": scenario.e2.tax_code, "name": "Công ty TNHH May Hà Phong", "ownership": "tư nhân",
         "locality": "Thành phố Hoa Lư", "zone": "KCN Gián Khẩu", "registered_on": "01/01/2020",
         "as_of": "31/12/2024", "workers": 135, "women": 100, "women_founded_on": "08/03/2024",
         "women_form": "Tổ", "women_members": 60},
    ]


def test_the_template_has_every_column():
    ws = load_workbook(io.BytesIO(template_workbook())).active
    assert [c.value for c in ws[1]] == [label for _, label in COLUMNS]


def test_dry_run_lists_new_and_update_and_writes_nothing(world, scenario):
    batch = import_upload(actor=world.admin, filename="dn.xlsx", data=workbook(good_rows(scenario)))
    before = table_counts()
    results = import_dry_run(actor=world.admin, batch=batch)
    assert [(r.line, r.action) for r in results] == [(2, "new"), (3, "update")]
    assert table_counts() == before


def test_confirm_writes_every_row_and_reimport_updates_by_tax_code(world, scenario):
    batch = import_upload(actor=world.admin, filename="dn.xlsx", data=workbook(good_rows(scenario)))
    import_confirm(actor=world.admin, batch=batch)
    new = Enterprise.objects.get(tax_code=tax_code(70))
    f = facts_on([new], date(2024, 12, 31))[0]
    assert (f.workers, f.mass["trade_union"].members) == (210, 150)
    f2 = facts_on([scenario.e2], date(2024, 12, 31))[0]
    assert f2.workers == 135 and f2.mass["women"].mass_org.form == "group"
    assert facts_on([scenario.e2], date(2023, 6, 1))[0].workers == 120  # history kept
    rows = good_rows(scenario)
    rows[0]["workers"] = 220
    rows[0]["name"] = "Công ty CP Cơ khí Yên Khánh"
    batch2 = import_upload(actor=world.admin, filename="dn2.xlsx", data=workbook(rows))
    assert [r.action for r in import_dry_run(actor=world.admin, batch=batch2)] == ["update", "update"]
    import_confirm(actor=world.admin, batch=batch2)
    new.refresh_from_db()
    assert new.name == "Công ty CP Cơ khí Yên Khánh"
    assert facts_on([new], date(2024, 12, 31))[0].workers == 220
    assert WorkforceCount.objects.filter(enterprise=new).count() == 2  # the first one voided, not deleted
    assert Enterprise.objects.filter(tax_code=tax_code(70)).count() == 1
    assert MassOrganization.objects.filter(enterprise=new).count() == 1


def test_a_bad_row_writes_nothing(world, scenario):
    rows = good_rows(scenario)
    bad_code = tax_code(71)[:9] + str((int(tax_code(71)[9]) + 1) % 10)
    rows.append({"tax_code": bad_code, "name": "Công ty sai mã", "ownership": "Tư nhân",
                 "locality": "Thành phố Hoa Lư", "registered_on": "01/01/2024"})
    rows.append({"tax_code": tax_code(72), "name": "Công ty thiếu địa bàn", "ownership": "FDI",
                 "investor_country": "Nhật Bản", "locality": "Không có", "registered_on": "01/01/2024"})
    rows.append({"tax_code": tax_code(73), "name": "Công ty số liệu sai", "ownership": "Tư nhân",
                 "locality": "Thành phố Hoa Lư", "registered_on": "01/01/2024", "as_of": "31/12/2024",
                 "workers": 10, "women": 20})
    batch = import_upload(actor=world.admin, filename="dn.xlsx", data=workbook(rows))
    results = import_dry_run(actor=world.admin, batch=batch)
    assert [r.action for r in results] == ["new", "update", "error", "error", "error"]
    assert "Mã số thuế" in results[2].reason and "kiểm tra" in results[2].reason
    assert "Địa bàn" in results[3].reason
    assert "Lao động nữ" in results[4].reason
    before = table_counts()
    with pytest.raises(DomainError) as exc:
        import_confirm(actor=world.admin, batch=batch)
    assert exc.value.rule == "import_row_error"
    assert table_counts() == before
    assert not Enterprise.objects.filter(tax_code=tax_code(70)).exists()


def test_an_unreadable_file_is_refused(world):
    with pytest.raises(DomainError) as exc:
        import_upload(actor=world.admin, filename="x.xlsx", data=b"not a spreadsheet")
    assert exc.value.rule == "xlsx"


def test_it_validates_scope(world, scenario):
    from tests.conftest import make_user

    other_officer = make_user("canbo.dongthanh", world.cell_l, "committee_officer")  # writes, elsewhere
    batch = import_upload(actor=other_officer, filename="dn.xlsx", data=workbook(good_rows(scenario)))
    results = import_dry_run(actor=other_officer, batch=batch)
    assert [r.action for r in results] == ["error", "error"]
    assert "phạm vi" in results[0].reason
    # The code of an enterprise outside the scope: not available, neither named nor said to be elsewhere.
    assert results[1].reason == f'Cột "Mã số thuế": {TAX_CODE_UNAVAILABLE}' and "Hà Phong" not in results[1].reason


def test_an_upload_needs_the_write_role(world, scenario, client):
    from dangvu.core.errors import NotAllowed
    from dangvu.enterprises.models import ImportBatch

    for reader in (world.viewer, world.secretary):
        with pytest.raises(NotAllowed):
            import_upload(actor=reader, filename="dn.xlsx", data=workbook(good_rows(scenario)))
    client.force_login(world.viewer)
    assert client.get("/enterprises/import/").status_code == 403
    assert not ImportBatch.objects.exists()


def test_the_party_organisation_column_sets_changes_and_clears_the_dated_link(world, scenario):
    """By code or exact name in the user's scope; a name that repeats asks for the code; the change is a dated
    link from the day it is written (coverage of earlier dates keeps the old one); [xóa] ends it."""
    from dangvu.core.dates import today
    from dangvu.enterprises.links import EnterpriseLinkSpan
    from dangvu.orgs.services import org_found, org_set_code

    org_set_code(actor=world.root_user, org=world.cell_c, code="CB-MNS")
    twin = org_found(actor=world.root_user, name="Chi bộ Văn phòng Sở", kind="subordinate_cell",
                     parent=world.committee, founded_on=date(2010, 1, 1))  # same name as cell_a
    rows = good_rows(scenario)
    rows[0]["party_org"] = "CB-MNS"
    rows[1]["party_org"] = world.cell_b.name
    results = import_dry_run(actor=world.admin, batch=import_upload(actor=world.admin, filename="dn.xlsx",
                                                                     data=workbook(rows)))
    assert [r.action for r in results] == ["new", "update"]
    assert {"label": "Tổ chức đảng", "old": "", "new": world.cell_b.name} in results[1].changes
    import_confirm(actor=world.admin, batch=import_upload(actor=world.admin, filename="dn.xlsx", data=workbook(rows)))
    new = Enterprise.objects.get(tax_code=tax_code(70))
    assert new.party_org == world.cell_c
    scenario.e2.refresh_from_db()
    assert scenario.e2.party_org == world.cell_b
    span = EnterpriseLinkSpan.objects.get(enterprise=scenario.e2, valid_to__isnull=True)
    assert (span.party_org_id, span.valid_from) == (world.cell_b.pk, today())
    assert EnterpriseLinkSpan.objects.get(enterprise=scenario.e2, valid_to=today()).party_org_id is None

    def errors(party_org: str, actor=world.admin) -> list[str]:
        r = dict(good_rows(scenario)[1], party_org=party_org)
        out = import_dry_run(actor=actor, batch=import_upload(actor=actor, filename="x.xlsx", data=workbook([r])))
        return [x.reason for x in out if x.action == "error"]

    assert errors(twin.name) == [f"Cột \"Tổ chức đảng\": có 2 tổ chức đảng tên '{twin.name}': ghi mã tổ chức để "
                                 "phân biệt"]
    assert errors("Chi bộ không có") == ["Cột \"Tổ chức đảng\": không có tổ chức đảng mã hoặc tên 'Chi bộ không có'"]
    assert "ngoài phạm vi" in errors(world.cell_l.name, actor=world.officer)[0]  # the local committee's cell
    rows = [dict(good_rows(scenario)[1], party_org="[xóa]")]
    import_confirm(actor=world.admin, batch=import_upload(actor=world.admin, filename="c.xlsx", data=workbook(rows)))
    scenario.e2.refresh_from_db()
    assert scenario.e2.party_org is None


def test_the_export_names_the_party_organisation_and_imports_back_unchanged(world, scenario):
    from dangvu.imports.exports import export_enterprises

    data = export_enterprises(actor=world.admin, org=world.province)
    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    header = [c.value for c in ws[1]]
    col = header.index("Tổ chức đảng")
    by_code = {r[header.index("Mã số thuế")]: r[col] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert by_code[scenario.e1.tax_code] == f"DV{world.cell_c.pk}"  # no code of its own: the export reference
    results = import_dry_run(actor=world.admin, batch=import_upload(actor=world.admin, filename="rt.xlsx",
                                                                     data=data))
    assert all(r.action != "error" for r in results), [r.reason for r in results if r.action == "error"]
    e1 = next(r for r in results if r.tax_code == scenario.e1.tax_code)
    assert not any(c["label"] == "Tổ chức đảng" for c in e1.changes)
