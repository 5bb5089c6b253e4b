"""Demo: the 2025 reorganisation replayed on the demo province (Kết luận 137-KL/TW, Nghị quyết 60-NQ/TW).

On 1/7/2025 the bloc committee is dissolved: its grassroots organisations of party agencies and mass
organisations go to "Đảng bộ các cơ quan Đảng tỉnh", the others to "Đảng bộ Ủy ban nhân dân tỉnh". The
district level is abolished: each district's đảng bộ xã/phường becomes a commune committee directly under the
province (pairs of communes merged), the district's grassroots cells become cells of its first commune
committee, the district committee is dissolved. Localities and industrial zones of the enterprise registry are
handed to the new committees from the same day. Every report of a date before 1/7/2025 stays as it was."""

from datetime import date
from typing import Any

from django.contrib.auth.models import User

from dangvu.accounts.models import Assignment, Role
from dangvu.accounts.services import assignment_add
from dangvu.enterprises.models import IndustrialZone, Locality, SteeringCommittee
from dangvu.enterprises.services import locality_update, steering_committee_deactivate, zone_update
from dangvu.members.reorganization import ReorgStep, reorganization_record
from dangvu.orgs.models import Organization, OrgKind, Sector
from dangvu.orgs.services import org_found
from dangvu.reports.history import report_fingerprint

EFFECTIVE_ON = date(2025, 7, 1)
DOCUMENT = "350-QĐ/TU"
AGENCIES_NAME = "Đảng bộ các cơ quan Đảng tỉnh"
GOVERNMENT_NAME = "Đảng bộ Ủy ban nhân dân tỉnh"
PARTY_SECTORS = {Sector.PARTY_AGENCY}


def _admin() -> User | None:
    a = Assignment.objects.filter(role=Role.PROVINCE_ADMIN, organization__parent__isnull=True).select_related(
        "user").order_by("id").first()
    return a.user if a else User.objects.filter(is_superuser=True).order_by("id").first()


def plan(province: Organization, agencies: Organization, government: Organization,
         communes_of: dict[int, list[Organization]]) -> list[ReorgStep]:
    """The decision's lines for the tree as it stands the day before EFFECTIVE_ON."""
    steps: list[ReorgStep] = []
    blocs = Organization.objects.filter(kind=OrgKind.BLOC_COMMITTEE, parent=province, dissolved_on__isnull=True,
                                        sector=Sector.OTHER).order_by("id")
    for bloc in blocs:
        for child in bloc.children.filter(dissolved_on__isnull=True).order_by("id"):
            target = agencies if child.sector in PARTY_SECTORS else government
            steps.append(ReorgStep(child.pk, "moved", parent_id=target.pk))
        steps.append(ReorgStep(bloc.pk, "dissolved"))
    for local_id, communes in communes_of.items():
        local = Organization.objects.get(pk=local_id)
        first = communes[0] if communes else None
        for i, commune in enumerate(communes):
            if i % 2 == 1:  # every second commune merges into the one before it
                steps.append(ReorgStep(commune.pk, "merged", into_id=communes[i - 1].pk))
            else:
                steps.append(ReorgStep(commune.pk, "kind_changed", new_kind=OrgKind.COMMUNE_COMMITTEE))
                steps.append(ReorgStep(commune.pk, "moved", parent_id=province.pk))
        for child in local.children.filter(dissolved_on__isnull=True).exclude(
            pk__in=[c.pk for c in communes]
        ).order_by("id"):
            if first is not None and child.kind == OrgKind.GRASSROOTS_CELL:
                steps.append(ReorgStep(child.pk, "kind_changed", new_kind=OrgKind.SUBORDINATE_CELL))
                steps.append(ReorgStep(child.pk, "moved", parent_id=first.pk))
            else:
                steps.append(ReorgStep(child.pk, "moved", parent_id=government.pk))
        steps.append(ReorgStep(local.pk, "dissolved"))
    return steps


