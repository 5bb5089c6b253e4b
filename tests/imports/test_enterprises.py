"""The enterprise import as a kind of the engine: the same rows, the same outcomes as its own pages."""

from datetime import date

from dangvu.enterprises.models import Enterprise
from tests.enterprises.conftest import scenario  # noqa: F401 — the enterprise tests' registry fixture
from tests.enterprises.test_import import good_rows

from .conftest import confirm, dry_result, errors_of, upload


def test_enterprises_go_through_the_engine_dry_run_and_confirm(world, scenario) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    rows = good_rows(scenario)
    f = upload(world.admin, "enterprises", {"enterprises": rows})
    result = dry_result(f)
    assert result["rows"]["new"] == 1 and result["rows"]["update"] == 1, result["errors"]
    before = Enterprise.objects.count()
    confirm(world.admin, f)
    assert Enterprise.objects.count() == before + 1


def test_an_enterprise_row_error_names_its_row_and_column(world, scenario) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    rows = good_rows(scenario)
    rows[0]["locality"] = "Không có địa bàn này"
    result = dry_result(upload(world.admin, "enterprises", {"enterprises": rows}))
    assert errors_of(result)[0][:2] == (2, "Địa bàn")


class _Done(Exception):
    pass


def _facts(actor, on):  # type: ignore[no-untyped-def]
    from dangvu.enterprises.selectors import enterprises_of

    out = {}
    for f in enterprises_of(actor, on=on).rows:
        out[f.enterprise.tax_code] = (
            f.enterprise.name, f.workers, f.women, f.union_eligible,
            sorted((k, m.mass_org.founded_on, m.mass_org.form, m.members) for k, m in f.mass.items()),
        )
    return out


def test_the_enterprise_export_carries_the_counts_and_imports_back_into_an_empty_registry(world) -> None:  # type: ignore[no-untyped-def]
    import pytest
    from django.db import transaction

    from dangvu.core.dates import today
    from dangvu.enterprises import services as s
    from dangvu.imports import services
    from dangvu.imports.exports import export_enterprises
    from tests.enterprises.conftest import tax_code

    from .conftest import confirm

    root = world.root_user
    hoa_lu = s.locality_create(actor=root, name="Thành phố Hoa Lư", organization=world.local)
    files: dict[str, bytes] = {}
    before: dict = {}
    with pytest.raises(_Done), transaction.atomic():
        e1 = s.enterprise_register(actor=root, name="Công ty TNHH Giày Adora", tax_code=tax_code(1),
                                   ownership="fdi", investor_country="Đài Loan", locality=hoa_lu,
                                   registered_on=date(2020, 1, 1))
        e2 = s.enterprise_register(actor=root, name="Công ty TNHH May Hà Phong", tax_code=tax_code(2),
                                   ownership="private", locality=hoa_lu, registered_on=date(2020, 1, 1))
        s.enterprise_register(actor=root, name="Hộ kinh doanh Bánh Đa", tax_code=tax_code(3), ownership="private",
                              locality=hoa_lu, registered_on=date(2021, 1, 1))
        s.workforce_record(actor=root, enterprise=e1, as_of=date(2023, 1, 1), workers=1200, women=800,
                           union_eligible=1100)
        s.workforce_record(actor=root, enterprise=e1, as_of=date(2024, 6, 30), workers=1500, women=1000,
                           union_eligible=1400)
        s.workforce_record(actor=root, enterprise=e2, as_of=date(2023, 1, 1), workers=120, women=90)
        for kind, n in (("trade_union", 1100), ("youth_union", 150), ("veterans", 12)):
            mo = s.mass_org_found(actor=root, enterprise=e1, kind=kind, founded_on=date(2020, 3, 1))
            s.mass_org_count_record(actor=root, mass_org=mo, as_of=date(2024, 6, 30), members=n)
        women = s.mass_org_found(actor=root, enterprise=e1, kind="women", form="branch", founded_on=date(2021, 3, 8))
        s.mass_org_count_record(actor=root, mass_org=women, as_of=date(2024, 6, 30), members=300)
        s.mass_org_found(actor=root, enterprise=e2, kind="trade_union", founded_on=date(2022, 5, 1))
        before.update(_facts(world.admin, today()))
        files["x"] = export_enterprises(actor=world.admin, org=world.province)
        raise _Done  # the registry is empty again
    assert not Enterprise.objects.exists()
    f = services.import_upload(actor=world.admin, kind="enterprises", filename="dn.xlsx", data=files["x"])
    result = dry_result(f)
    assert result["rows"] == {"new": 3, "update": 0, "unchanged": 0, "error": 0}, result["errors"]
    confirm(world.admin, f)
    after = _facts(world.admin, today())
    assert after == before
    assert before[tax_code(1)][1:4] == (1500, 1000, 1400) and len(before[tax_code(1)][4]) == 4
