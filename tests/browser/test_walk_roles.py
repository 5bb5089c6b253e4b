"""Each role walks its main pages in a real browser at 1366×768: every page opens (200), axe-core finds no serious
or critical violation, nothing scrolls sideways; a screenshot per role and page is kept
(test-artifacts/walk-<role>-<page>.png) for a person to look at. The member's photo and family are filled in, so
the member page and the record edit show them."""

import io
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image
from playwright.sync_api import Page

from dangvu.accounts.models import Assignment, Role
from dangvu.members.services.family import member_family_add, member_photo_set

from .conftest import PASSWORD
from .test_accessibility import serious_violations
from .test_transfer_flow import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def page(wide_page: Any) -> Any:
    return wide_page


def _profile(w: Any) -> None:
    buf = io.BytesIO()
    Image.new("RGB", (90, 120), (150, 40, 40)).save(buf, "PNG")
    root = User.objects.get(username="root")
    member_photo_set(actor=root, member=w.hanh, photo=SimpleUploadedFile("anh.png", buf.getvalue(), "image/png"))
    member_family_add(actor=root, member=w.hanh, relation="father", full_name="Nguyễn Văn Lộc", birth_year=1948,
                      occupation="Nghỉ hưu", political_attitude="Đảng viên, cựu chiến binh")
    member_family_add(actor=root, member=w.hanh, relation="spouse", full_name="Trần Minh Quân", birth_year=1973,
                      occupation="Giáo viên Trường THPT Lương Văn Tụy")


def role_pages(w: Any) -> dict[str, tuple[str, list[tuple[str, str]]]]:
    """role → (username, [(page, path)]): the pages each account opens in a day."""
    common = [
        ("dashboard", "/"), ("tree", "/orgs/"), ("members", "/members/"), ("member", f"/members/{w.hanh.pk}/"),
        ("admissions", "/admissions/"), ("candidates", "/admissions/candidates/"),
        ("courses", "/admissions/courses/"), ("probation", "/admissions/probation/"), ("ratings", "/ratings/"),
        ("results", "/ratings/results/"), ("month", "/ratings/meetings/"), ("enterprises", "/enterprises/"),
        ("flow", "/reports/flow/"),
    ]
    officer = [*common, ("org", f"/orgs/{w.bloc.pk}/"), ("member_edit", f"/members/{w.hanh.pk}/edit/"),
               ("coverage", "/enterprises/coverage/"), ("reports", "/reports/"),
               ("flow_children", f"/reports/flow/?organization_id={w.bloc.pk}&start=2025-01-01&end=2025-12-31"
                                 "&by=children")]
    return {
        "admin": ("root", [*officer, ("audit", "/audit/"), ("users", "/users/"),
                           ("user", f"/users/{w.officer.pk}/")]),
        "officer": ("canbo.khoi", officer),
        "secretary": ("bithu.chibo", [*common, ("org", f"/orgs/{w.cell_a.pk}/"),
                                      ("member_edit", f"/members/{w.hanh.pk}/edit/")]),
        "viewer": ("xem.so", [*common, ("org", f"/orgs/{w.committee.pk}/")]),
    }


def test_each_role_walks_its_main_pages(page: Page, live_server, live_world, artifacts, settings, tmp_path):
    settings.DANGVU_FILES_DIR = str(tmp_path / "files")
    w = live_world
    secretary = User.objects.create_user("bithu.chibo", password=PASSWORD, first_name="Hạnh", last_name="Nguyễn Thị")
    Assignment.objects.create(user=secretary, organization=w.cell_a, role=Role.CELL_SECRETARY)
    viewer = User.objects.create_user("xem.so", password=PASSWORD, first_name="Xem", last_name="Sở Y tế")
    Assignment.objects.create(user=viewer, organization=w.committee, role=Role.VIEWER)
    _profile(w)
    found: dict[str, list[str]] = {}
    for role, (username, pages) in role_pages(w).items():
        page.context.clear_cookies()
        sign_in(page, live_server, username)
        for name, path in pages:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, (role, path, response and response.status)
            page.screenshot(path=str(artifacts / f"walk-{role}-{name}.png"))
            violations = serious_violations(page)
            if violations:
                found[f"{role} {path}"] = violations
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{role} {path}: the page scrolls sideways by {overflow} px"
            if name == "member":
                assert page.get_by_role("img", name="Ảnh của Nguyễn Thị Hồng Hạnh").is_visible()
                assert page.get_by_role("cell", name="Nguyễn Văn Lộc").is_visible()
    assert found == {}, found
