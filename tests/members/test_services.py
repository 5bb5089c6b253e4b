from datetime import date, timedelta

import pytest

from dangvu.core.dates import today
from dangvu.core.errors import DomainError, NotAllowed, NotVisible
from dangvu.core.models import AuditEntry
from dangvu.members.models import ENDING_KINDS, MemberEvent, MembershipSpan
from dangvu.members.projection import rebuild_all
from dangvu.members.selectors import headcount, member_party_age
from dangvu.members.services import member_event_void, member_record, member_record_event, member_update_profile
from dangvu.orgs.scope import require
from tests.factories import MemberFactory, OrgFactory
from tests.helpers import refused


def record(world, **kw):
    base = dict(
        actor=world.officer,
        organization=world.cell_c,
        full_name="Phạm Văn Dũng",
        sex="M",
        birth_date=date(1990, 1, 1),
        admitted_on=date(2015, 6, 1),
        ceremony_on=date(2015, 6, 10),
    )
    base.update(kw)
    return base


def event(world, member, kind, on, **kw):
    return member_record_event(actor=kw.pop("actor", world.officer), member=member, kind=kind, effective_on=on, **kw)


def spans(member):
    return list(
        MembershipSpan.objects.filter(member=member)
        .order_by("valid_from", "id")
        .values_list("organization_id", "valid_from", "valid_to", "start_kind", "end_kind")
    )


# --- member_record -----------------------------------------------------------------------------


def test_record_writes_member_admission_event_span_and_audit(world):
    m = member_record(**record(world, citizen_id="001090000001", card_number="12345678"))
    assert (m.organization, m.status, m.left_on, m.search_key) == (world.cell_c, "probationary", None, "pham van dung")
    ev = MemberEvent.objects.get(member=m)
    assert (ev.kind, ev.effective_on, ev.organization) == ("admitted", date(2015, 6, 1), world.cell_c)
    assert spans(m) == [(world.cell_c.pk, date(2015, 6, 1), None, "admitted", "")]
    assert AuditEntry.objects.filter(action="member_record", object_id=str(m.pk), actor=world.officer).exists()


def test_record_with_full_on_recognises_and_with_joined_on_arrives_by_transfer(world):
    m = member_record(**record(world, full_on=date(2016, 6, 10), joined_on=date(2020, 2, 1)))
    assert m.status == "full" and m.full_on == date(2016, 6, 10)
    assert [e.kind for e in m.events.order_by("effective_on")] == ["recognised_full", "joined"]
    assert spans(m) == [(world.cell_c.pk, date(2020, 2, 1), None, "transferred_in", "")]


@pytest.mark.parametrize("cid", ["03717500012", "0371750001234", "03717500012a", "037 17500012"])
def test_record_refuses_a_citizen_id_that_is_not_12_digits(world, cid):
    err = refused("citizen_id_format", member_record, **record(world, citizen_id=cid))
    assert err.field == "citizen_id"


def test_record_refuses_a_citizen_id_already_on_file(world):
    refused("citizen_id_unique", member_record, **record(world, citizen_id="037175000123"))  # Hạnh's


def test_record_refuses_a_card_number_already_issued(world):
    refused("card_number_unique", member_record, **record(world, card_number="10234567"))  # Hạnh's
    refused("card_number_format", member_record, **record(world, card_number="12ab"))


def test_record_refuses_admission_before_18(world):
    # Born 2/6/1997: 18 on 2/6/2015, one day after the admission decision.
    refused("admission_age", member_record, **record(world, birth_date=date(1997, 6, 2)))
    m = member_record(**record(world, birth_date=date(1997, 6, 1)))
    assert m.pk


def test_record_refuses_a_ceremony_before_the_decision(world):
    err = refused("ceremony_after_decision", member_record, **record(world, ceremony_on=date(2015, 5, 31)))
    assert err.field == "ceremony_on"


def test_record_refuses_a_joined_date_before_admission(world):
    refused("joined_after_admission", member_record, **record(world, joined_on=date(2015, 5, 1)))


