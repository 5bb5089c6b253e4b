"""An officer whose only organisation was dissolved or merged is told so on the member list (date, document, where
its organisations and members went) with a link to the list of its last day, instead of an empty list."""

from datetime import date

import pytest
from django.test import Client

from dangvu.accounts.models import Role
from dangvu.members.restructuring import org_dissolve, org_merge
from dangvu.orgs.selectors import org_ending
from dangvu.orgs.services import org_found, org_move
from tests.conftest import World, make_user

pytestmark = pytest.mark.django_db
D = date(2026, 3, 1)


def _dissolve_committee(world: World) -> tuple:
    """Đảng bộ Sở Y tế dissolved on D, its two cells moved under a new committee on the same day."""
    finance = org_found(actor=world.root_user, name="Đảng bộ Sở Tài chính", kind="grassroots_committee",
                        parent=world.bloc, founded_on=date(2010, 1, 1))
    for cell in (world.cell_a, world.cell_b):
        org_move(actor=world.root_user, org=cell, parent=finance, effective_on=D, document="12-QĐ/ĐUK")
    world.committee.refresh_from_db()
    org_dissolve(actor=world.root_user, org=world.committee, effective_on=D, document="12-QĐ/ĐUK")
    world.committee.refresh_from_db()
    return finance, make_user("canbo.soyte", world.committee, Role.COMMITTEE_OFFICER)


def test_dissolved_committee_says_when_and_where(world: World) -> None:
    finance, officer = _dissolve_committee(world)
    ending = org_ending(world.committee)
    assert ending is not None and ending.on == D and ending.document == "12-QĐ/ĐUK"
    assert [o.pk for o in ending.destinations] == [finance.pk]
    assert org_ending(world.bloc) is None
    c = Client()
    c.force_login(officer)
    html = c.get("/members/").content.decode()
    assert "Đảng bộ Sở Y tế đã giải thể từ ngày 01/03/2026" in html
    assert "(theo 12-QĐ/ĐUK)" in html
    assert f'<a href="?organization_id={finance.pk}">Đảng bộ Sở Tài chính</a>' in html
    last = f"?organization_id={world.committee.pk}&amp;on=2026-02-28"
    assert f'<a href="{last}">Xem danh sách đảng viên ngày 28/02/2026' in html
    # The link shows the members of its last day.
    old = c.get("/members/" + last.replace("&amp;", "&")).content.decode()
    assert "Nguyễn Thị Hồng Hạnh" in old and "Trần Văn Bình" in old
    assert "đã giải thể từ ngày" not in old  # that day it was still open


def test_merged_cell_names_the_cell_merged_into(world: World) -> None:
    org_merge(actor=world.root_user, org=world.cell_b, into=world.cell_a, effective_on=D, document="5-QĐ/ĐU")
    secretary = make_user("bithu.nghiepvu", world.cell_b, Role.CELL_SECRETARY)
    c = Client()
    c.force_login(secretary)
    html = c.get("/members/").content.decode()
    assert "Chi bộ Phòng Nghiệp vụ đã sáp nhập từ ngày 01/03/2026" in html
    assert f'Đảng viên chuyển về\n  <a href="?organization_id={world.cell_a.pk}">Chi bộ Văn phòng Sở</a>' in html


def test_open_organisation_has_no_notice(world: World) -> None:
    c = Client()
    c.force_login(world.officer)
    assert 'id="org-ending"' not in c.get("/members/").content.decode()
