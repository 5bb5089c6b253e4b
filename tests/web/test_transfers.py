"""The transfers page (/members/transfers/): overdue letters with the organisation picker and paging, the
presentation form, temporary transfers ending; the transfer form with its letter; scope."""

from datetime import date, timedelta

from django.urls import reverse

from dangvu.core.dates import add_months, add_working_days
from dangvu.members.models import MemberEvent, TransferLetter
from dangvu.members.services import LetterIn, member_transfer
from tests.factories import MemberFactory

ISSUED = date(2026, 6, 1)


def _letters(world, n):
    out = []
    for i in range(n):
        m = MemberFactory.create(organization=world.cell_a)
        out.append(member_transfer(actor=world.officer, member=m, to_organization=world.cell_l, effective_on=ISSUED,
                                   letter=LetterIn(f"{i + 1}-GGT", ISSUED)).letter)
    return out


def test_the_overdue_list_pages_and_picks_an_organisation(as_user, world, django_assert_max_num_queries):
    _letters(world, 55)
    client = as_user(world.admin)
    url = reverse("transfer_letters")
    with django_assert_max_num_queries(25):
        r = client.get(url, {"organization_id": world.bloc.pk, "on": "2026-09-01"})
    html = r.content.decode()
    assert r.status_code == 200 and "Quá hạn chưa nộp: 55 giấy giới thiệu" in html
    assert "Trang 1 / 2" in html and html.count("Ghi đã nộp") == 50
    r2 = client.get(url, {"organization_id": world.bloc.pk, "on": "2026-09-01", "page": 2})
    assert r2.content.decode().count("Ghi đã nộp") == 5
    # On the 30th working day none is overdue yet; they are all pending.
    day30 = add_working_days(ISSUED, 30).isoformat()
    none = client.get(url, {"organization_id": world.bloc.pk, "on": day30}).content.decode()
    assert "Quá hạn chưa nộp: 0 giấy" in none
    pending = client.get(url, {"organization_id": world.bloc.pk, "on": day30, "state": "pending"}).content.decode()
    assert "Chưa nộp, còn trong hạn: 55 giấy" in pending


def test_another_subtree_gets_404_and_a_bad_state_a_message(as_user, world):
    (letter,) = _letters(world, 1)
    client = as_user(world.secretary)
    assert client.get(reverse("transfer_letters"), {"organization_id": world.local.pk}).status_code == 404
    r = client.get(reverse("transfer_letters"), {"state": "lost"})
    assert r.status_code == 200 and "Giấy giới thiệu" in r.content.decode()
    assert "không hợp lệ" in r.content.decode() or "Chọn một lựa chọn" in r.content.decode()
    outsider = MemberFactory.create(organization=world.cell_l)
    other = member_transfer(actor=world.admin, member=outsider, to_organization=world.cell_b, effective_on=ISSUED,
                            letter=LetterIn("77", ISSUED)).letter
    client2 = as_user(world.secretary)  # cell_a's secretary sees neither end of that letter
    r = client2.post(reverse("transfer_letter_present", args=[other.pk]), {"presented_on": "2026-06-10"})
    assert r.status_code == 404
    assert TransferLetter.objects.get(pk=other.pk).presented_on is None
    assert letter.pk in {t.pk for t in TransferLetter.objects.all()}


def test_the_receiving_cell_records_the_presentation_late_with_a_warning(as_user, world):
    (letter,) = _letters(world, 1)
    client = as_user(world.other_secretary)
    day31 = add_working_days(ISSUED, 31)
    r = client.post(reverse("transfer_letter_present", args=[letter.pk]), {"presented_on": day31.isoformat()},
                    follow=True)
    page = r.content.decode()
    assert "sau hạn nộp 13/07/2026" in page
    letter.refresh_from_db()
    assert letter.presented_on == day31
    # A second time is refused with the rule's message, nothing changed.
    r = client.post(reverse("transfer_letter_present", args=[letter.pk]), {"presented_on": "2026-07-01"}, follow=True)
    assert "đã nộp ngày" in r.content.decode()
    # The sending cell's secretary may not record it (403: in scope, but not the receiving cell).
    r = as_user(world.secretary).post(reverse("transfer_letter_present", args=[letter.pk]),
                                      {"presented_on": "2026-07-01"})
    assert r.status_code in (403, 404)