@pytest.mark.parametrize("field", ["birth_date", "admitted_on", "ceremony_on", "joined_on"])
def test_record_refuses_future_dates(world, field):
    tomorrow = today() + timedelta(days=1)
    kw = record(world)
    if field in ("admitted_on",):
        kw.update(admitted_on=tomorrow, ceremony_on=None, birth_date=date(1990, 1, 1))
    else:
        kw[field] = tomorrow
    err = refused("no_future_dates", member_record, **kw)
    assert err.field == field


def test_record_refuses_a_committee_and_a_dissolved_cell(world):
    from dangvu.members.restructuring import org_dissolve

    refused("member_in_cell", member_record, **record(world, organization=world.committee))
    old = OrgFactory.create(actor=world.officer, parent=world.bloc, founded_on=date(2010, 1, 1))
    org_dissolve(actor=world.officer, org=old, effective_on=date(2014, 1, 1))
    refused("org_dissolved", member_record, **record(world, organization=old))
    refused("org_not_yet_founded", member_record, **record(world, admitted_on=date(2015, 5, 1), ceremony_on=None))


def test_record_refuses_full_on_before_12_months(world):
    err = refused("probation_12_months", member_record, **record(world, full_on=date(2016, 6, 9)))
    assert err.field == "full_on"


def test_record_in_another_subtree_is_not_visible_and_a_viewer_is_not_allowed(world):
    with pytest.raises(NotVisible):
        member_record(**record(world, actor=world.other_secretary))
    with pytest.raises(NotAllowed):
        member_record(**record(world, actor=world.viewer))


# --- recognition -------------------------------------------------------------------------------


def test_recognition_is_refused_before_12_months_of_probation(world):
    m = MemberFactory.create(organization=world.cell_c, admitted_on=date(2024, 3, 1), ceremony_on=date(2024, 3, 10))
    err = refused("probation_12_months", event, world=world, member=m, kind="recognised_full", on=date(2025, 3, 9))
    assert "10/03/2025" in err.message


def test_recognition_is_allowed_on_the_day_12_months_after_the_ceremony(world):
    m = MemberFactory.create(organization=world.cell_c, admitted_on=date(2024, 3, 1), ceremony_on=date(2024, 3, 10))
    event(world, m, "recognised_full", date(2025, 3, 10))
    m.refresh_from_db()
    assert (m.status, m.full_on) == ("full", date(2025, 3, 10))
    refused("already_full", event, world=world, member=m, kind="recognised_full", on=date(2025, 4, 1))


def test_recognition_after_readmission_counts_probation_from_readmission(world):
    m = MemberFactory.create(organization=world.cell_c, admitted_on=date(2016, 1, 1), full_on=date(2017, 1, 1))
    event(world, m, "struck_off", date(2018, 1, 1))
    event(world, m, "readmitted", date(2021, 1, 1))  # 36 months after leaving (Quy định 294-QĐ/TW)
    m.refresh_from_db()
    assert (m.status, m.full_on) == ("probationary", None)
    refused("probation_12_months", event, world=world, member=m, kind="recognised_full", on=date(2021, 12, 31))
    event(world, m, "recognised_full", date(2022, 1, 1))


# --- every lifecycle event ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", sorted(ENDING_KINDS))
def test_an_ending_closes_the_span_and_removes_from_headcount(world, kind):
    m = MemberFactory.create(organization=world.cell_c)
    event(world, m, kind, date(2020, 5, 1), destination="Tỉnh Nam Định" if kind == "transferred_out" else "")
    m.refresh_from_db()
    assert (m.left_on, m.left_kind) == (date(2020, 5, 1), kind)
    assert spans(m) == [(world.cell_c.pk, date(2016, 1, 1), date(2020, 5, 1), "admitted", kind)]
    assert headcount(world.cell_c, date(2020, 4, 30)) == 1
    assert headcount(world.cell_c, date(2020, 5, 1)) == 0


@pytest.mark.parametrize("kind", sorted(ENDING_KINDS))
def test_no_event_is_recorded_after_membership_ended(world, kind):
    m = MemberFactory.create(organization=world.cell_c)
    event(world, m, kind, date(2020, 5, 1))
    refused("membership_ended", event, world=world, member=m, kind="exempted", on=date(2021, 1, 1))
    refused(
        "membership_ended",
        event,
        world=world,
        member=m,
        kind="transferred",
        on=date(2021, 1, 1),
        to_organization=world.cell_b,
    )


