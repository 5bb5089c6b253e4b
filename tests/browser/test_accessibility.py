"""Every main page in a real browser: axe-core (the npm package's axe.min.js, vendored under
tests/browser/vendor/axe-core with its MPL-2.0 licence, injected locally) finds no serious or critical
violation; the navigation keeps to one line at 1366 px; wide tables fit; a screenshot of each page is kept."""

from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import Browser, Page

from .test_transfer_flow import sign_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"


@pytest.fixture
def page(browser: Browser, browser_context_args: dict[str, Any]) -> Any:
    """A page whose context lets Playwright inject axe-core despite the app's Content-Security-Policy
    (script-src 'self'): add_script_tag(path=...) inserts the file's text as an inline script."""
    context = browser.new_context(**{**browser_context_args, "bypass_csp": True})
    yield context.new_page()
    context.close()


def officer_pages(w: Any) -> list[tuple[str, str]]:
    """(screenshot name, path) of the pages an officer of the bloc works in."""
    return [
        ("dashboard", "/"), ("tree", "/orgs/"), ("org", f"/orgs/{w.committee.pk}/"),
        ("member_list", f"/members/?organization_id={w.bloc.pk}"), ("member", f"/members/{w.hanh.pk}/"),
        ("member_new", f"/members/new/{w.cell_a.pk}/"), ("member_edit", f"/members/{w.hanh.pk}/edit/"),
        ("admissions", "/admissions/"), ("candidates", "/admissions/candidates/"),
        ("candidate_new", "/admissions/candidates/new/"), ("courses", "/admissions/courses/"),
        ("course_new", "/admissions/courses/new/"), ("probation", "/admissions/probation/"),
        ("figures", "/admissions/figures/"),
        ("ratings", "/ratings/"), ("results", "/ratings/results/"), ("meetings", "/ratings/meetings/"),
        ("meeting_form", f"/ratings/meetings/record/{w.cell_a.pk}/"), ("criteria", "/ratings/criteria/"),
        ("enterprises", "/enterprises/"), ("enterprise_new", "/enterprises/new/"),
        ("coverage", "/enterprises/coverage/"), ("follow_ups", "/enterprises/follow-ups/"),
        ("registry", "/enterprises/registry/"), ("import", "/enterprises/import/"),
        ("reports", "/reports/"), ("flow", "/reports/flow/"),
        ("account", "/account/"),
    ]


def serious_violations(page: Page) -> list[str]:
    """axe-core's serious and critical violations on the page as "rule: target" lines."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{v['id']} ({v['impact']}): {', '.join(str(n['target']) for n in v['nodes'][:3])}"
        for v in result["violations"] if v["impact"] in ("serious", "critical")
    ]


def check_pages(page: Page, live_server: Any, pages: list[tuple[str, str]], artifacts: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for name, path in pages:
        response = page.goto(f"{live_server.url}{path}")
        assert response is not None and response.status == 200, (path, response and response.status)
        page.screenshot(path=str(artifacts / f"page-{name}.png"), full_page=True)
        page.screenshot(path=str(artifacts / f"page-{name}-top.png"))
        violations = serious_violations(page)
        if violations:
            found[path] = violations
        # Nothing wider than the page: tables fit (or scroll inside their own box).
        overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
        assert overflow <= 1, f"{path}: the page scrolls sideways by {overflow} px"
    return found


def test_officer_pages_have_no_serious_accessibility_violations(page: Page, live_server, live_world, artifacts):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server, "canbo.khoi")
    nav = page.get_by_role("navigation", name="Điều hướng chính")
    box, first = nav.bounding_box(), nav.get_by_role("link").first.bounding_box()
    assert box and first and box["height"] < 2 * first["height"], "the navigation wraps at 1366 px"
    found = check_pages(page, live_server, officer_pages(live_world), artifacts)
    assert found == {}, found


def test_administrator_pages_have_no_serious_accessibility_violations(page: Page, live_server, live_world, artifacts):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server, "root")
    w = live_world
    found = check_pages(page, live_server, [
        ("audit", "/audit/"), ("users", "/users/"), ("user_new", "/users/new/"),
        ("user_detail", f"/users/{w.officer.pk}/"),
    ], artifacts)
    assert found == {}, found
