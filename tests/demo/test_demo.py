"""The demo generator at tiny scale: deterministic, idempotent, and consistent with the projections and rules."""

import hashlib
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import transaction

from dangvu.accounts.models import Assignment
from dangvu.core.dates import add_months, full_years_between, today
from dangvu.core.models import AuditEntry
from dangvu.demo.generator import HANH, generate
from dangvu.members.models import EventKind, Member, MemberEvent, MembershipSpan
from dangvu.members.projection import compute_member, rebuild_all
from dangvu.orgs.models import CELL_KINDS, Organization, OrgEvent, OrgKind
from dangvu.orgs.projection import compute_org, rebuild_paths
from dangvu.reports.selectors import membership_flow

pytestmark = pytest.mark.django_db(transaction=False)
SEED = 7


def digest() -> str:
    """Id-independent fingerprint of the generated data (names, dates, ids of people, events by org name)."""
    names = dict(Organization.objects.values_list("id", "name"))
    h = hashlib.sha256()
    # Sorted in Python: organisations may share a name and a founding date, and PostgreSQL breaks such ties
    # arbitrarily (ids differ between runs because sequences do not roll back).
    rows = Organization.objects.values_list("name", "kind", "sector", "founded_on", "dissolved_on", "parent__name")
    for org in sorted(map(repr, rows)):
        h.update(org.encode())
    events: dict[int, list] = {}
    for ev in MemberEvent.objects.order_by("member_id", "effective_on", "id").values_list(
        "member_id", "kind", "effective_on", "organization_id", "to_organization_id", "temporary", "destination"
    ):
        events.setdefault(ev[0], []).append((ev[1], ev[2], names.get(ev[3]), names.get(ev[4]), ev[5], ev[6]))
    for m in Member.objects.order_by("citizen_id"):
        h.update(repr((m.full_name, m.sex, m.birth_date, m.citizen_id, m.card_number, m.admitted_on,
                       m.ceremony_on, m.full_on, m.status, m.left_on, m.left_kind, names[m.organization_id],
                       m.ethnic_group, m.religion, m.occupation, events.get(m.pk))).encode())
    return h.hexdigest()


@pytest.fixture
def demo(db):
    result = generate(seed=SEED, scale="tiny")
    assert result is not None
    return result


def test_deterministic_for_a_seed(db):
    digests = []
    for _ in range(2):
        with transaction.atomic():
            generate(seed=SEED, scale="tiny")
            digests.append((digest(), Member.objects.count(), MemberEvent.objects.count()))
            transaction.set_rollback(True)
    assert digests[0] == digests[1]
    assert Member.objects.count() == 0
    with transaction.atomic():
        generate(seed=SEED + 1, scale="tiny")
        other = digest()
        transaction.set_rollback(True)
    assert other != digests[0][0]


def test_idempotent(demo, capsys):
    counts = (Organization.objects.count(), Member.objects.count(), MemberEvent.objects.count(), User.objects.count())
    assert generate(seed=SEED, scale="tiny") is None
    call_command("demo", "--scale", "tiny", "--seed", str(SEED))
    assert "đã có" in capsys.readouterr().out
    assert counts == (Organization.objects.count(), Member.objects.count(), MemberEvent.objects.count(),
                      User.objects.count())


def test_size_and_shape(demo):
    assert 250 <= Member.objects.count() <= 450
    province = Organization.objects.get(parent__isnull=True)
    assert province.name == "Đảng bộ tỉnh Ninh Bình"
    bloc = Organization.objects.get(kind=OrgKind.BLOC_COMMITTEE)
    assert bloc.founded_on.year == 2008
    assert Organization.objects.filter(kind=OrgKind.LOCAL_COMMITTEE).count() == 2
    assert Organization.objects.filter(name="Đảng bộ thành phố Hoa Lư").exists()  # renamed in 2025
    active = Member.objects.filter(left_on__isnull=True)
    assert 0.3 < active.filter(sex="F").count() / active.count() < 0.6
    assert Member.objects.filter(full_name=HANH).exists()
    kinds = set(MemberEvent.objects.values_list("kind", flat=True))
    for k in (EventKind.ADMITTED, EventKind.JOINED, EventKind.RECOGNISED_FULL, EventKind.TRANSFERRED,
              EventKind.TRANSFERRED_OUT, EventKind.ORG_MERGED):
        assert k in kinds, k
    t = today()
    probation = active.filter(status="probationary")
    assert probation.filter(admitted_on__gte=t - timedelta(days=366)).exists()
    # Every audit-worthy write is audited: one entry per member and per organisation.
    assert AuditEntry.objects.filter(action="demo_member_record").count() == Member.objects.count()
    assert AuditEntry.objects.filter(action__in=["demo_org_found", "org_founded"]).count() == \
        Organization.objects.count()