def test_official_transfer_moves_the_member_between_cells(world):
    m = MemberFactory.create(organization=world.cell_c)
    event(world, m, "transferred", date(2020, 5, 1), to_organization=world.cell_a)
    m.refresh_from_db()
    assert m.organization == world.cell_a
    assert spans(m) == [
        (world.cell_c.pk, date(2016, 1, 1), date(2020, 5, 1), "admitted", "moved"),
        (world.cell_a.pk, date(2020, 5, 1), None, "moved", ""),
    ]


def test_temporary_transfer_keeps_the_member_in_the_senders_headcount(world):
    m = MemberFactory.create(organization=world.cell_c)
    event(world, m, "transferred", date(2025, 2, 1), to_organization=world.cell_l, temporary=True,
          temporary_until=date(2025, 8, 1))
    m.refresh_from_db()
    assert (m.organization, m.temporary_organization) == (world.cell_c, world.cell_l)
    on = date(2025, 3, 1)
    assert headcount(world.cell_c, on) == 1
    assert headcount(world.cell_l, on) == 1  # Ánh only
    assert headcount(world.province, on) == 3  # counted once (Hạnh, Ánh, m; Bình admitted 2026)
    refused(
        "already_temporary",
        event,
        world=world,
        member=m,
        kind="transferred",
        on=date(2025, 4, 1),
        to_organization=world.cell_a,
        temporary=True,
        temporary_until=date(2025, 9, 1),
    )
    event(world, m, "temporary_ended", date(2025, 8, 1))
    m.refresh_from_db()
    assert m.temporary_organization is None
    refused("not_temporary", event, world=world, member=m, kind="temporary_ended", on=date(2025, 9, 1))


def test_official_transfer_during_a_temporary_one_ends_it(world):
    m = MemberFactory.create(organization=world.cell_c)
    event(world, m, "transferred", date(2025, 2, 1), to_organization=world.cell_a, temporary=True,
          temporary_until=date(2025, 8, 1))
    event(world, m, "transferred", date(2025, 3, 1), to_organization=world.cell_a)
    m.refresh_from_db()
    assert (m.organization, m.temporary_organization) == (world.cell_a, None)


def test_transfer_is_refused_to_the_same_cell_a_committee_or_a_dissolved_cell(world):
    from dangvu.members.restructuring import org_dissolve

    m = MemberFactory.create(organization=world.cell_c)
    refused(
        "same_org", event, world=world, member=m, kind="transferred", on=date(2020, 1, 1), to_organization=world.cell_c
    )
    refused(
        "member_in_cell",
        event,
        world=world,
        member=m,
        kind="transferred",
        on=date(2020, 1, 1),
        to_organization=world.committee,
    )
    old = OrgFactory.create(actor=world.officer, parent=world.bloc, founded_on=date(2010, 1, 1))
    org_dissolve(actor=world.officer, org=old, effective_on=date(2019, 1, 1))
    refused("org_dissolved", event, world=world, member=m, kind="transferred", on=date(2020, 1, 1), to_organization=old)
    refused("required", event, world=world, member=m, kind="transferred", on=date(2020, 1, 1))


def test_transfer_to_another_province_is_refused(world):
    from tests.factories import ProvinceFactory

    other = ProvinceFactory.create()
    cell = OrgFactory.create(parent=other, founded_on=date(2000, 1, 1))
    m = MemberFactory.create(organization=world.cell_c)
    refused(
        "same_tenant",
        event,
        world=world,
        member=m,
        kind="transferred",
        on=date(2020, 1, 1),
        to_organization=cell,
        actor=world.root_user,
    )


def test_exemption_and_its_end(world):
    m = MemberFactory.create(organization=world.cell_c)
    event(world, m, "exempted", date(2020, 1, 1))
    m.refresh_from_db()
    assert m.exempted and headcount(world.cell_c, date(2020, 6, 1)) == 1  # exempted members still count
    refused("already_exempted", event, world=world, member=m, kind="exempted", on=date(2020, 2, 1))
    event(world, m, "exemption_ended", date(2021, 1, 1))
    m.refresh_from_db()
    assert not m.exempted
    refused("not_exempted", event, world=world, member=m, kind="exemption_ended", on=date(2021, 2, 1))