def extend(*, seed: int, scale: str, today: Any, out: Any = None) -> dict[str, Any]:
    """Replay the reorganisation (only when the demo's today lies after it)."""
    actor = _admin()
    province = Organization.objects.filter(parent__isnull=True).order_by("id").first()
    if actor is None or province is None or today <= EFFECTIVE_ON:
        return {}
    agencies = org_found(actor=actor, name=AGENCIES_NAME, kind=OrgKind.PARTY_AGENCIES_COMMITTEE, parent=province,
                         founded_on=EFFECTIVE_ON, sector=Sector.PARTY_AGENCY, document="348-QĐ/TU")
    government = org_found(actor=actor, name=GOVERNMENT_NAME, kind=OrgKind.GOVERNMENT_COMMITTEE, parent=province,
                           founded_on=EFFECTIVE_ON, sector=Sector.STATE_AGENCY, document="349-QĐ/TU")
    locals_ = list(Organization.objects.filter(kind=OrgKind.LOCAL_COMMITTEE, parent=province,
                                               dissolved_on__isnull=True).order_by("id"))
    communes_of = {
        local.pk: list(local.children.filter(kind=OrgKind.GRASSROOTS_COMMITTEE, dissolved_on__isnull=True)
                       .order_by("id"))
        for local in locals_
    }
    steps = plan(province, agencies, government, communes_of)
    history_before = report_fingerprint(actor, EFFECTIVE_ON.year - 1, grassroots_limit=5)
    result = reorganization_record(actor=actor, effective_on=EFFECTIVE_ON, document=DOCUMENT, steps=steps,
                                   note="Sắp xếp tổ chức theo mô hình chính quyền địa phương hai cấp (dữ liệu mẫu).")
    # The enterprise registry: each district's locality to its first commune committee, zones to the government's
    # committee; the district steering committees stop on the same day.
    handed = 0
    for local in locals_:
        communes = communes_of[local.pk]
        if not communes:
            continue
        for loc in Locality.objects.filter(organization=local):
            locality_update(actor=actor, locality=loc, name=loc.name, organization=communes[0], level=loc.level,
                            effective_on=EFFECTIVE_ON)
            handed += 1
        for sc in SteeringCommittee.objects.filter(organization=local, deactivated_on__isnull=True):
            steering_committee_deactivate(actor=actor, committee=sc, on=EFFECTIVE_ON)
    for zone in IndustrialZone.objects.filter(organization__kind=OrgKind.BLOC_COMMITTEE,
                                              organization__dissolved_on=EFFECTIVE_ON):
        zone_update(actor=actor, zone=zone, name=zone.name, locality=zone.locality, organization=government,
                    effective_on=EFFECTIVE_ON)
        handed += 1
    # The bloc's officers carry on in the committee that took most of its organisations; their assignment to the
    # dissolved bloc stays, so its history (reports up to 30/06/2025) remains theirs to read.
    for a in Assignment.objects.filter(organization__kind=OrgKind.BLOC_COMMITTEE,
                                       organization__dissolved_on=EFFECTIVE_ON).select_related("user"):
        assignment_add(actor=actor, user=a.user, organization=government, role=a.role)
    changed = [k for k, v in report_fingerprint(actor, EFFECTIVE_ON.year - 1, grassroots_limit=5).items()
               if history_before.get(k) != v]
    if changed:  # the demo refuses to show a history that the reorganisation rewrote
        raise RuntimeError(f"Báo cáo năm {EFFECTIVE_ON.year - 1} thay đổi sau sắp xếp tổ chức: {changed[:5]}")
    if callable(out):
        out(f"  sắp xếp tổ chức 01/07/2025: {len(steps)} dòng, {handed} địa bàn/KCN chuyển cấp ủy phụ trách")
    return {"steps": len(steps), "handed": handed, "before": result.totals_before, "after": result.totals_after}
