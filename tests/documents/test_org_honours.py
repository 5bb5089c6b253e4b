"""The organisation's page lists the commendations it received and decided, and the party badges presented in its
subtree by year (voided ones left out); another subtree's page is 404; its query count stays fixed."""

from datetime import date

from django.test import Client

from dangvu.documents.services import commendation_record, commendation_void
from dangvu.members.badges import BadgeItem, badge_award, badge_void, badges_by_year
from tests.documents.conftest import veteran


def client_for(user) -> Client:
    c = Client()
    c.force_login(user)
    return c


def _setup(world):
    commendation_record(actor=world.officer, organization=world.bloc, year=2024, level="certificate",
                        reason="Hoàn thành xuất sắc nhiệm vụ tiêu biểu năm 2024", document_text="40-QĐ/ĐUK",
                        organizations=[world.committee])
    wrong = commendation_record(actor=world.officer, organization=world.bloc, year=2023, level="merit",
                                reason="Ghi nhầm", document_text="41-QĐ/ĐUK", organizations=[world.committee])
    commendation_void(actor=world.officer, commendation=wrong, reason="Ghi nhầm")
    a = veteran(world, "Phạm Văn Đúng", date(1996, 2, 3))
    b = veteran(world, "Phạm Văn Hai", date(1986, 2, 3), org=world.cell_b)
    badge_award(actor=world.officer, occasion_on=date(2026, 2, 3), document="5-QĐ/TU",
                items=[BadgeItem(member=a, years=30), BadgeItem(member=b, years=40)])
    [voided] = badge_award(actor=world.officer, occasion_on=date(2025, 9, 2), document="4-QĐ/TU",
                           items=[BadgeItem(member=b, years=30)])
    badge_void(actor=world.officer, award=voided, reason="Ghi nhầm đợt")


def test_the_org_page_lists_commendations_and_badges_by_year(world):
    _setup(world)
    page = client_for(world.officer).get(f"/orgs/{world.committee.pk}/").content.decode()
    assert "Hoàn thành xuất sắc nhiệm vụ tiêu biểu năm 2024" in page and "40-QĐ/ĐUK" in page
    assert "Ghi nhầm" not in page  # the voided commendation
    assert 'id="badge-years"' in page and "30 năm: 1; 40 năm: 1" in page
    bloc = client_for(world.officer).get(f"/orgs/{world.bloc.pk}/").content.decode()
    assert "Cấp ủy quyết định khen thưởng" in bloc and "1 đối tượng" in bloc


def test_badges_by_year_leave_voided_awards_out(world):
    _setup(world)
    rows = badges_by_year(world.officer, world.committee, end=date(2026, 12, 31))
    assert [(r.year, r.total, r.by_milestone) for r in rows] == [(2026, 2, [(30, 1), (40, 1)])]
    assert badges_by_year(world.officer, world.cell_c, end=date(2026, 12, 31)) == []


def test_another_subtrees_org_page_is_404(world):
    _setup(world)
    assert client_for(world.other_secretary).get(f"/orgs/{world.committee.pk}/").status_code == 404


def test_the_org_page_keeps_a_fixed_number_of_queries(world, django_assert_max_num_queries):
    _setup(world)
    c = client_for(world.officer)
    c.get(f"/orgs/{world.committee.pk}/")
    with django_assert_max_num_queries(45) as ctx:
        assert c.get(f"/orgs/{world.committee.pk}/").status_code == 200
    before = len(ctx.captured_queries)
    for i in range(3):
        commendation_record(actor=world.officer, organization=world.bloc, year=2020 + i, level="certificate",
                            reason=f"Thành tích {i}", document_text=f"{50 + i}-QĐ/ĐUK", organizations=[world.committee])
    c.get(f"/orgs/{world.committee.pk}/")  # the member list's cached count is refreshed after writes
    with django_assert_max_num_queries(before):
        c.get(f"/orgs/{world.committee.pk}/")


def test_badges_count_where_the_cell_stood_when_they_were_presented(world):
    """History must not move: a cell moved to another committee takes its later awards there and leaves its earlier
    ones behind (at bloc scale the dissolved bloc showed 2026 awards, and its successor awards back to 2014)."""
    from dangvu.orgs.services import org_move

    old = veteran(world, "Phạm Văn Cũ", date(1995, 9, 2), org=world.cell_c, joined_on=date(2016, 3, 1))
    new = veteran(world, "Phạm Văn Mới", date(1996, 2, 3), org=world.cell_c, joined_on=date(2016, 3, 1))
    badge_award(actor=world.root_user, occasion_on=date(2025, 9, 2), document="4-QĐ/TU",
                items=[BadgeItem(member=old, years=30)])
    org_move(actor=world.root_user, org=world.cell_c, parent=world.local, effective_on=date(2025, 10, 1))
    badge_award(actor=world.root_user, occasion_on=date(2026, 2, 3), document="5-QĐ/TU",
                items=[BadgeItem(member=new, years=30)])
    end = date(2026, 12, 31)
    assert [(r.year, r.total) for r in badges_by_year(world.root_user, world.bloc, end=end)] == [(2025, 1)]
    assert [(r.year, r.total) for r in badges_by_year(world.root_user, world.local, end=end)] == [(2026, 1)]
    assert [(r.year, r.total) for r in badges_by_year(world.root_user, world.cell_c, end=end)] == [(2026, 1),
                                                                                                 (2025, 1)]