@pytest.mark.parametrize(
    ("ending", "back"), [("expelled", "reinstated"), ("struck_off", "readmitted"), ("released", "readmitted")]
)
def test_return_after_an_ending_opens_a_new_span(world, ending, back):
    m = MemberFactory.create(organization=world.cell_c)
    event(world, m, ending, date(2017, 1, 1))
    event(world, m, back, date(2020, 1, 1), to_organization=world.cell_a)  # readmission: 36 months later
    m.refresh_from_db()
    assert (m.organization, m.left_on, m.left_kind) == (world.cell_a, None, "")
    assert spans(m)[-1] == (world.cell_a.pk, date(2020, 1, 1), None, back, "")
    assert headcount(world.bloc, date(2017, 6, 1)) == 1  # Hạnh only
    assert headcount(world.bloc, date(2020, 1, 1)) == 2


@pytest.mark.parametrize("back", ["reinstated", "readmitted"])
def test_return_is_refused_while_the_member_is_active(world, back):
    m = MemberFactory.create(organization=world.cell_c)
    refused("return_requires_ended", event, world=world, member=m, kind=back, on=date(2020, 1, 1))


@pytest.mark.parametrize("ending", ["deceased", "transferred_out"])
def test_return_is_refused_after_death_or_transfer_out(world, ending):
    m = MemberFactory.create(organization=world.cell_c)
    event(world, m, ending, date(2017, 1, 1))
    refused("return_not_allowed", event, world=world, member=m, kind="readmitted", on=date(2020, 1, 1))


def test_events_are_refused_in_the_future_and_out_of_order(world):
    m = MemberFactory.create(organization=world.cell_c)
    refused("no_future_dates", event, world=world, member=m, kind="exempted", on=today() + timedelta(days=1))
    event(world, m, "exempted", date(2020, 6, 1))
    refused("event_order", event, world=world, member=m, kind="expelled", on=date(2020, 5, 31))
    refused("choices", event, world=world, member=m, kind="org_merged", on=date(2021, 1, 1))
    refused("choices", event, world=world, member=m, kind="admitted", on=date(2021, 1, 1))


def test_an_event_on_the_same_day_as_the_last_is_accepted(world):
    m = MemberFactory.create(organization=world.cell_c)
    event(world, m, "exempted", date(2020, 6, 1))
    event(world, m, "deceased", date(2020, 6, 1))
    m.refresh_from_db()
    assert m.left_kind == "deceased" and not m.exempted


# --- void --------------------------------------------------------------------------------------


def test_voiding_the_latest_event_restores_the_projection(world):
    m = MemberFactory.create(organization=world.cell_c)
    event(world, m, "transferred", date(2019, 1, 1), to_organization=world.cell_a)
    before_spans = spans(m)
    wrong = event(world, m, "expelled", date(2020, 1, 1))
    member_event_void(actor=world.officer, event=wrong, reason="Nhập nhầm đảng viên")
    m.refresh_from_db()
    wrong.refresh_from_db()
    assert (m.left_on, m.left_kind, m.organization) == (None, "", world.cell_a)
    assert spans(m) == before_spans
    assert wrong.voided_at is not None and wrong.voided_by == world.officer
    assert MemberEvent.objects.filter(pk=wrong.pk).exists()  # nothing is deleted
    assert rebuild_all(repair=False) == []
    # A voided event no longer blocks earlier dates.
    event(world, m, "exempted", date(2019, 6, 1))


def test_void_is_refused_for_an_older_event_the_first_event_a_voided_one_and_without_reason(world):
    m = MemberFactory.create(organization=world.cell_c)
    first = m.events.get()
    refused("void_first", member_event_void, actor=world.officer, event=first, reason="sai")
    older = event(world, m, "exempted", date(2019, 1, 1))
    latest = event(world, m, "exemption_ended", date(2019, 6, 1))
    refused("void_latest_only", member_event_void, actor=world.officer, event=older, reason="sai")
    refused("required", member_event_void, actor=world.officer, event=latest, reason="  ")
    member_event_void(actor=world.officer, event=latest, reason="sai")
    latest.refresh_from_db()
    refused("already_voided", member_event_void, actor=world.officer, event=latest, reason="sai")



