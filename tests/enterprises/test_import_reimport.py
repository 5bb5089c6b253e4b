"""Issue 10 point 1: a re-import by tax code with blank cells keeps the stored values; [xóa] clears one; the
preview shows each changed field (old → new). Issue 12 point 4: the dry run reads each table once."""

import io

import pytest
from django.test import Client

from dangvu.enterprises import importing
from dangvu.enterprises import services as s
from dangvu.enterprises.importing import import_confirm, import_dry_run, import_upload
from dangvu.enterprises.models import Enterprise

from .conftest import tax_code
from .test_import import workbook


@pytest.fixture
def stored(world, scenario) -> Enterprise:
    return s.enterprise_update(actor=world.admin, enterprise=scenario.e1, industry="Sản xuất giày",
                               address="Lô A2, KCN Gián Khẩu", contact="0229 3888 123")


def reimport(world, rows):
    batch = import_upload(actor=world.admin, filename="lai.xlsx", data=workbook(rows))
    return batch, import_dry_run(actor=world.admin, batch=batch)


def test_blank_cells_keep_the_stored_values_and_the_preview_lists_only_the_changed_field(world, stored):
    batch, [row] = reimport(world, [{"tax_code": stored.tax_code, "name": "Công ty TNHH Giày Adora"}])
    assert row.action == "update"
    assert row.changes == [{"label": "Tên doanh nghiệp", "old": "Công ty TNHH Giày Adora Việt Nam",
                            "new": "Công ty TNHH Giày Adora"}]
    import_confirm(actor=world.admin, batch=batch)
    e = Enterprise.objects.get(pk=stored.pk)
    assert e.name == "Công ty TNHH Giày Adora"
    assert (e.owner_name, e.address, e.contact, e.industry, e.investor_country, e.ownership, e.zone_id) == (
        "Lin Chia-Hao", "Lô A2, KCN Gián Khẩu", "0229 3888 123", "Sản xuất giày", "Đài Loan", "fdi",
        stored.zone_id)


def test_the_clear_marker_empties_an_optional_field(world, stored):
    batch, [row] = reimport(world, [{"tax_code": stored.tax_code, "address": "[xóa]", "contact": "[XÓA]",
                                     "industry": "Da giày"}])
    assert {c["label"]: (c["old"], c["new"]) for c in row.changes} == {
        "Địa chỉ": ("Lô A2, KCN Gián Khẩu", ""), "Liên hệ": ("0229 3888 123", ""),
        "Ngành nghề": ("Sản xuất giày", "Da giày")}
    import_confirm(actor=world.admin, batch=batch)
    e = Enterprise.objects.get(pk=stored.pk)
    assert (e.address, e.contact, e.industry, e.owner_name) == ("", "", "Da giày", "Lin Chia-Hao")


def test_the_clear_marker_cannot_empty_a_required_field_or_a_count(world, stored):
    _, rows = reimport(world, [{"tax_code": stored.tax_code, "name": "[xóa]"},
                               {"tax_code": tax_code(2), "workers": "[xóa]", "as_of": "31/12/2024"}])
    assert [r.action for r in rows] == ["error", "error"]
    assert "Tên doanh nghiệp" in rows[0].reason and "bắt buộc" in rows[0].reason
    assert "Số lao động" in rows[1].reason


def test_an_unchanged_row_is_an_update_without_changes(world, stored):
    _, [row] = reimport(world, [{"tax_code": stored.tax_code, "name": stored.name, "ownership": "FDI",
                                 "locality": "Thành phố Hoa Lư"}])
    assert (row.action, row.changes) == ("update", [])


def test_a_new_count_is_listed_as_a_change(world, scenario):
    _, [row] = reimport(world, [{"tax_code": scenario.e2.tax_code, "as_of": "31/12/2024", "workers": 150}])
    assert row.changes == [{"label": "Số lao động ngày 31/12/2024", "old": "", "new": "150"}]


def test_the_preview_page_shows_old_and_new_values(world, stored):
    client = Client()
    client.force_login(world.admin)
    f = io.BytesIO(workbook([{"tax_code": stored.tax_code, "address": "[xóa]"}]))
    f.name = "lai.xlsx"
    url = client.post("/enterprises/import/", {"file": f})["Location"]
    page = client.get(url).content.decode()
    assert "Địa chỉ: <del>Lô A2, KCN Gián Khẩu</del> → <ins>(trống)</ins>" in page


def test_the_dry_run_reads_each_table_once_whatever_the_number_of_rows(world, scenario, django_assert_max_num_queries):
    codes = sorted({tax_code(500 + i) for i in range(100)})

    def rows(n):
        return [{"tax_code": codes[i], "name": f"Công ty {i}", "ownership": "Tư nhân",
                 "locality": "Thành phố Hoa Lư", "zone": "KCN Gián Khẩu", "registered_on": "01/01/2024",
                 "as_of": "31/12/2024", "workers": 10 + i, "trade_union_founded_on": "01/06/2024",
                 "trade_union_members": 5}
                for i in range(n)] + [{"tax_code": scenario.e2.tax_code, "workers": 1, "as_of": "31/12/2024"}]

    small = import_upload(actor=world.officer, filename="a.xlsx", data=workbook(rows(2)))
    large = import_upload(actor=world.officer, filename="b.xlsx", data=workbook(rows(60)))
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        import_dry_run(actor=world.officer, batch=small)
    with django_assert_max_num_queries(len(few.captured_queries)):
        results = import_dry_run(actor=world.officer, batch=large)
    assert len(results) == 61 and {r.action for r in results} == {"new", "update"}, [r.reason for r in results]
    assert len(few.captured_queries) <= 12
    assert importing.MAX_ROWS >= 10000


def test_every_write_of_a_confirmed_import_is_audited_like_its_service(world, scenario):
    from dangvu.core.models import AuditEntry
    from dangvu.enterprises.models import MassOrgCount, WorkforceCount

    batch, _ = reimport(world, [{"tax_code": tax_code(90), "name": "Công ty Mới", "ownership": "Tư nhân",
                                 "locality": "Thành phố Hoa Lư", "registered_on": "01/01/2024", "as_of": "31/12/2024",
                                 "workers": 30, "trade_union_founded_on": "01/06/2024", "trade_union_members": 20}])
    import_confirm(actor=world.admin, batch=batch)
    e = Enterprise.objects.get(tax_code=tax_code(90))
    count = WorkforceCount.objects.get(enterprise=e)
    union = MassOrgCount.objects.get(mass_org__enterprise=e)
    logged = set(AuditEntry.objects.filter(actor=world.admin).values_list("action", "object_id"))
    assert {("enterprise_register", str(e.pk)), ("workforce_record", str(count.pk)),
            ("mass_org_count_record", str(union.pk)), ("import_confirm", str(batch.pk))} <= logged
    assert e.status_changes.count() == 1 and count.recorded_by == world.admin
