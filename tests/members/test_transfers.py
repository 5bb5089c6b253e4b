"""Transfers (Quy định 294-QĐ/TW): the transfer letter, its 30-working-day deadline, the overdue list, temporary
transfers with their end date and the reminder; each rule at its edges."""

from datetime import date, timedelta
from typing import Any

import pytest
from django.test import override_settings

from dangvu.core.dates import add_months, add_working_days, is_working_day
from dangvu.core.errors import NotVisible
from dangvu.members.models import TransferLetter
from dangvu.members.rules import overdue_issued_before, presentation_deadline
from dangvu.members.services import LetterIn, member_record_event, member_transfer, member_transfer_receive
from dangvu.members.transfers import letter_get, temporary_due, transfer_letters
from tests.factories import MemberFactory
from tests.helpers import refused

ISSUED = date(2026, 6, 1)  # a Monday


def transfer(world, member, *, on=ISSUED, to=None, actor=None, **kw):
    return member_transfer(actor=actor or world.officer, member=member, to_organization=to or world.cell_l,
                           effective_on=on, **kw)


def test_the_deadline_is_the_30th_working_day_after_the_letter():
    deadline = presentation_deadline(ISSUED)
    assert deadline == add_working_days(ISSUED, 30) == date(2026, 7, 13)  # six weeks of Mon–Fri
    assert deadline.weekday() < 5
    # The SQL threshold is the exact inverse: overdue on D iff issued before overdue_issued_before(D).
    for d in (date(2026, 7, 13), date(2026, 7, 14), date(2026, 7, 18), date(2026, 7, 20)):
        t = overdue_issued_before(d)
        assert presentation_deadline(t) >= d and presentation_deadline(t - timedelta(days=1)) < d


def test_public_holidays_are_not_working_days():
    """A letter of 2 February 2026: Tết (16–20 February, Monday to Friday) does not count, so the deadline is a
    week later than Monday-to-Friday counting; the SQL threshold stays the exact inverse across the holiday."""
    issued = date(2026, 2, 2)
    deadline = presentation_deadline(issued)
    assert deadline == date(2026, 3, 23)  # 30 weekdays would be 16 March
    assert not is_working_day(date(2026, 2, 17)) and not is_working_day(date(2026, 9, 2))
    assert not is_working_day(date(2026, 4, 27))  # Giỗ Tổ on a Sunday: the Monday after is off
    assert is_working_day(date(2026, 2, 23))
    for d in (date(2026, 3, 16), date(2026, 3, 23), date(2026, 3, 24), date(2026, 5, 4)):
        t = overdue_issued_before(d)
        assert presentation_deadline(t) >= d and presentation_deadline(t - timedelta(days=1)) < d


def test_a_letter_is_overdue_from_working_day_31_not_on_day_30(world):
    m = MemberFactory.create(organization=world.cell_a)
    ev = transfer(world, m, letter=LetterIn(number="15-GGT/ĐU", issued_on=ISSUED))
    letter = ev.letter
    assert (letter.number, letter.sending_committee, letter.receiving_committee) == (
        "15-GGT/ĐU", world.committee, world.cell_l)  # defaults: the grassroots organisations of both cells
    day30, day31 = add_working_days(ISSUED, 30), add_working_days(ISSUED, 31)
    on30 = transfer_letters(world.admin, world.province, on=day30, state="pending")
    assert [(r.letter.pk, r.state, r.days_over) for r in on30.items] == [(letter.pk, "pending", 0)]
    assert transfer_letters(world.admin, world.province, on=day30).count == 0
    on31 = transfer_letters(world.admin, world.province, on=day31)
    assert [(r.letter.pk, r.state, r.days_over) for r in on31.items] == [(letter.pk, "overdue", 1)]
    # Both the sending and the receiving subtree see it; a third one does not.
    assert transfer_letters(world.officer, world.bloc, on=day31).count == 1
    assert transfer_letters(world.other_secretary, world.cell_l, on=day31).count == 1
    with pytest.raises(NotVisible):
        transfer_letters(world.other_secretary, world.bloc, on=day31)


