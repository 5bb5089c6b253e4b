"""The enterprise import as a kind of the engine: the same rows, the same outcomes as its own pages."""

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
