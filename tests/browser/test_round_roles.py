"""The rating round page as each role opens it at 1366×768 (open and confirmed rounds): no serious or critical axe-core
violation, nothing scrolls sideways, a screenshot each (test-artifacts/browser/round-<role>-<state>.png); the
officer rates a leadership collective through the search-as-you-type committee picker ("Parent › Name")."""

from datetime import date
from typing import Any

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from dangvu.accounts.models import Assignment, Role
from dangvu.core.dates import today
from dangvu.ratings.models import RatingEntry, RatingRound
from dangvu.ratings.population import population_on
from dangvu.ratings.services import rating_entries_record, rating_round_confirm, rating_round_open

from .conftest import PASSWORD
from .test_accessibility import serious_violations
from .test_transfer_flow import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def page(wide_page: Any) -> Any:
    return wide_page


def _rounds(w: Any) -> tuple[RatingRound, RatingRound]:
    """This year's round of the bloc, open, and last year's, every member and organisation rated and confirmed."""
    t = today()
    opened = rating_round_open(actor=w.officer, organization=w.bloc, year=t.year, reference_on=t)
    closed = rating_round_open(actor=w.officer, organization=w.bloc, year=t.year - 1,
                               reference_on=date(t.year - 1, 11, 1))
    pop = population_on(closed.path, closed.reference_on)
    levels = ["good", "good", "good", "done"]
    rating_entries_record(actor=w.officer, rating_round=closed, entries=[
        *({"member_id": m, "level": levels[i % 4], "score": 80 if i % 4 < 3 else 60}
          for i, m in enumerate(pop.members)),
        *({"organization_id": o, "level": "good", "score": 82} for o in pop.grassroots_ids),
        {"subject": "leadership", "organization_id": w.committee.pk, "collective": "standing", "level": "good",
         "score": 84},
    ])
    rating_round_confirm(actor=w.officer, rating_round=closed)
    return opened, closed


def test_each_role_opens_the_round_pages_and_the_officer_picks_a_committee(
    page: Page, live_server, live_world, artifacts
):
    w = live_world
    opened, closed = _rounds(w)
    secretary = User.objects.create_user("bithu.vanphong", password=PASSWORD)
    Assignment.objects.create(user=secretary, organization=w.cell_a, role=Role.CELL_SECRETARY)
    viewer = User.objects.create_user("xem.khoi", password=PASSWORD)
    Assignment.objects.create(user=viewer, organization=w.bloc, role=Role.VIEWER)
    found: dict[str, list[str]] = {}
    for role, username in [("admin", "root"), ("officer", "canbo.khoi"), ("secretary", "bithu.vanphong"),
                           ("viewer", "xem.khoi")]:
        page.context.clear_cookies()
        sign_in(page, live_server, username)
        for state, rnd in [("open", opened), ("closed", closed)]:
            response = page.goto(f"{live_server.url}/ratings/rounds/{rnd.pk}/")
            assert response is not None and response.status == 200, (role, state)
            page.screenshot(path=str(artifacts / f"round-{role}-{state}.png"), full_page=True)
            violations = serious_violations(page)
            if violations:
                found[f"{role} {state}"] = violations
            overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
            assert overflow <= 1, f"{role} {state}: the page scrolls sideways by {overflow} px"
            if state == "closed":
                assert page.locator("main select").count() == 0  # a confirmed round is text
        picker = page.get_by_role("combobox", name="Đảng bộ", exact=True)
        if role in ("secretary", "viewer"):
            page.goto(f"{live_server.url}/ratings/rounds/{opened.pk}/")
            expect(picker).to_have_count(0)  # only those who manage the round rate its leadership
            continue
        if role != "officer":
            continue
        page.goto(f"{live_server.url}/ratings/rounds/{opened.pk}/")
        picker.fill("y te")
        listbox = page.locator("#lead-subject_id_list")
        option = listbox.get_by_role("option", name="Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh › Đảng bộ Sở Y tế")
        expect(option).to_be_visible()
        expect(listbox.get_by_role("option")).to_have_count(1)  # the round's committees only: no cell
        section = page.locator("section[aria-labelledby='leadership-title']")
        section.screenshot(path=str(artifacts / "round-officer-picker.png"))
        option.click()
        expect(picker).to_have_value("Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh › Đảng bộ Sở Y tế")
        page.locator("#lead-collective").select_option("standing")
        page.locator("#lt-level").select_option("good")
        page.locator("#lt-score").fill("86")
        page.get_by_role("button", name="Ghi xếp loại tập thể").click()
        expect(page.get_by_text("Đã ghi 1 kết quả xếp loại.")).to_be_visible()
        expect(page.locator("#leadership-table")).to_contain_text("Ban Thường vụ Đảng bộ Sở Y tế")
        section.screenshot(path=str(artifacts / "round-officer-rated.png"))
        page.goto(f"{live_server.url}/ratings/rounds/{opened.pk}/")
        picker.fill("chi bo")  # a cell is no leadership collective's committee
        expect(listbox).to_contain_text("Không tìm thấy tổ chức nào.")
        e = RatingEntry.objects.get(rating_round=opened, subject_kind="leadership")
        assert (e.organization_id, e.collective, e.score) == (w.committee.pk, "standing", 86)
    assert found == {}, found