def test_the_demo_replays_the_2025_reorganisation(demo):
    """Bloc and districts end on 1/7/2025, the new committees hold their organisations; the demo itself checked
    that its 2024 reports did not change (demo.reorganization refuses otherwise)."""
    from dangvu.members.selectors import headcount
    from dangvu.orgs.models import Reorganization

    july = date(2025, 7, 1)
    bloc = Organization.objects.get(kind=OrgKind.BLOC_COMMITTEE)
    assert bloc.dissolved_on == july
    assert not Organization.objects.filter(kind=OrgKind.LOCAL_COMMITTEE, dissolved_on__isnull=True).exists()
    decision = Reorganization.objects.get()
    assert decision.effective_on == july and decision.summary["before"]["members"] == \
        decision.summary["after"]["members"]
    new = Organization.objects.filter(kind__in=[OrgKind.PARTY_AGENCIES_COMMITTEE, OrgKind.GOVERNMENT_COMMITTEE])
    assert headcount(bloc, date(2025, 6, 30)) == sum(headcount(o, july) for o in new) > 0
    assert Organization.objects.filter(kind=OrgKind.COMMUNE_COMMITTEE, dissolved_on__isnull=True).exists()
    from dangvu.enterprises.models import LocalityCommitteeSpan

    assert LocalityCommitteeSpan.objects.filter(valid_to=july).exists()  # localities handed to communes


def test_projections_equal_rebuild(demo):
    assert rebuild_all(repair=False) == []
    assert rebuild_paths() == 0
    for org in Organization.objects.all():
        fields, _spans = compute_org(org, list(org.events.order_by("effective_on", "id")))
        assert {k: getattr(org, k) for k in fields} == fields


def test_rules_hold(demo):
    t = today()
    orgs = {o.pk: o for o in Organization.objects.all()}
    assert not MemberEvent.objects.filter(effective_on__gt=t).exists()
    assert not OrgEvent.objects.filter(effective_on__gt=t).exists()
    assert not Member.objects.filter(birth_date__gt=t).exists()
    assert not Member.objects.exclude(organization__kind__in=CELL_KINDS).exists()
    assert not Member.objects.filter(temporary_organization__isnull=False).exclude(
        temporary_organization__kind__in=CELL_KINDS).exists()
    for s in MembershipSpan.objects.all():
        org = orgs[s.organization_id]
        assert org.kind in CELL_KINDS
        assert s.valid_from >= org.founded_on
        if org.dissolved_on is not None:
            assert s.valid_to is not None and s.valid_to <= org.dissolved_on
        assert s.valid_to is None or s.valid_to > s.valid_from
    ids, cards = set(), set()
    for m in Member.objects.all():
        assert full_years_between(m.birth_date, m.admitted_on) >= 18
        assert m.admitted_on >= date(t.year - 55, 1, 1)
        assert m.ceremony_on is None or m.admitted_on <= m.ceremony_on <= t
        assert m.citizen_id is not None and len(m.citizen_id) == 12 and m.citizen_id.isdigit()
        century = 0 if m.birth_date.year < 2000 else 2
        assert m.citizen_id[3] == str(century + (1 if m.sex == "F" else 0))
        assert m.citizen_id[4:6] == f"{m.birth_date.year % 100:02d}"
        ids.add(m.citizen_id)
        if m.card_number:
            cards.add(m.card_number)
        events = list(m.events.order_by("effective_on", "id"))
        # Events in date order; only a recognition before the member joined from outside may precede the first.
        first = next(e for e in events if e.kind != EventKind.RECOGNISED_FULL)
        assert events[0] is first or events[0].effective_on < first.effective_on
        assert all(e.effective_on >= first.effective_on for e in events if e is not events[0] and e is not first)
        probation_start = m.ceremony_on or m.admitted_on
        for e in events:
            if e.kind == EventKind.READMITTED:
                probation_start = e.effective_on
            if e.kind == EventKind.RECOGNISED_FULL:
                assert e.effective_on >= add_months(probation_start, 12), m
        assert compute_member(m, events).fields["status"] == m.status
    assert len(ids) == Member.objects.count()
    assert len(cards) == Member.objects.exclude(card_number=None).count()


def test_flows_balance(demo):
    user = User.objects.get(username="canbo.khoi")
    bloc = Organization.objects.get(kind=OrgKind.BLOC_COMMITTEE)
    t = today()
    for years_back in range(3):
        end = date(t.year - years_back, 12, 31) if years_back else t
        start = date(end.year, 1, 1)
        flow = membership_flow(user, bloc, start=start, end=end)
        assert flow.balanced, (start, end, flow)
    admin = User.objects.get(username="quantri")
    # Each grassroots organisation over the years of the restructurings balances too.
    for org in Organization.objects.filter(kind__in=[OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_CELL]):
        for year in (2023, 2025):
            start = max(date(year, 1, 1), org.founded_on)
            flow = membership_flow(admin, org, start=start, end=date(year, 12, 31))
            assert flow.balanced, (org.name, year, flow)


def test_accounts(demo):
    assert {u.username for u in User.objects.all()} >= {"quantri", "canbo.khoi", "bithu.chibo"}
    admin = User.objects.get(username="quantri")
    assert admin.is_staff and admin.check_password("DangVu@2025")
    assert Assignment.objects.filter(user=admin, role="province_admin", organization__parent__isnull=True).exists()
    assert Assignment.objects.filter(user__username="canbo.khoi", role="committee_officer",
                                     organization__kind=OrgKind.BLOC_COMMITTEE).exists()
    sec = Assignment.objects.get(user__username="bithu.chibo", role="cell_secretary")
    assert sec.organization.kind == OrgKind.GRASSROOTS_CELL
    assert Member.objects.filter(organization=sec.organization, full_name=HANH, left_on__isnull=True).exists()