def test_presenting_on_day_30_is_on_time_and_on_day_31_late_but_recorded(world):
    on_time, late = (MemberFactory.create(organization=world.cell_a) for _ in range(2))
    l1 = transfer(world, on_time, letter=LetterIn(number="1", issued_on=ISSUED)).letter
    l2 = transfer(world, late, letter=LetterIn(number="2", issued_on=ISSUED)).letter
    member_transfer_receive(actor=world.other_secretary, letter=l1, presented_on=add_working_days(ISSUED, 30))
    member_transfer_receive(actor=world.other_secretary, letter=l2, presented_on=add_working_days(ISSUED, 31))
    rows = transfer_letters(world.admin, world.province, on=date(2026, 9, 1), state="presented").items
    assert [(r.letter.number, r.state) for r in rows] == [("1", "presented"), ("2", "presented_late")]
    assert transfer_letters(world.admin, world.province, on=date(2026, 9, 1)).count == 0
    # Recorded once; the sender (who may not record in the receiving cell) cannot record it.
    refused("already_presented", member_transfer_receive, actor=world.other_secretary, letter=l1,
            presented_on=date(2026, 8, 1))
    l3 = transfer(world, MemberFactory.create(organization=world.cell_a), letter=LetterIn("3", ISSUED)).letter
    refused("presented_before_issued", member_transfer_receive, actor=world.other_secretary, letter=l3,
            presented_on=ISSUED - timedelta(days=1))
    with pytest.raises(NotVisible):
        member_transfer_receive(actor=world.secretary, letter=l3, presented_on=date(2026, 6, 5))


def test_a_letter_is_refused_with_a_wrong_committee_a_later_date_or_no_number(world):
    m = MemberFactory.create(organization=world.cell_a)
    refused("letter_committee", transfer, world=world, member=m,
            letter=LetterIn("4", ISSUED, sending_committee=world.local))
    refused("letter_committee", transfer, world=world, member=m,
            letter=LetterIn("4", ISSUED, receiving_committee=world.committee))
    refused("letter_after_transfer", transfer, world=world, member=m, letter=LetterIn("4", ISSUED + timedelta(1)))
    refused("required", transfer, world=world, member=m, letter=LetterIn("  ", ISSUED))
    assert not TransferLetter.objects.exists()
    # The bloc as sending committee (above the cell) is accepted.
    assert transfer(world, m, letter=LetterIn("4", ISSUED, sending_committee=world.bloc)).letter.sending_committee \
        == world.bloc


def test_a_transfer_out_of_the_province_carries_its_letter_and_the_sender_records_the_return_slip(world):
    m = MemberFactory.create(organization=world.cell_a)
    refused("required", member_record_event, actor=world.officer, member=m, kind="transferred_out",
            effective_on=ISSUED, letter=LetterIn("9", ISSUED))
    ev = member_record_event(actor=world.officer, member=m, kind="transferred_out", effective_on=ISSUED,
                             destination="Đảng ủy phường Bến Nghé, TP Hồ Chí Minh", letter=LetterIn("9", ISSUED))
    assert ev.letter.receiving_name == "Đảng ủy phường Bến Nghé, TP Hồ Chí Minh"
    assert ev.letter.receiving_committee is None
    member_transfer_receive(actor=world.secretary, letter=ev.letter, presented_on=date(2026, 6, 20))
    refused("letter_with_transfer", member_record_event, actor=world.officer, member=world.binh, kind="exempted",
            effective_on=ISSUED, letter=LetterIn("9", ISSUED))


