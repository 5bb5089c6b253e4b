"""Each main page opens in a real browser without errors; screenshots kept for a human to look at."""

import pytest
from playwright.sync_api import Page, expect

from .test_transfer_flow import sign_in

pytestmark = pytest.mark.browser


def test_main_pages_render_for_an_officer(page: Page, live_server, live_world, artifacts):
    w = live_world
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(f"{live_server.url}/login/")
    page.screenshot(path=str(artifacts / "login.png"))
    sign_in(page, live_server, "canbo.khoi")
    expect(page.get_by_text("Tổ chức cơ sở đảng")).to_be_visible()
    page.screenshot(path=str(artifacts / "dashboard.png"), full_page=True)

    page.goto(f"{live_server.url}/orgs/")
    expect(page.get_by_role("heading", name="Cây tổ chức đảng")).to_be_visible()
    tree = page.get_by_role("list", name="Cây tổ chức")
    expect(tree.get_by_role("link", name="Chi bộ Văn phòng Sở")).to_be_hidden()  # under a collapsed committee
    committee = page.locator("li.grassroots", has=page.get_by_role("link", name="Đảng bộ Sở Y tế", exact=True))
    committee.locator("summary").click()
    expect(tree.get_by_role("link", name="Chi bộ Văn phòng Sở")).to_be_visible()
    page.screenshot(path=str(artifacts / "tree.png"), full_page=True)

    page.goto(f"{live_server.url}/members/?organization_id={w.bloc.pk}")
    expect(page.get_by_text("Tổng số: 58 đảng viên")).to_be_visible()
    page.screenshot(path=str(artifacts / "member_list.png"), full_page=True)
    page.get_by_role("link", name="Trang sau →").first.click()
    expect(page.get_by_text("Trang 2 / 2")).to_be_visible()

    page.goto(f"{live_server.url}/orgs/{w.cell_a.pk}/")
    page.locator("summary", has_text="Chia tách").click()
    page.screenshot(path=str(artifacts / "org.png"), full_page=True)

    page.goto(f"{live_server.url}/members/{w.hanh.pk}/")
    page.screenshot(path=str(artifacts / "member.png"), full_page=True)

    page.goto(f"{live_server.url}/reports/flow/?organization_id={w.bloc.pk}&start=2026-01-01&end=2026-11-01")
    expect(page.locator("table.flow")).to_contain_text("Cuối kỳ")
    page.screenshot(path=str(artifacts / "flow.png"), full_page=True)
    assert errors == []
