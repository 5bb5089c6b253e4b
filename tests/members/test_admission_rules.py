"""Admission age and readmission rules at their edges (Quy định 294-QĐ/TW; issue 11, item 6)."""

from datetime import date

import pytest

from dangvu.admissions import services as adm
from dangvu.members.models import EventKind, MemberEvent
from dangvu.members.services import member_record, member_record_event
from tests.admissions.conftest import new_candidate, passed
from tests.factories import MemberFactory
from tests.helpers import refused

BIRTH = date(1960, 3, 15)
SIXTIETH = date(2020, 3, 15)


def _record(w, admitted_on, **kw):
    return member_record(actor=w.root_user, organization=w.cell_c, full_name="Trịnh Văn Thọ", sex="M",
                         birth_date=BIRTH, admitted_on=admitted_on, ceremony_on=admitted_on, **kw)


def test_admission_on_the_60th_birthday_is_allowed(world):
    assert _record(world, SIXTIETH).admitted_on == SIXTIETH


def test_admission_at_60_years_and_a_day_needs_the_provincial_decision(world):
    e = refused("admission_age_max", _record, w=world, admitted_on=date(2020, 3, 16))
    assert e.field == "over_age_decision" and "294-QĐ/TW" in e.message and "232-QĐ/TW" in e.message
    m = _record(world, date(2020, 3, 16), over_age_decision="1520-QĐ/TU")
    note = MemberEvent.objects.get(member=m, kind=EventKind.ADMITTED).note
    assert "trên 60 tuổi" in note and "1520-QĐ/TU" in note


def test_a_candidate_over_60_is_admitted_only_with_the_decision(world):
    c = new_candidate(world, "Đinh Thị Lão", birth_date=date(1963, 1, 1), proposed_on=date(2024, 3, 1))
    passed(world, c)
    refused("admission_age_max", adm.candidate_admit, actor=world.officer, candidate=c, decided_on=date(2024, 6, 1),
            ceremony_on=date(2024, 6, 5), decision="12-QĐ/ĐUK")
    m = adm.candidate_admit(actor=world.officer, candidate=c, decided_on=date(2024, 6, 1),
                            ceremony_on=date(2024, 6, 5), decision="12-QĐ/ĐUK", over_age_decision="77-QĐ/TU")
    assert "77-QĐ/TU" in MemberEvent.objects.get(member=m, kind=EventKind.ADMITTED).note


def _left(w, kind="struck_off", on=date(2020, 1, 31)):
    m = MemberFactory.create(organization=w.cell_c)
    member_record_event(actor=w.root_user, member=m, kind=kind, effective_on=on)
    m.refresh_from_db()
    return m


def _readmit(w, m, on):
    member_record_event(actor=w.root_user, member=m, kind="readmitted", effective_on=on, to_organization=w.cell_c)
    m.refresh_from_db()


@pytest.mark.parametrize("kind", ["struck_off", "released"])
def test_readmission_waits_36_months_after_leaving(world, kind):
    m = _left(world, kind)
    e = refused("readmission_wait", _readmit, w=world, m=m, on=date(2022, 12, 31))  # 35 months
    assert "36 tháng" in e.message and "31/01/2023" in e.message
    _readmit(world, m, date(2023, 1, 31))  # 36 months
    assert m.left_on is None


def test_a_second_readmission_is_refused(world):
    m = _left(world)
    _readmit(world, m, date(2023, 2, 1))
    member_record_event(actor=world.root_user, member=m, kind="struck_off", effective_on=date(2023, 6, 1))
    m.refresh_from_db()
    refused("readmission_once", _readmit, w=world, m=m, on=date(2026, 7, 1))


def test_an_expelled_member_is_never_readmitted_but_may_be_reinstated(world):
    m = _left(world, "expelled")
    refused("readmission_barred", _readmit, w=world, m=m, on=date(2025, 1, 1))
    member_record_event(actor=world.root_user, member=m, kind="reinstated", effective_on=date(2021, 1, 1),
                        to_organization=world.cell_c)


# ---- the ceremony within 30 working days (Quy định 294-QĐ/TW) ------------------------------------------------

def _candidate_ready(w):
    c = new_candidate(w, "Lã Thị Nghi", birth_date=date(1998, 1, 1), proposed_on=date(2024, 3, 1))
    passed(w, c)
    return c


def test_the_ceremony_on_working_day_30_is_on_time_and_31_is_late(world):
    # Decision received Monday 3/6/2024: working day 30 is Monday 15/7/2024, working day 31 Tuesday 16/7/2024.
    c = _candidate_ready(world)
    e = refused("ceremony_late", adm.candidate_admit, actor=world.officer, candidate=c, decided_on=date(2024, 5, 31),
                received_on=date(2024, 6, 3), ceremony_on=date(2024, 7, 16), decision="12-QĐ/ĐUK")
    assert "15/07/2024" in e.message and e.field == "ceremony_on"
    m = adm.candidate_admit(actor=world.officer, candidate=c, decided_on=date(2024, 5, 31),
                            received_on=date(2024, 6, 3), ceremony_on=date(2024, 7, 15), decision="12-QĐ/ĐUK")
    assert m.ceremony_on == date(2024, 7, 15)


def test_a_member_who_left_during_probation_has_no_party_age(world):
    from dangvu.members.selectors import member_party_age

    m = MemberFactory.create(organization=world.cell_l, admitted_on=date(2015, 1, 1))
    member_record_event(actor=world.root_user, member=m, kind="released", effective_on=date(2015, 10, 1))
    assert member_party_age(m, date(2030, 1, 1)) == 0
    full = MemberFactory.create(organization=world.cell_l, admitted_on=date(2015, 1, 1), full_on=date(2016, 1, 1))
    assert member_party_age(full, date(2030, 1, 1)) == 15
