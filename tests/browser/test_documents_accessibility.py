"""The documents pages (register, regulations, task lists, conferences, commendations, badges) have no serious
accessibility violations (axe-core) and do not scroll sideways at 1366 px."""

from datetime import timedelta

import pytest
from playwright.sync_api import Page

from dangvu.core.dates import today
from dangvu.documents.services import TaskInput, conference_record, document_register, regulation_create

from . import test_accessibility as a11y
from .test_ratings import sign_in

page = a11y.page  # a browser context that lets axe-core in despite the Content-Security-Policy
check_pages = a11y.check_pages

pytestmark = pytest.mark.browser


def test_documents_pages_have_no_serious_accessibility_violations(page: Page, live_server, live_world, artifacts):
    w, t = live_world, today()
    doc = document_register(actor=w.officer, organization=w.bloc, number="13-QC/ĐUK", issued_on=t - timedelta(days=90),
                            title="Quy chế phối hợp với Ban Quản lý các khu công nghiệp tỉnh")
    reg = regulation_create(actor=w.officer, organization=w.bloc, title="Quy chế phối hợp", document=doc,
                            starts_on=t - timedelta(days=90), parties=["Đảng ủy Khối", "Ban Quản lý các KCN"],
                            tasks=[TaskInput(number=1, title="Nắm tình hình", lead="Đảng ủy Khối",
                                             recurrence="monthly")])
    conf = conference_record(actor=w.officer, organization=w.bloc, kind="interim", title="Sơ kết", held_on=t,
                             chair="Bí thư", regulation=reg, participants=[("Ban Quản lý các KCN", "Trưởng ban")])
    from dangvu.members.services import member_exempt

    member_exempt(actor=w.officer, member=w.hanh, effective_on=t - timedelta(days=80), document="13-QC/ĐUK")
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page, live_server, "canbo.khoi")
    found = check_pages(page, live_server, [
        ("documents", "/documents/"), ("document", f"/documents/{doc.pk}/"),
        ("regulations", "/documents/regulations/"), ("regulation", f"/documents/regulations/{reg.pk}/"),
        ("tasks", "/documents/tasks/?state=all"), ("conferences", "/documents/conferences/"),
        ("conference", f"/documents/conferences/{conf.pk}/"), ("commendations", "/documents/commendations/"),
        ("badges", "/documents/badges/"), ("org-honours", f"/orgs/{w.committee.pk}/"),
    ], artifacts)
    assert found == {}, found