def test_a_member_event_of_a_restructuring_cannot_be_voided_alone(world):
    from dangvu.members.restructuring import org_merge

    org_merge(actor=world.root_user, org=world.cell_b, into=world.cell_a, effective_on=date(2026, 3, 1))
    followed = world.binh.events.get(kind="org_merged")
    refused("void_restructuring", member_event_void, actor=world.officer, event=followed, reason="sai")
    world.binh.refresh_from_db()
    assert world.binh.organization_id == world.cell_a.pk

# --- party age ---------------------------------------------------------------------------------


def test_party_age_counts_from_the_decision_date(world):
    # Hạnh: decision 1/3/2000, ceremony 10/3/2000.
    assert member_party_age(world.hanh, date(2030, 2, 28)) == 29
    assert member_party_age(world.hanh, date(2030, 3, 1)) == 30
    assert member_party_age(world.hanh, date(1999, 1, 1)) == 0


def test_party_age_excludes_the_gap_before_readmission(world):
    m = MemberFactory.create(organization=world.cell_l, admitted_on=date(2001, 1, 1), full_on=date(2002, 1, 1))
    event(world, m, "struck_off", date(2005, 1, 1), actor=world.root_user)
    event(world, m, "readmitted", date(2008, 1, 1), actor=world.root_user)  # three years out (the least allowed)
    assert member_party_age(m, date(2006, 6, 1)) == 4  # frozen while out
    assert member_party_age(m, date(2033, 12, 31)) == 29
    assert member_party_age(m, date(2034, 1, 1)) == 30


def test_party_age_gap_of_whole_years_shifts_the_anniversary_by_whole_years(world):
    m = MemberFactory.create(organization=world.cell_l, admitted_on=date(2000, 1, 1), full_on=date(2001, 1, 1))
    event(world, m, "struck_off", date(2005, 1, 1), actor=world.root_user)
    event(world, m, "readmitted", date(2008, 1, 1), actor=world.root_user)
    assert member_party_age(m, date(2032, 12, 31)) == 29


def test_party_age_is_continuous_after_reinstatement(world):
    m = MemberFactory.create(organization=world.cell_l, admitted_on=date(2000, 1, 1), full_on=date(2001, 1, 1))
    event(world, m, "expelled", date(2005, 1, 1), actor=world.root_user)
    event(world, m, "reinstated", date(2007, 1, 1), actor=world.root_user)
    assert member_party_age(m, date(2030, 1, 1)) == 30


def test_party_age_is_frozen_at_death(world):
    m = MemberFactory.create(organization=world.cell_l, admitted_on=date(2000, 1, 1), full_on=date(2001, 1, 1))
    event(world, m, "deceased", date(2020, 6, 1), actor=world.root_user)
    assert member_party_age(m, date(2025, 1, 1)) == 20
    assert member_party_age(m, date(2019, 12, 31)) == 19


def test_party_age_continues_after_transfer_out_of_the_province(world):
    m = MemberFactory.create(organization=world.cell_l, admitted_on=date(2000, 1, 1), full_on=date(2001, 1, 1))
    event(world, m, "transferred_out", date(2020, 6, 1), actor=world.root_user)
    assert member_party_age(m, date(2025, 1, 1)) == 25


# --- profile and scope -------------------------------------------------------------------------