def test_a_voided_transfer_leaves_the_lists(world):
    from dangvu.members.services import member_event_void

    m = MemberFactory.create(organization=world.cell_a)
    ev = transfer(world, m, letter=LetterIn("5", ISSUED))
    member_event_void(actor=world.admin, event=ev, reason="Ghi nhầm")
    assert transfer_letters(world.admin, world.province, on=date(2026, 9, 1), state="all").count == 0
    refused("letter_voided", member_transfer_receive, actor=world.other_secretary, letter=ev.letter,
            presented_on=date(2026, 6, 5))


def test_letter_get_is_scoped(world):
    m = MemberFactory.create(organization=world.cell_a)
    letter = transfer(world, m, letter=LetterIn("6", ISSUED)).letter
    assert letter_get(world.other_secretary, letter.pk) == letter
    with pytest.raises(NotVisible):
        letter_get(world.viewer.__class__.objects.create_user("ngoai"), letter.pk)
    with pytest.raises(NotVisible):
        letter_get(world.officer, 10**9)


# ---------------------------------------------------------------- temporary transfers


def temporary(world, member, until, purpose="work", on=ISSUED):
    return transfer(world, member, on=on, temporary=True, temporary_until=until, temporary_purpose=purpose)


def test_a_temporary_transfer_needs_its_end_between_3_and_12_months_for_work(world):
    m = MemberFactory.create(organization=world.cell_a)
    refused("temporary_end_required", temporary, world=world, member=m, until=None)
    refused("temporary_too_short", temporary, world=world, member=m, until=add_months(ISSUED, 3) - timedelta(1))
    refused("temporary_too_long", temporary, world=world, member=m, until=add_months(ISSUED, 12))
    refused("choices", temporary, world=world, member=m, until=add_months(ISSUED, 6), purpose="holiday")
    ev = temporary(world, m, add_months(ISSUED, 12) - timedelta(1))
    assert (ev.temporary_until, ev.temporary_purpose) == (date(2027, 5, 31), "work")
    m2 = MemberFactory.create(organization=world.cell_a)
    assert temporary(world, m2, add_months(ISSUED, 3)).temporary_until == date(2026, 9, 1)


def test_a_temporary_transfer_for_study_may_last_24_months(world):
    m = MemberFactory.create(organization=world.cell_a)
    refused("temporary_too_long", temporary, world=world, member=m, until=add_months(ISSUED, 24) + timedelta(1),
            purpose="study")
    assert temporary(world, m, add_months(ISSUED, 24), purpose="study").temporary_until == date(2028, 6, 1)


def test_the_reminder_lists_a_temporary_end_today_as_today_and_yesterday_as_passed(world):
    ending_today, ended_yesterday, later, far = (MemberFactory.create(organization=world.cell_a) for _ in range(4))
    on = date(2026, 10, 1)
    temporary(world, ending_today, on)
    temporary(world, ended_yesterday, on - timedelta(days=1))
    temporary(world, later, on + timedelta(days=30))
    temporary(world, far, on + timedelta(days=31))
    rows = temporary_due(world.officer, world.bloc, on=on)
    assert [(r.member.pk, r.which, r.days) for r in rows] == [
        (ended_yesterday.pk, "passed", -1), (ending_today.pk, "today", 0), (later.pk, "upcoming", 30),
    ]
    assert rows[0].host_name == world.cell_l.name
    # The host cell's committee sees them too; the end recorded takes the member off the list.
    assert len(temporary_due(world.other_secretary, world.cell_l, on=on)) == 3
    member_record_event(actor=world.officer, member=ended_yesterday, kind="temporary_ended", effective_on=on)
    assert [r.which for r in temporary_due(world.officer, world.bloc, on=on)] == ["today", "upcoming"]
    with pytest.raises(NotVisible):
        temporary_due(world.secretary, world.bloc, on=on)


