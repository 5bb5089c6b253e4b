"""A hand-built scenario: one industrial zone followed by the bloc committee, a locality of the local
committee, five enterprises with dated workforce, party and mass organisations."""

from dataclasses import dataclass
from datetime import date
from typing import Any

import pytest

from dangvu.core.models import AuditEntry
from dangvu.enterprises import models as m
from dangvu.enterprises import services as s
from dangvu.enterprises.rules import tax_check_digit
from dangvu.members.services import member_record
from dangvu.orgs.models import Organization
from dangvu.orgs.services import org_found

ENTERPRISE_TABLES = [
    m.Enterprise, m.EnterpriseStatusChange, m.WorkforceCount, m.MassOrganization, m.MassOrgCount, m.Contact,
    m.FollowUp, m.Locality, m.IndustrialZone, m.SteeringCommittee, m.ImportBatch, AuditEntry,
]


def table_counts() -> tuple[int, ...]:
    return tuple(t._default_manager.count() for t in ENTERPRISE_TABLES)


def tax_code(n: int) -> str:
    """A valid 10-digit tax code derived from n (province prefix 27, skipping invalid remainders)."""
    while True:
        first9 = f"27{n:07d}"
        check = tax_check_digit(first9)
        if check is not None:
            return f"{first9}{check}"
        n += 1


@dataclass
class Scenario:
    hoa_lu: m.Locality
    tam_diep: m.Locality
    zone: m.IndustrialZone
    e1: m.Enterprise  # FDI in the zone, 1.500 workers, party cell_c (bloc), union, women's branch
    e2: m.Enterprise  # private in the zone, 120 workers, union, no party organisation
    e3: m.Enterprise  # private outside, 8 workers, nothing
    e4: m.Enterprise  # private outside, 300 workers, party cell under the local committee, youth union, no union
    e5: m.Enterprise  # in the zone, 60 workers, dissolved on 1/1/2024
    cell_e4: Organization
    union1: m.MassOrganization
    steering: m.SteeringCommittee


@pytest.fixture
def scenario(world) -> Scenario:
    root: Any = world.root_user
    hoa_lu = s.locality_create(actor=root, name="Thành phố Hoa Lư", organization=world.local)
    tam_diep = s.locality_create(actor=root, name="Thành phố Tam Điệp", organization=world.province)
    zone = s.zone_create(actor=root, name="KCN Gián Khẩu", locality=hoa_lu, organization=world.bloc)
    cell_e4 = org_found(
        actor=root, name="Chi bộ Công ty CP Đá Hoa Lư", kind="grassroots_cell", parent=world.local,
        founded_on=date(2019, 5, 1), sector="non_state_enterprise",
    )
    member_record(
        actor=root, organization=cell_e4, full_name="Phạm Văn Long", sex="M", birth_date=date(1980, 1, 1),
        admitted_on=date(2010, 1, 1), ceremony_on=date(2010, 1, 10), full_on=date(2011, 1, 10),
        joined_on=date(2019, 5, 1),
    )
    reg = date(2020, 1, 1)
    e1 = s.enterprise_register(
        actor=root, name="Công ty TNHH Giày Adora Việt Nam", tax_code=tax_code(1), ownership="fdi",
        investor_country="Đài Loan", locality=hoa_lu, zone=zone, registered_on=reg, party_org=world.cell_c,
        owner_name="Lin Chia-Hao",
    )
    e2 = s.enterprise_register(actor=root, name="Công ty TNHH May Hà Phong", tax_code=tax_code(2),
                               ownership="private", locality=hoa_lu, zone=zone, registered_on=reg)
    e3 = s.enterprise_register(actor=root, name="Hộ kinh doanh Bánh Đa Trường Yên", tax_code=tax_code(3),
                               ownership="private", locality=hoa_lu, registered_on=reg)
    e4 = s.enterprise_register(actor=root, name="Công ty CP Đá Hoa Lư", tax_code=tax_code(4), ownership="private",
                               locality=hoa_lu, registered_on=reg, party_org=cell_e4, owner_name="Phạm Văn Long")
    e5 = s.enterprise_register(actor=root, name="Công ty TNHH Nhựa Gia Viễn", tax_code=tax_code(5),
                               ownership="private", locality=hoa_lu, zone=zone, registered_on=reg)
    s.workforce_record(actor=root, enterprise=e1, as_of=date(2023, 1, 1), workers=1200, women=800, union_eligible=1100)
    s.workforce_record(actor=root, enterprise=e1, as_of=date(2024, 6, 30), workers=1500, women=1000,
                       union_eligible=1400)
    s.workforce_record(actor=root, enterprise=e2, as_of=date(2023, 1, 1), workers=120, women=90)
    s.workforce_record(actor=root, enterprise=e3, as_of=date(2023, 1, 1), workers=8)
    s.workforce_record(actor=root, enterprise=e4, as_of=date(2023, 1, 1), workers=300, women=20)
    s.workforce_record(actor=root, enterprise=e5, as_of=date(2023, 1, 1), workers=60)
    s.enterprise_set_status(actor=root, enterprise=e5, status="dissolved", effective_on=date(2024, 1, 1))
    union1 = s.mass_org_found(actor=root, enterprise=e1, kind="trade_union", founded_on=date(2020, 3, 1))
    s.mass_org_count_record(actor=root, mass_org=union1, as_of=date(2023, 1, 1), members=900)
    s.mass_org_count_record(actor=root, mass_org=union1, as_of=date(2024, 6, 30), members=1100)
    women1 = s.mass_org_found(actor=root, enterprise=e1, kind="women", form="branch", founded_on=date(2021, 3, 8))
    s.mass_org_count_record(actor=root, mass_org=women1, as_of=date(2023, 1, 1), members=300)
    union2 = s.mass_org_found(actor=root, enterprise=e2, kind="trade_union", founded_on=date(2022, 1, 1))
    s.mass_org_count_record(actor=root, mass_org=union2, as_of=date(2023, 1, 1), members=80)
    youth4 = s.mass_org_found(actor=root, enterprise=e4, kind="youth_union", founded_on=date(2021, 3, 26))
    s.mass_org_count_record(actor=root, mass_org=youth4, as_of=date(2023, 1, 1), members=25)
    steering = s.steering_committee_create(
        actor=root, name="Ban Chỉ đạo thành phố Hoa Lư", level="local", organization=world.local, localities=[hoa_lu]
    )
    for e in (e1, e2, e3, e4, e5):
        e.refresh_from_db()
    return Scenario(hoa_lu, tam_diep, zone, e1, e2, e3, e4, e5, cell_e4, union1, steering)


@pytest.fixture
def nothing_written():
    """with nothing_written(): ... asserts no row was added to this app's tables (nor the audit log)."""
    from contextlib import contextmanager

    @contextmanager
    def check():
        before = table_counts()
        yield
        assert table_counts() == before

    return check
