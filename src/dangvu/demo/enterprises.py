"""Demo data of this app, called by dangvu.demo.generator after organisations, members and accounts exist.

A few hundred non-state enterprises in three industrial zones and outside them, private and FDI, with a
realistic size spread (most small, a few with thousands of workers); party organisations are the demo's
non-state-enterprise grassroots organisations; trade unions and other mass organisations mostly in the larger
enterprises; workforce and member counts at the end of the two previous years and this year; visits with
proposals and follow-ups. Rows are bulk-created but satisfy every rule the services check (valid tax codes,
parts <= workforce, counts inside an organisation's life, no future dates); one audit entry per record."""

import random
from datetime import date, timedelta
from typing import Any

from dangvu.core.audit import snapshot
from dangvu.core.models import AuditEntry
from dangvu.core.text import search_key
from dangvu.enterprises.links import carry_over_links
from dangvu.enterprises.models import (
    Contact,
    Enterprise,
    EnterpriseStatus,
    EnterpriseStatusChange,
    FollowUp,
    FollowUpStatus,
    IndustrialZone,
    Locality,
    MassOrganization,
    MassOrgCount,
    MassOrgKind,
    Ownership,
    SteeringCommittee,
    SteeringLevel,
    WomenForm,
    WorkforceCount,
)
from dangvu.enterprises.rules import tax_check_digit
from dangvu.members.models import Member
from dangvu.orgs.models import GRASSROOTS_KINDS, Organization, OrgKind, Sector

SEED_OFFSET = 505
COUNTS = {"tiny": 40, "bloc": 320, "province": 600}
ZONES = ["KCN Gián Khẩu", "KCN Khánh Phú", "KCN Phúc Sơn"]
# (lowest, highest workers, weight) — most non-state enterprises are small.
BANDS = [(3, 9, 30), (10, 49, 32), (50, 199, 22), (200, 999, 12), (1000, 4500, 4)]
KIND_WORDS = ["Công ty TNHH", "Công ty Cổ phần", "Công ty TNHH MTV", "Doanh nghiệp tư nhân"]
TRADES = [
    ("May mặc", "May"), ("Da giày", "Giày"), ("Điện tử", "Linh kiện Điện tử"), ("Cơ khí", "Cơ khí"),
    ("Vật liệu xây dựng", "Vật liệu Xây dựng"), ("Chế biến thực phẩm", "Thực phẩm"), ("Du lịch", "Du lịch"),
    ("Xây dựng", "Xây dựng"), ("Vận tải", "Vận tải"), ("Thương mại", "Thương mại"), ("Dệt", "Dệt"),
]
PLACES = ["Tràng An", "Hoa Lư", "Tam Cốc", "Bái Đính", "Vân Long", "Cúc Phương", "Kim Sơn", "Gia Viễn", "Yên Mô",
          "Nho Quan", "Thành Nam", "Phát Đạt", "Hưng Thịnh", "Hoàng Long", "An Phú", "Minh Khang", "Đại Việt",
          "Sơn Hà", "Thiên Phú", "Bảo Ngọc", "Hải Đăng", "Phú Cường", "Tân Tiến", "Quang Minh"]
FDI_COUNTRIES = [("Hàn Quốc", ["Hanwoo", "Daesung", "Seoul"]), ("Đài Loan", ["Adora", "Formosa", "Chien"]),
                 ("Nhật Bản", ["Yazaki", "Sakura", "Fuji"]), ("Trung Quốc", ["Jinko", "Hengli"]),
                 ("Singapore", ["Sembawang"])]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
GIVEN = ["Văn Hùng", "Thị Lan", "Đức Minh", "Quang Huy", "Thị Hương", "Văn Thắng", "Minh Tuấn", "Thu Trang"]


def _tax_code(rng: random.Random, used: set[str]) -> str:
    while True:
        first9 = f"27{rng.randint(0, 9_999_999):07d}"
        check = tax_check_digit(first9)
        if check is not None and f"{first9}{check}" not in used:
            used.add(f"{first9}{check}")
            return f"{first9}{check}"


def _audit_rows(objs: list[Any], action: str) -> list[AuditEntry]:
    return [AuditEntry(actor=None, action=action, object_type=o._meta.label_lower, object_id=str(o.pk),
                       object_repr=str(o)[:255], after=snapshot(o)) for o in objs]


