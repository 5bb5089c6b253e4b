"""Issue 10's left-alone items as their users see them at 1366×768 (screenshots in test-artifacts/browser/, axe-core 0
serious/critical, nothing scrolls sideways): the month view paged with its summary, as each role; the leader picked
by name on the round page; the member list of a dissolved committee; an organisation field refused by name."""

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from dangvu.accounts.models import Assignment, Role
from dangvu.core.dates import today
from dangvu.members.restructuring import org_dissolve
from dangvu.orgs.services import org_found, org_move
from dangvu.ratings import views as ratings_views
from dangvu.ratings.models import RatingEntry
from dangvu.ratings.services import rating_round_open

from .conftest import PASSWORD
from .test_accessibility import serious_violations
from .test_transfer_flow import sign_in

pytestmark = pytest.mark.browser
ROLES = [("admin", "root"), ("officer", "canbo.khoi"), ("secretary", "bithu.vanphong"), ("viewer", "xem.khoi")]


@pytest.fixture
def page(wide_page: Any) -> Any:
    return wide_page


def _users(w: Any) -> None:
    secretary = User.objects.create_user("bithu.vanphong", password=PASSWORD)
    Assignment.objects.create(user=secretary, organization=w.cell_a, role=Role.CELL_SECRETARY)
    viewer = User.objects.create_user("xem.khoi", password=PASSWORD)
    Assignment.objects.create(user=viewer, organization=w.bloc, role=Role.VIEWER)


def _look(page: Page, artifacts: Any, name: str, found: dict[str, list[str]]) -> None:
    page.screenshot(path=str(artifacts / f"{name}.png"), full_page=True)
    violations = serious_violations(page)
    if violations:
        found[name] = violations
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 1, f"{name}: the page scrolls sideways by {overflow} px"


def test_month_view_paged_as_each_role(page: Page, live_server, live_world, artifacts, monkeypatch):
    w = live_world
    _users(w)
    monkeypatch.setattr(ratings_views, "MONTH_PAGE_ROWS", 2)  # three cells: two pages, as a bloc's 427 cells are
    t = today()
    found: dict[str, list[str]] = {}
    for role, username in ROLES:
        page.context.clear_cookies()
        sign_in(page, live_server, username)
        response = page.goto(f"{live_server.url}/ratings/meetings/?year={t.year}&month={t.month}")
        assert response is not None and response.status == 200, role
        expect(page.locator(".stats")).to_contain_text("chi bộ đã ghi sinh hoạt thường kỳ")
        if role == "secretary":
            expect(page.locator("#month-table tr[data-cell]")).to_have_count(1)  # one cell: one page, no pager
        else:
            expect(page.locator("#month-summary")).to_contain_text("Đảng bộ Sở Y tế")
            expect(page.locator("#month-table tr[data-cell]")).to_have_count(2)
            expect(page.get_by_role("navigation", name="Phân trang")).to_contain_text("Trang 1 / 2")
        _look(page, artifacts, f"month-{role}", found)
        if role == "officer":
            page.get_by_label("Đảng bộ", exact=True).select_option(label="Đảng bộ Sở Y tế")
            page.get_by_role("button", name="Xem").click()
            expect(page.locator("#month-table tr[data-cell]")).to_have_count(2)
            expect(page.locator("#month-table")).not_to_contain_text(w.cell_c.name)
            _look(page, artifacts, "month-officer-filtered", found)
    assert found == {}, found


def test_officer_picks_a_leader_by_name(page: Page, live_server, live_world, artifacts):
    w = live_world
    _users(w)
    t = today()
    rnd = rating_round_open(actor=w.officer, organization=w.bloc, year=t.year, reference_on=t)
    found: dict[str, list[str]] = {}
    for role, username in ROLES:
        page.context.clear_cookies()
        sign_in(page, live_server, username)
        page.goto(f"{live_server.url}/ratings/rounds/{rnd.pk}/")
        field = page.get_by_role("combobox", name="Cán bộ lãnh đạo, quản lý")
        if role in ("secretary", "viewer"):
            expect(field).to_have_count(0)  # only those who manage the round rate its leaders
            continue
        field.fill("nguyen thi hong")
        label = "Nguyễn Thị Hồng Hạnh — Chi bộ Văn phòng Sở"
        expect(page.locator(f"datalist option[value='{label}']")).to_have_count(1)
        field.fill(label)
        expect(page.locator("#leader-subject_id")).to_have_value(str(w.hanh.pk))
        page.locator("#leader-pos").fill("Chánh Văn phòng Sở")
        page.locator("#ld-level").select_option("good")
        page.locator("#ld-score").fill("88")
        page.locator("section[aria-labelledby='leadership-title']").screenshot(
            path=str(artifacts / f"round-{role}-leader-picked.png"))
        page.get_by_role("button", name="Ghi xếp loại cán bộ").click()
        expect(page.get_by_text("Đã ghi 1 kết quả xếp loại.")).to_be_visible()
        expect(page.locator("#leadership-table")).to_contain_text("Nguyễn Thị Hồng Hạnh — Chánh Văn phòng Sở")
        _look(page, artifacts, f"round-{role}-leader-recorded", found)
        # A name nobody in the round bears: 400, the field named, nothing written.
        before = RatingEntry.objects.count()
        page.get_by_role("combobox", name="Cán bộ lãnh đạo, quản lý").fill("Không Ai Cả")
        page.locator("#leader-pos").fill("Giám đốc")
        page.locator("#ld-level").select_option("good")
        page.locator("#ld-score").fill("80")
        page.get_by_role("button", name="Ghi xếp loại cán bộ").click()
        expect(page.locator("#leader-member_name_error")).to_contain_text("«Cán bộ lãnh đạo, quản lý»: không có")
        assert RatingEntry.objects.count() == before
        _look(page, artifacts, f"round-{role}-leader-refused", found)
    assert found == {}, found