def test_the_transfer_form_records_the_letter_and_refuses_a_bad_end(as_user, world):
    m = MemberFactory.create(organization=world.cell_a)
    client = as_user(world.officer)
    url = reverse("member_event_record", args=[m.pk])
    bad = client.post(url, {"kind": "transferred", "effective_on": "2026-06-01", "to_organization": world.cell_l.pk,
                            "temporary": "on", "temporary_until": "2026-08-01", "temporary_purpose": "work",
                            "letter_number": "31-GGT"})
    assert bad.status_code == 400
    assert "Sinh hoạt tạm thời từ 3 tháng" in bad.content.decode()
    assert not MemberEvent.objects.filter(member=m, kind="transferred").exists()
    ok = client.post(url, {"kind": "transferred", "effective_on": "2026-06-01", "to_organization": world.cell_l.pk,
                           "temporary": "on", "temporary_until": "2026-12-01", "temporary_purpose": "work",
                           "letter_number": "31-GGT", "letter_issued_on": "2026-05-29"}, follow=True)
    html = ok.content.decode()
    assert "Đã ghi nhận: Chuyển sinh hoạt đảng" in html
    letter = TransferLetter.objects.get(member=m)
    assert (letter.number, letter.issued_on, letter.sending_committee) == ("31-GGT", date(2026, 5, 29), world.committee)
    assert "31-GGT" in html and "đến 01/12/2026" in html


def test_the_dashboard_counts_overdue_letters_and_ending_temporary_transfers(as_user, world):
    from dangvu.core.dates import today
    from dangvu.web.workcentre import due_items

    _letters(world, 2)
    m = MemberFactory.create(organization=world.cell_a)
    on = today()
    member_transfer(actor=world.officer, member=m, to_organization=world.cell_l, effective_on=add_months(on, -4),
                    temporary=True, temporary_until=on - timedelta(days=1))
    items = {i.label: i for i in due_items(world.officer, world.bloc, on)}
    assert items["Giấy giới thiệu sinh hoạt đảng quá 30 ngày làm việc chưa nộp"].count == 2
    temp = items["Sinh hoạt tạm thời sắp hết hạn hoặc đã hết hạn"]
    assert temp.count == 1 and temp.urgent and "/members/transfers/" in temp.url


def test_the_member_page_and_the_work_list_correct_a_letter(as_user, world):
    m = MemberFactory.create(organization=world.cell_a)
    inside = member_transfer(actor=world.officer, member=m, to_organization=world.cell_b, effective_on=ISSUED,
                             letter=LetterIn("1-GGT", ISSUED)).letter  # within the bloc: the officer sees the member
    client = as_user(world.officer)
    page = client.get(reverse("member_detail", args=[m.pk])).content.decode()
    assert "Sửa giấy 1-GGT" in page
    url = reverse("transfer_letter_correct", args=[inside.pk])
    p = f"letter{inside.pk}-"
    bad = client.post(url, {f"{p}number": "1-GGT", f"{p}issued_on": "2026-06-02",
                            f"{p}sending_committee": world.committee.pk, f"{p}reason": "Sai ngày"}, follow=True)
    assert "sau ngày chuyển sinh hoạt" in bad.content.decode()
    ok = client.post(url, {f"{p}number": "11-GGT", f"{p}issued_on": "2026-05-28",
                           f"{p}sending_committee": world.bloc.pk, f"{p}reason": "Ghi nhầm số"}, follow=True)
    assert "Đã sửa giấy giới thiệu 1-GGT → 11-GGT." in ok.content.decode()
    inside.refresh_from_db()
    assert (inside.number, inside.issued_on, inside.sending_committee) == ("11-GGT", date(2026, 5, 28), world.bloc)
    # A member sent out of the bloc: the officer no longer sees the member's page; the work list corrects it.
    (out,) = _letters(world, 1)
    listing = reverse("transfer_letters") + f"?organization_id={world.bloc.pk}&state=pending&on=2026-06-02"
    assert f"Sửa giấy {out.number}" in client.get(listing).content.decode()
    q = f"letter{out.pk}-"
    done = client.post(reverse("transfer_letter_correct", args=[out.pk]), {
        f"{q}number": "21-GGT", f"{q}issued_on": "2026-06-01", f"{q}reason": "Ghi nhầm số", "next": listing},
        follow=True)
    assert done.redirect_chain[-1][0] == listing and "→ 21-GGT" in done.content.decode()
    out.refresh_from_db()
    assert (out.number, out.sending_committee) == ("21-GGT", world.committee)  # the committee left as it was
    # the receiving cell's secretary neither sees the form nor may correct it
    other = as_user(world.other_secretary)
    assert "Sửa giấy" not in other.get(reverse("member_detail", args=[out.member_id])).content.decode()
    assert other.post(reverse("transfer_letter_correct", args=[out.pk]), {
        f"{q}number": "9", f"{q}issued_on": "2026-05-28", f"{q}reason": "x"}).status_code == 404