def test_profile_update_checks_uniqueness_and_audits_before_and_after(world):
    member_update_profile(actor=world.secretary, member=world.hanh, phone="0912345678", theory_level="advanced")
    world.hanh.refresh_from_db()
    assert (world.hanh.phone, world.hanh.theory_level) == ("0912345678", "advanced")
    entry = AuditEntry.objects.get(action="member_update_profile")
    assert entry.before is not None and entry.after is not None
    assert entry.before["phone"] != entry.after["phone"]  # (the log may mask the sensitive value itself)
    assert (entry.before["theory_level"], entry.after["theory_level"]) == ("", "advanced")
    with pytest.raises(DomainError) as exc:
        member_update_profile(actor=world.officer, member=world.binh, citizen_id="037175000123")
    assert exc.value.rule == "citizen_id_unique"
    with pytest.raises(DomainError) as exc:
        member_update_profile(actor=world.officer, member=world.binh, theory_level="doctor")
    assert exc.value.rule == "choices"
    # Re-saving one's own citizen id is not a duplicate.
    member_update_profile(actor=world.officer, member=world.hanh, citizen_id="037175000123")


def test_require_raises_not_visible_for_another_subtree_and_not_allowed_for_a_viewer(world):
    require(world.secretary, "record_member", world.cell_a)
    with pytest.raises(NotVisible):
        require(world.other_secretary, "view", world.cell_a)
    with pytest.raises(NotVisible):
        require(world.secretary, "view", world.cell_b)  # a sibling cell
    with pytest.raises(NotAllowed):
        require(world.viewer, "record_member", world.cell_a)
    require(world.viewer, "view", world.cell_a)
    with pytest.raises(NotAllowed):
        require(world.secretary, "manage_org", world.cell_a)


def test_a_member_event_by_a_user_of_another_subtree_is_not_visible(world):
    with pytest.raises(NotVisible):
        event(world, world.hanh, "exempted", date(2020, 1, 1), actor=world.other_secretary)
    with pytest.raises(NotAllowed):
        event(world, world.hanh, "exempted", date(2020, 1, 1), actor=world.viewer)
    assert not MemberEvent.objects.filter(kind="exempted").exists()


# ---------------------------------------------------------------- one transfer rule for form, API and service


def test_transfer_target_rule_is_the_same_for_the_form_the_api_and_the_service(world):
    from dangvu.members.selectors import transfer_target_get, transfer_targets

    on = date(2026, 6, 1)
    offered = set(transfer_targets(world.hanh, on))
    assert offered == {world.cell_b, world.cell_c, world.cell_l}
    # Everything offered passes the rule; committees (not cells) and the member's own cell do not.
    for org in offered:
        assert transfer_target_get(world.hanh, org.pk, on) == org
    for org, rule in [(world.committee, "member_in_cell"), (world.cell_a, "same_org")]:
        with pytest.raises(DomainError) as exc:
            transfer_target_get(world.hanh, org.pk, on)
        assert exc.value.rule == rule and exc.value.field == "to_organization_id"
    with pytest.raises(DomainError) as exc:
        transfer_target_get(world.hanh, 999999, on)
    assert exc.value.rule == "transfer_target_unknown"


def test_a_cell_dissolved_before_the_date_is_neither_offered_nor_accepted(world):
    from dangvu.members.restructuring import org_dissolve
    from dangvu.members.selectors import transfer_targets

    org_dissolve(actor=world.root_user, org=world.cell_c, effective_on=date(2026, 3, 1))
    world.cell_c.refresh_from_db()
    assert world.cell_c not in set(transfer_targets(world.hanh, date(2026, 6, 1)))
    assert world.cell_c in set(transfer_targets(world.hanh, date(2026, 2, 1)))
    refused(
        "org_dissolved", member_record_event, actor=world.officer, member=world.hanh, kind="transferred",
        effective_on=date(2026, 6, 1), to_organization=world.cell_c,
    )


def test_each_event_kind_has_its_own_service(world):
    from dangvu.members import services

    ev = services.member_transfer(
        actor=world.officer, member=world.hanh, to_organization=world.cell_c, effective_on=date(2026, 6, 1),
        document="12-QĐ/ĐUK",
    )
    assert (ev.kind, ev.to_organization, ev.document) == ("transferred", world.cell_c, "12-QĐ/ĐUK")
    ev = services.member_leave(actor=world.officer, member=world.hanh, kind="deceased", effective_on=date(2026, 7, 1))
    assert ev.kind == "deceased"
    with pytest.raises(DomainError) as exc:
        services.member_leave(actor=world.officer, member=world.binh, kind="transferred", effective_on=date(2026, 7, 1))
    assert exc.value.rule == "choices"