def test_the_lists_have_fixed_query_counts(world, django_assert_max_num_queries):
    for i in range(6):
        m = MemberFactory.create(organization=world.cell_a)
        transfer(world, m, letter=LetterIn(str(i), ISSUED), temporary=True,
                 temporary_until=add_months(ISSUED, 4))
    with django_assert_max_num_queries(4):
        page = transfer_letters(world.admin, world.province, on=date(2026, 9, 1))
        assert page.count == 6 and all(r.destination for r in page.items)
    with django_assert_max_num_queries(3):
        assert len(temporary_due(world.admin, world.province, on=date(2026, 9, 1))) == 6


@override_settings(DANGVU_RULES={"TRANSFER_PRESENT_WORKING_DAYS": 20, "TEMPORARY_WORK_MAX_MONTHS": 6,
                                 "TEMPORARY_END_REMINDER_DAYS": 60})
def test_a_province_may_change_the_transfer_limits(world):
    assert presentation_deadline(ISSUED) == add_working_days(ISSUED, 20)
    m = MemberFactory.create(organization=world.cell_a)
    refused("temporary_too_long", temporary, world=world, member=m, until=add_months(ISSUED, 6))
    temporary(world, m, add_months(ISSUED, 6) - timedelta(1))
    assert len(temporary_due(world.officer, world.bloc, on=add_months(ISSUED, 6) - timedelta(59))) == 1


def test_a_letter_written_wrong_is_corrected_with_a_reason_and_the_same_rules(world):
    from dangvu.core.models import AuditEntry
    from dangvu.members.services import member_event_void, transfer_letter_correct

    m = MemberFactory.create(organization=world.cell_a)
    letter = transfer(world, m, letter=LetterIn(number="15-GGT/ĐU", issued_on=ISSUED)).letter
    fixed = transfer_letter_correct(actor=world.secretary, letter=letter, number="51-GGT/ĐU",
                                    issued_on=ISSUED - timedelta(days=3), sending_committee=world.bloc,
                                    reason="Ghi nhầm số và ngày")
    assert (fixed.number, fixed.issued_on, fixed.sending_committee) == ("51-GGT/ĐU", date(2026, 5, 29), world.bloc)
    entry = AuditEntry.objects.get(action="transfer_letter_correct")
    assert (entry.before or {})["number"] == "15-GGT/ĐU" and (entry.after or {})["reason"] == "Ghi nhầm số và ngày"
    assert presentation_deadline(fixed.issued_on) == add_working_days(date(2026, 5, 29), 30)  # the list follows
    ok: dict[str, Any] = {"letter": fixed, "number": "51-GGT/ĐU", "issued_on": ISSUED, "reason": "x"}
    refused("required", transfer_letter_correct, actor=world.officer, **{**ok, "reason": " "})
    refused("letter_after_transfer", transfer_letter_correct, actor=world.officer,
            **{**ok, "issued_on": ISSUED + timedelta(days=1)})
    refused("letter_committee", transfer_letter_correct, actor=world.officer, **ok, sending_committee=world.local)
    refused("unchanged", transfer_letter_correct, actor=world.officer,
            **{**ok, "issued_on": date(2026, 5, 29)})
    with pytest.raises(NotVisible):  # the receiving cell's secretary does not record the sender's transfers
        transfer_letter_correct(actor=world.other_secretary, **ok)
    member_transfer_receive(actor=world.other_secretary, letter=fixed, presented_on=date(2026, 5, 30))
    refused("presented_before_issued", transfer_letter_correct, actor=world.officer,
            **{**ok, "issued_on": date(2026, 6, 1), "letter": TransferLetter.objects.get(pk=fixed.pk)})
    other = transfer(world, MemberFactory.create(organization=world.cell_a), letter=LetterIn("7", ISSUED))
    member_event_void(actor=world.admin, event=other, reason="Nhầm đảng viên")
    refused("letter_voided", transfer_letter_correct, actor=world.officer,
            **{**ok, "letter": TransferLetter.objects.get(event=other)})
    assert TransferLetter.objects.get(pk=fixed.pk).number == "51-GGT/ĐU"  # refusals wrote nothing
