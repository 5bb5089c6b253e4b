"""Real-browser fixtures: Debian's Chromium (never a download) and a province built with
transactional_db, because live_server runs in another thread and must see committed rows."""

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import User

from dangvu.accounts.models import Assignment, Role
from dangvu.members.models import Member
from dangvu.members.services import member_record
from dangvu.orgs.models import Organization
from dangvu.orgs.services import org_found

# Playwright's sync API runs an event loop in this thread; Django's ORM must still be usable here.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "browser"
PASSWORD = "matkhau-123"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync",
    "--lang=vi-VN",  # date inputs show dd/mm/yyyy, as on a Vietnamese office computer
]

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE_F = ["Thị", "Thị Thu", "Thị Ngọc", "Thị Minh"]
MIDDLE_M = ["Văn", "Đức", "Minh", "Quang"]
GIVEN_F = ["Lan", "Hương", "Ánh", "Dung", "Hà", "Thảo", "Yến"]
GIVEN_M = ["An", "Bình", "Dũng", "Hùng", "Sơn", "Tuấn", "Đạt"]


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_type_launch_args, "executable_path": "/usr/bin/chromium", "headless": True,
            "args": CHROMIUM_ARGS, "env": {**os.environ, "LANG": "vi_VN.UTF-8", "LANGUAGE": "vi"}}


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict[str, Any]) -> dict[str, Any]:
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh",
            "viewport": {"width": 1360, "height": 900}}


@pytest.fixture
def artifacts() -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return ARTIFACTS


@dataclass
class LiveWorld:
    province: Organization
    bloc: Organization
    committee: Organization
    cell_a: Organization
    cell_b: Organization
    cell_c: Organization
    officer: Any
    hanh: Member


@pytest.fixture
def live_world(transactional_db) -> LiveWorld:
    """The same small province as tests/conftest.py's `world`, built through the services, plus
    enough members in cell_a for the list to page."""
    # transactional_db empties every table after each test, data migrations' rows included: seed the document
    # catalogue again (the migration's own function) so the documents pages work whatever ran before.
    import importlib

    from django.apps import apps as django_apps

    importlib.import_module("dangvu.documents.migrations.0002_seed_types_and_issuers").seed(django_apps, None)
    root = User.objects.create_superuser("root", password=PASSWORD)
    province = org_found(actor=root, name="Đảng bộ tỉnh Ninh Bình", kind="provincial_committee", parent=None,
                         founded_on=date(1950, 1, 1))
    bloc = org_found(actor=root, name="Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh", kind="bloc_committee",
                     parent=province, founded_on=date(2008, 3, 1))
    committee = org_found(actor=root, name="Đảng bộ Sở Y tế", kind="grassroots_committee", parent=bloc,
                          founded_on=date(2008, 3, 1), sector="state_agency")
    cell_a = org_found(actor=root, name="Chi bộ Văn phòng Sở", kind="subordinate_cell", parent=committee,
                       founded_on=date(2008, 3, 1), sector="state_agency")
    cell_b = org_found(actor=root, name="Chi bộ Phòng Nghiệp vụ", kind="subordinate_cell", parent=committee,
                       founded_on=date(2008, 3, 1), sector="state_agency")
    cell_c = org_found(actor=root, name="Chi bộ Công ty TNHH May Nam Sơn", kind="grassroots_cell", parent=bloc,
                       founded_on=date(2015, 6, 1), sector="non_state_enterprise")
    hanh = member_record(
        actor=root, organization=cell_a, full_name="Nguyễn Thị Hồng Hạnh", sex="F", birth_date=date(1975, 5, 2),
        admitted_on=date(2000, 3, 1), ceremony_on=date(2000, 3, 10), full_on=date(2001, 3, 10),
        joined_on=date(2008, 3, 1), citizen_id="037175000123", card_number="10234567",
        phone="0912 345 678", address="Phường Đông Thành, tỉnh Ninh Bình", theory_level="intermediate",
        occupation="Chánh Văn phòng Sở", qualification="Thạc sĩ Y tế công cộng", home_town="Hoa Lư, Ninh Bình",
    )
    cells = [cell_a, cell_b, cell_c]
    for i in range(57):
        female = i % 2 == 0
        name = " ".join([
            FAMILY[i % len(FAMILY)], (MIDDLE_F if female else MIDDLE_M)[i % 4],
            (GIVEN_F if female else GIVEN_M)[(i // 2) % 7],
        ])
        full_on = date(2017 + i % 8, 6, 1) if i % 5 else None
        member_record(
            actor=root, organization=cells[i % 3], full_name=name, sex="F" if female else "M",
            birth_date=date(1970 + i % 25, 1 + i % 12, 1 + i % 27),
            admitted_on=date(2016 + i % 8, 5, 1) if full_on else date(2026, 2, 1 + i % 20),
            full_on=full_on,
        )
    officer = User.objects.create_user("canbo.khoi", password=PASSWORD, first_name="Phạm Thu", last_name="Trang")
    Assignment.objects.create(user=officer, organization=bloc, role=Role.COMMITTEE_OFFICER)
    return LiveWorld(province, bloc, committee, cell_a, cell_b, cell_c, officer, hanh)


@pytest.fixture
def wide_page(browser: Any, browser_context_args: dict[str, Any]) -> Any:
    """A 1366×768 page whose context lets Playwright inject axe-core despite the Content-Security-Policy (the
    walks of each role and the screenshots look at the pages at the width officers use)."""
    context = browser.new_context(**{**browser_context_args, "bypass_csp": True,
                                     "viewport": {"width": 1366, "height": 768}})
    yield context.new_page()
    context.close()