def test_member_list_of_a_dissolved_committee(page: Page, live_server, live_world, artifacts):
    w = live_world
    _users(w)
    root = User.objects.get(username="root")
    finance = org_found(actor=root, name="Đảng bộ Sở Tài chính", kind="grassroots_committee", parent=w.bloc,
                        founded_on=date(2010, 1, 1))
    d = date(2026, 3, 1)
    for cell in (w.cell_a, w.cell_b):
        org_move(actor=root, org=cell, parent=finance, effective_on=d, document="12-QĐ/ĐUK")
    w.committee.refresh_from_db()
    org_dissolve(actor=root, org=w.committee, effective_on=d, document="12-QĐ/ĐUK")
    gone = User.objects.create_user("canbo.soyte", password=PASSWORD)
    Assignment.objects.create(user=gone, organization=w.committee, role=Role.COMMITTEE_OFFICER)
    found: dict[str, list[str]] = {}
    # The committee's own officer (only assignment), the administrator and the bloc's officer and viewer; the cell's
    # secretary never saw the committee (404 for her).
    for role, username in [("dissolved-officer", "canbo.soyte"), *[r for r in ROLES if r[0] != "secretary"]]:
        page.context.clear_cookies()
        sign_in(page, live_server, username)
        query = "" if role == "dissolved-officer" else f"?organization_id={w.committee.pk}"
        page.goto(f"{live_server.url}/members/{query}")
        notice = page.locator("#org-ending")
        expect(notice).to_contain_text("Đảng bộ Sở Y tế đã giải thể từ ngày 01/03/2026")
        expect(notice.get_by_role("link", name="Đảng bộ Sở Tài chính")).to_be_visible()
        _look(page, artifacts, f"members-dissolved-{role}", found)
        notice.get_by_role("link", name="Xem danh sách đảng viên ngày 28/02/2026").click()
        expect(page.get_by_text("Nguyễn Thị Hồng Hạnh")).to_be_visible()
        _look(page, artifacts, f"members-dissolved-{role}-last-day", found)
    assert found == {}, found


def test_an_organisation_field_refused_by_name(page: Page, live_server, live_world, artifacts):
    w = live_world
    found: dict[str, list[str]] = {}
    for role, username in [("admin", "root"), ("officer", "canbo.khoi")]:  # who may restructure
        page.context.clear_cookies()
        sign_in(page, live_server, username)
        page.goto(f"{live_server.url}/orgs/{w.cell_c.pk}/")
        # What a tampered or stale form posts: a value that is no organisation's number.
        page.evaluate("""() => { const s = document.querySelector("select[name='merge-into']");
            const o = document.createElement("option"); o.value = "abc"; o.textContent = "abc"; s.appendChild(o);
            s.value = "abc"; s.closest("details") && (s.closest("details").open = true); }""")
        form = page.locator("form", has=page.locator("select[name='merge-into']"))
        form.locator("input[name='merge-effective_on']").fill("2026-01-01")
        form.locator("button[type='submit']").click()
        expect(page.get_by_text("«Sáp nhập vào»: «abc» không phải mã số tổ chức")).to_be_visible()
        _look(page, artifacts, f"org-merge-refused-{role}", found)
    assert found == {}, found


def test_faster_pages_as_each_role(page: Page, live_server, live_world, artifacts):
    """The pages made faster (dashboard, badges, members report, founded report) look as before for every role."""
    w = live_world
    _users(w)
    found: dict[str, list[str]] = {}
    pages = [("dashboard", "/", "Tổng quan"), ("badges", "/documents/badges/", "Huy hiệu"),
             ("report-members", "/reports/members/", "Cơ cấu đội ngũ đảng viên"),
             ("report-founded", "/reports/organizations-founded/", "Tổ chức thành lập mới, giải thể")]
    for role, username in ROLES:
        page.context.clear_cookies()
        sign_in(page, live_server, username)
        for name, path, heading in pages:
            response = page.goto(f"{live_server.url}{path}")
            assert response is not None and response.status == 200, (role, path)
            expect(page.locator("h1").first).to_contain_text(heading)
            _look(page, artifacts, f"faster-{role}-{name}", found)
    assert found == {}, found
