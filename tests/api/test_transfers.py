"""Transfers over the API: a transfer with its letter and temporary end, the overdue list, the presentation,
temporary transfers ending; scope (another subtree → 404) and bad input (422 naming field and rule)."""

from datetime import date

from dangvu.core.dates import add_working_days
from dangvu.members.models import LETTER_NUMBER_MAX_LENGTH, TransferLetter
from tests.api.conftest import ApiClient, counts
from tests.factories import MemberFactory

ISSUED = date(2026, 6, 1)


def _transfer(world, member, client=None, **extra):
    body = {"kind": "transferred", "effective_on": ISSUED.isoformat(), "to_organization_id": world.cell_l.pk,
            "letter_number": "21-GGT/ĐU", **extra}
    return (client or ApiClient(world.officer)).post(f"/members/{member.pk}/events", body)


def test_a_transfer_with_its_letter_then_the_overdue_list_and_the_presentation(world, no_unexpected_errors):
    m = MemberFactory.create(organization=world.cell_a)
    r = _transfer(world, m)
    assert r.status_code == 201, r.content
    letter = r.json()["event"]["letter"]
    assert letter["number"] == "21-GGT/ĐU" and letter["issued_on"] == "2026-06-01"
    assert letter["deadline"] == "2026-07-13" and letter["sending_committee_id"] == world.committee.pk
    assert letter["receiving_committee_id"] == world.cell_l.pk and letter["presented_on"] is None
    admin = ApiClient(world.admin)
    day30, day31 = add_working_days(ISSUED, 30), add_working_days(ISSUED, 31)
    assert admin.get("/transfer-letters", organization_id=world.province.pk, on=day30.isoformat()).json()["count"] == 0
    page = admin.get("/transfer-letters", organization_id=world.province.pk, on=day31.isoformat()).json()
    assert page["count"] == 1 and page["items"][0]["state"] == "overdue" and page["items"][0]["days_over"] == 1
    assert page["items"][0]["destination"] == world.cell_l.name
    receiver = ApiClient(world.other_secretary)
    r = receiver.post(f"/transfer-letters/{letter['id']}/presentation", {"presented_on": day31.isoformat()})
    assert r.status_code == 200, r.content
    assert r.json()["state"] == "presented_late" and r.json()["days_over"] == 1
    again = receiver.post(f"/transfer-letters/{letter['id']}/presentation", {"presented_on": day31.isoformat()})
    assert again.status_code == 422 and again.json()["rule"] == "already_presented"


def test_letters_and_presentations_are_scoped(world, no_unexpected_errors):
    m = MemberFactory.create(organization=world.cell_a)
    letter_id = _transfer(world, m).json()["event"]["letter"]["id"]
    outsider = ApiClient(world.viewer.__class__.objects.create_user("ngoai.tinh", password="matkhau-123"))
    assert outsider.get("/transfer-letters", organization_id=world.bloc.pk).status_code == 404
    secretary = ApiClient(world.secretary)  # cell_a: sees the letter (sent from there) but may not receive it
    assert secretary.get("/transfer-letters", organization_id=world.local.pk).status_code == 404
    r = secretary.post(f"/transfer-letters/{letter_id}/presentation", {"presented_on": "2026-06-10"})
    assert r.status_code == 404
    assert secretary.post("/transfer-letters/999999/presentation", {"presented_on": "2026-06-10"}).status_code == 404
    assert TransferLetter.objects.get(pk=letter_id).presented_on is None