def extend(*, seed: int, scale: str, today: Any, out: Any = None, count: int | None = None,
           committees: list[Organization] | None = None, party_kinds: Any = None) -> dict[str, Any]:
    """The enterprises of the demo (COUNTS by scale, or `count`); localities are the local committees' districts,
    or the given `committees`' (the province2025 communes); party organisations are the non-state-enterprise
    organisations of `party_kinds` (grassroots ones by default)."""
    rng = random.Random(seed + SEED_OFFSET)
    root = Organization.objects.filter(parent__isnull=True, kind=OrgKind.PROVINCIAL_COMMITTEE).order_by("id").first()
    if root is None:
        return {}
    bloc = Organization.objects.filter(kind=OrgKind.BLOC_COMMITTEE, dissolved_on__isnull=True).order_by("id").first()
    locals_ = committees if committees is not None else list(
        Organization.objects.filter(kind=OrgKind.LOCAL_COMMITTEE, dissolved_on__isnull=True).order_by("id"))
    # Localities: one per local committee (its district), followed by that committee.
    localities = []
    for org in locals_ or [root]:
        place = org.name.replace("Đảng bộ ", "", 1)
        localities.append(Locality(name=place[:1].upper() + place[1:], organization=org))
    Locality.objects.bulk_create(localities)
    zones = [IndustrialZone(name=name, locality=localities[i % len(localities)], organization=bloc or root)
             for i, name in enumerate(ZONES)]
    IndustrialZone.objects.bulk_create(zones)
    province_sc = SteeringCommittee.objects.create(
        name="Ban Chỉ đạo xây dựng tổ chức đảng, đoàn thể trong doanh nghiệp ngoài khu vực nhà nước tỉnh",
        level=SteeringLevel.PROVINCE, organization=root,
    )
    province_sc.localities.set(localities)
    steering = [province_sc]
    local_sc: dict[int, SteeringCommittee] = {}
    for loc in localities:
        if loc.organization_id != root.pk:
            sc = SteeringCommittee.objects.create(name=f"Ban Chỉ đạo {loc.name}", level=SteeringLevel.LOCAL,
                                                  organization=loc.organization)
            sc.localities.set([loc])
            steering.append(sc)
            local_sc[loc.pk] = sc
    by_local = {loc.organization_id: loc for loc in localities}

    y0 = date(today.year - 2, 12, 31)
    count_dates = [date(today.year - 2, 12, 31), date(today.year - 1, 12, 31), today - timedelta(days=15)]
    party_orgs = list(
        Organization.objects.filter(sector=Sector.NON_STATE_ENTERPRISE, kind__in=party_kinds or GRASSROOTS_KINDS,
                                    dissolved_on__isnull=True, founded_on__lte=y0).order_by("id")
    )
    members_by_org: dict[int, list[int]] = {}
    for mid, oid in Member.objects.filter(organization_id__in=[o.pk for o in party_orgs], left_on__isnull=True) \
            .order_by("id").values_list("id", "organization_id"):
        members_by_org.setdefault(oid, []).append(mid)

    used: set[str] = set()
    names: set[str] = set()
    plans: list[dict[str, Any]] = []
    n = count or COUNTS.get(scale, 320)
    for i in range(n):
        party = party_orgs[i] if i < len(party_orgs) else None
        in_zone = rng.random() < (0.8 if party and party.parent_id == getattr(bloc, "pk", None) else 0.45)
        zone = zones[rng.randrange(len(zones))] if in_zone else None
        fdi = in_zone and rng.random() < 0.35
        low, high, _ = rng.choices(BANDS, weights=[b[2] for b in BANDS])[0]
        if party or fdi:
            low, high = max(low, 60), max(high, 400)
        workers = rng.randint(low, high)
        industry, word = TRADES[rng.randrange(len(TRADES))]
        country = ""
        if party is not None:
            name = party.name.replace("Chi bộ ", "", 1).replace("Đảng bộ ", "", 1)
        elif fdi:
            country, brands = FDI_COUNTRIES[rng.randrange(len(FDI_COUNTRIES))]
            name = f"Công ty TNHH {word} {rng.choice(brands)} Việt Nam"
        else:
            name = f"{rng.choice(KIND_WORDS)} {word} {rng.choice(PLACES)}"
        base, k = name, 2
        while name in names:
            name, k = f"{base} {k}", k + 1
        names.add(name)
        if party is not None and party.parent_id in by_local:
            locality = by_local[party.parent_id]
        elif zone is not None:
            locality = zone.locality
        else:
            locality = localities[rng.randrange(len(localities))]
        ownership = Ownership.FDI if fdi else (Ownership.COOPERATIVE if rng.random() < 0.05 else Ownership.PRIVATE)
        owner_member = None
        if party is not None and members_by_org.get(party.pk) and rng.random() < 0.15:
            owner_member = members_by_org[party.pk][0]
        plans.append({
            "enterprise": Enterprise(
                name=name, tax_code=_tax_code(rng, used), ownership=ownership, investor_country=country,
                industry=industry, address=f"{locality.name}", locality=locality, zone=zone,
                owner_name=f"{rng.choice(FAMILY)} {rng.choice(GIVEN)}" if not fdi else "",
                owner_member_id=owner_member, contact=f"0229 3{rng.randint(0, 999_999):06d}",
                party_org=party, registered_on=date(today.year - 2, 1, 1) + timedelta(days=rng.randint(0, 200)),
                status=EnterpriseStatus.OPERATING, search_key=search_key(name),
            ),
            "workers": workers, "party": party,
        })
    enterprises = Enterprise.objects.bulk_create([p["enterprise"] for p in plans])
    if not all(e.pk for e in enterprises):  # backends without RETURNING ids: fetch them by tax code
        ids = dict(Enterprise.objects.filter(tax_code__in=used).values_list("tax_code", "pk"))
        for e in enterprises:
            e.pk = ids[e.tax_code]
    statuses, workforce, mass_orgs, plans_mass = [], [], [], []
    dissolved = 0
    for p, e in zip(plans, enterprises, strict=True):
        statuses.append(EnterpriseStatusChange(enterprise=e, status=EnterpriseStatus.OPERATING,
                                               effective_on=e.registered_on))
        w = p["workers"]
        sizes = [max(1, int(w * (0.85 + 0.1 * k + rng.uniform(-0.05, 0.05)))) for k in range(3)]
        sizes[2] = w
        women_share = rng.uniform(0.55, 0.8) if e.industry in ("May mặc", "Da giày", "Dệt", "Điện tử") \
            else rng.uniform(0.1, 0.45)
        for d, size in zip(count_dates, sizes, strict=True):
            workforce.append(WorkforceCount(enterprise=e, as_of=d, workers=size, women=int(size * women_share),
                                            union_eligible=int(size * rng.uniform(0.85, 0.98))))
        if p["party"] is None and w < 30 and dissolved < n // 40 and rng.random() < 0.2:
            dissolved += 1
            e.status = EnterpriseStatus.DISSOLVED
            statuses.append(EnterpriseStatusChange(enterprise=e, status=EnterpriseStatus.DISSOLVED,
                                                   effective_on=date(today.year - 1, 6, 30)))
        union_p = 0.05 if w < 10 else 0.3 if w < 50 else 0.7 if w < 200 else 0.9
        if p["party"] is not None:
            union_p = 1.0
        for kind, prob in ((MassOrgKind.TRADE_UNION, union_p),
                           (MassOrgKind.YOUTH_UNION, 0.45 if w >= 50 else 0.03),
                           (MassOrgKind.YOUTH_FEDERATION, 0.12 if w >= 50 else 0.0),
                           (MassOrgKind.WOMEN, 0.35 if w >= 50 else 0.02),
                           (MassOrgKind.VETERANS, 0.1 if w >= 100 else 0.0)):
            if rng.random() >= prob:
                continue
            # A few unions are new this year: they count only from this year's figures.
            founded = (date(today.year - rng.randint(3, 12), rng.randint(1, 12), rng.randint(1, 28))
                       if rng.random() > 0.1 else count_dates[1] + timedelta(days=rng.randint(20, 120)))
            founded = min(founded, count_dates[2] - timedelta(days=1))
            form = ""
            if kind == MassOrgKind.WOMEN:
                form = WomenForm.BRANCH if w >= 150 else rng.choice([WomenForm.CLUB, WomenForm.GROUP, WomenForm.GROUP])
            share = {MassOrgKind.TRADE_UNION: (0.6, 0.95), MassOrgKind.YOUTH_UNION: (0.05, 0.2),
                     MassOrgKind.YOUTH_FEDERATION: (0.05, 0.15), MassOrgKind.WOMEN: (0.2, 0.5),
                     MassOrgKind.VETERANS: (0.005, 0.03)}[kind]
            mo = MassOrganization(enterprise=e, kind=kind, form=form, founded_on=founded,
                                  name=f"{kind.label} {e.name}"[:255])
            mass_orgs.append(mo)
            plans_mass.append((mo, [(d, max(1, int(s * rng.uniform(*share)))) for d, s in
                                    zip(count_dates, sizes, strict=True) if d >= founded]))
    EnterpriseStatusChange.objects.bulk_create(statuses)
    Enterprise.objects.filter(pk__in=[e.pk for e in enterprises if e.status == EnterpriseStatus.DISSOLVED]) \
        .update(status=EnterpriseStatus.DISSOLVED)
    WorkforceCount.objects.bulk_create(workforce)
    MassOrganization.objects.bulk_create(mass_orgs)
    if not all(m.pk for m in mass_orgs):
        by_key = {(eid, k): pk for pk, eid, k in MassOrganization.objects.values_list("pk", "enterprise_id", "kind")}
        for m in mass_orgs:
            m.pk = by_key[(m.enterprise_id, m.kind)]
    counts = [MassOrgCount(mass_org=mo, as_of=d, members=k) for mo, pairs in plans_mass for d, k in pairs]
    MassOrgCount.objects.bulk_create(counts)

    # Visits of the steering committees to large enterprises without a union or party organisation.
    targets = [e for p, e in zip(plans, enterprises, strict=True) if p["workers"] >= 200 and p["party"] is None]
    contacts, follow_plans = [], []
    for e in targets[: max(3, n // 15)]:
        sc = province_sc if e.zone_id else local_sc.get(e.locality_id, province_sc)
        happened = today - timedelta(days=rng.randint(10, 300))
        contacts.append(Contact(
            enterprise=e, steering_committee=sc, happened_on=happened,
            participants="Ban Chỉ đạo, Ban Quản lý các KCN tỉnh, Liên đoàn Lao động tỉnh",
            met_with="Ban Giám đốc doanh nghiệp",
            difficulties=rng.choice(["Thiếu nhà ở cho công nhân", "Khó tuyển lao động có tay nghề",
                                     "Thủ tục đất đai kéo dài", "Đơn hàng giảm"]),
            proposals=rng.choice(["Hỗ trợ thành lập công đoàn cơ sở", "Giới thiệu quần chúng ưu tú để bồi dưỡng",
                                  "Hỗ trợ đào tạo nghề cho lao động", "Xem xét giảm thủ tục thuê đất"]),
        ))
        follow_plans.append(happened)
    Contact.objects.bulk_create(contacts)
    if not all(c.pk for c in contacts):
        contacts = list(Contact.objects.order_by("id"))
    follow_ups = []
    for c, happened in zip(contacts, follow_plans, strict=True):
        due = happened + timedelta(days=rng.randint(20, 90))
        done = due < today and rng.random() < 0.6
        follow_ups.append(FollowUp(contact=c, description="Trả lời kiến nghị của doanh nghiệp",
                                   owner=rng.choice(["Ban Quản lý các KCN tỉnh", "Liên đoàn Lao động tỉnh",
                                                     "Sở Nội vụ", "UBND cấp huyện"]),
                                   due_on=due, status=FollowUpStatus.DONE if done else FollowUpStatus.OPEN,
                                   closed_on=min(due, today) if done else None))
    FollowUp.objects.bulk_create(follow_ups)
    audits = _audit_rows(localities, "locality_create") + _audit_rows(zones, "zone_create")
    audits += _audit_rows(steering, "steering_committee_create")
    audits += _audit_rows(enterprises, "enterprise_register") + _audit_rows(mass_orgs, "mass_org_found")
    audits += _audit_rows(contacts, "contact_record")
    for action, rows in (("workforce_record", workforce), ("mass_org_count_record", counts),
                         ("follow_up_create", follow_ups)):
        audits.append(AuditEntry(actor=None, action=action, object_type="demo", object_id=str(len(rows)),
                                 object_repr=f"Dữ liệu mẫu: {len(rows)} bản ghi", after={"count": len(rows)}))
    AuditEntry.objects.bulk_create(audits)
    carry_over_links()  # the dated links of what was written in bulk above
    result = {"enterprises": len(enterprises), "with_party_org": sum(1 for p in plans if p["party"]),
              "mass_organizations": len(mass_orgs), "workforce_counts": len(workforce), "contacts": len(contacts)}
    if out is not None:
        write = out if callable(out) else out.write
        write(f"Doanh nghiệp: {result['enterprises']} ({result['with_party_org']} có tổ chức đảng), "
                  f"{result['mass_organizations']} tổ chức đoàn thể\n")
    return result