def test_bad_input_names_the_field_and_writes_nothing(world, no_unexpected_errors):
    m = MemberFactory.create(organization=world.cell_a)
    c = ApiClient(world.officer)
    before = counts()
    r = _transfer(world, m, c, sending_committee_id=world.local.pk)
    assert r.status_code == 422 and (r.json()["field"], r.json()["rule"]) == ("sending_committee_id",
                                                                              "letter_committee")
    assert "không phải cấp ủy cấp trên" in r.json()["detail"]
    r = _transfer(world, m, c, temporary=True)
    assert r.status_code == 422 and (r.json()["field"], r.json()["rule"]) == ("temporary_until",
                                                                              "temporary_end_required")
    r = _transfer(world, m, c, temporary=True, temporary_until="2027-06-01")
    assert r.status_code == 422 and r.json()["rule"] == "temporary_too_long" and "12 tháng" in r.json()["detail"]
    r = _transfer(world, m, c, letter_issued_on="2026-06-02")
    assert r.status_code == 422 and r.json()["field"] == "letter_issued_on"
    assert counts() == before and not TransferLetter.objects.exists()
    bad_state = ApiClient(world.admin).get("/transfer-letters", state="lost")
    assert bad_state.status_code == 422


def test_temporary_transfers_ending_are_listed(world, no_unexpected_errors):
    m = MemberFactory.create(organization=world.cell_a)
    r = _transfer(world, m, temporary=True, temporary_until="2026-10-01", temporary_purpose="work")
    assert r.status_code == 201, r.content
    assert r.json()["event"]["temporary_until"] == "2026-10-01"
    rows = ApiClient(world.officer).get("/transfers/temporary-due", organization_id=world.bloc.pk,
                                        on="2026-10-01").json()
    assert [(x["member_id"], x["which"], x["days"]) for x in rows] == [(m.pk, "today", 0)]
    rows = ApiClient(world.officer).get("/transfers/temporary-due", organization_id=world.bloc.pk,
                                        on="2026-10-02").json()
    assert [(x["which"], x["days"]) for x in rows] == [("passed", -1)]
    assert ApiClient(world.secretary).get("/transfers/temporary-due", organization_id=world.local.pk).status_code \
        == 404


def test_a_letter_is_corrected_over_the_api(world, no_unexpected_errors):
    m = MemberFactory.create(organization=world.cell_a)
    letter_id = _transfer(world, m).json()["event"]["letter"]["id"]
    c = ApiClient(world.officer)
    url = f"/transfer-letters/{letter_id}/correct"
    r = c.post(url, {"number": "12-GGT/ĐU", "issued_on": "2026-05-29", "sending_committee_id": world.bloc.pk,
                     "reason": "Ghi nhầm số"})
    assert r.status_code == 200, r.content
    assert (r.json()["number"], r.json()["issued_on"], r.json()["sending_committee_name"]) == (
        "12-GGT/ĐU", "2026-05-29", world.bloc.name)
    r = c.post(url, {"number": "12-GGT/ĐU", "issued_on": "2026-05-29", "sending_committee_id": world.local.pk,
                     "reason": "x"})  # not above the cell: refused without naming the organisation
    assert r.status_code == 422 and (r.json()["field"], r.json()["rule"]) == ("sending_committee_id",
                                                                              "letter_committee")
    assert world.local.name not in r.json()["detail"]
    assert c.post(url, {"number": "", "issued_on": "2026-05-29", "reason": "x"}).json()["rule"] == "required"
    # The schema takes the model's and the rule's length (LETTER_NUMBER_MAX_LENGTH): 33 characters are refused by
    # the schema itself, naming the field, as the web form refuses them.
    r = c.post(url, {"number": "1" * (LETTER_NUMBER_MAX_LENGTH + 1), "issued_on": "2026-05-29", "reason": "x"})
    assert r.status_code == 422 and (r.json()["field"], r.json()["rule"]) == ("number", "string_too_long"), r.content
    assert f"{LETTER_NUMBER_MAX_LENGTH} ký tự" in r.json()["detail"]
    assert ApiClient(world.other_secretary).post(url, {"number": "1", "issued_on": "2026-05-29",
                                                       "reason": "x"}).status_code == 404
    assert TransferLetter.objects.get(pk=letter_id).number == "12-GGT/ĐU"
