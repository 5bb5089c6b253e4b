from datetime import date, timedelta

import pytest

from dangvu.core.dates import today
from dangvu.core.errors import DomainError, NotAllowed, NotVisible
from dangvu.core.models import AuditEntry
from dangvu.enterprises import services as s
from dangvu.enterprises.models import Enterprise, EnterpriseStatus, FollowUpStatus, MassOrgCount, WorkforceCount
from dangvu.orgs.services import org_found
from tests.conftest import make_user

from .conftest import tax_code


def refused_here(rule, nothing_written, fn, **kwargs):
    with nothing_written(), pytest.raises(DomainError) as exc:
        fn(**kwargs)
    assert exc.value.rule == rule, exc.value.message
    assert exc.value.message
    return exc.value


def register_kwargs(world, scenario, **over):
    kw = dict(actor=world.officer, name="Công ty TNHH Điện tử Hoa Lư", tax_code=tax_code(50), ownership="private",
              locality=scenario.hoa_lu, zone=scenario.zone, registered_on=date(2024, 1, 1))
    kw.update(over)
    return kw


def test_register_writes_the_enterprise_its_status_and_an_audit_entry(world, scenario):
    before = AuditEntry.objects.count()
    e = s.enterprise_register(**register_kwargs(world, scenario, tax_code="2700000 50 0"[:0] + tax_code(50)))
    assert e.status == EnterpriseStatus.OPERATING
    assert e.status_changes.get().effective_on == date(2024, 1, 1)
    assert AuditEntry.objects.filter(action="enterprise_register", object_id=str(e.pk)).exists()
    assert AuditEntry.objects.count() == before + 1


def test_register_refuses_a_wrong_check_digit(world, scenario, nothing_written):
    good = tax_code(50)
    bad = good[:9] + str((int(good[9]) + 1) % 10)
    e = refused_here("tax_code_check_digit", nothing_written, s.enterprise_register,
                     **register_kwargs(world, scenario, tax_code=bad))
    assert e.field == "tax_code" and "Mã số thuế" in e.message


def test_register_refuses_a_wrong_length(world, scenario, nothing_written):
    refused_here("tax_code_format", nothing_written, s.enterprise_register,
                 **register_kwargs(world, scenario, tax_code="12345"))


def test_register_refuses_a_duplicate_tax_code(world, scenario, nothing_written):
    e = refused_here("tax_code_unique", nothing_written, s.enterprise_register,
                     **register_kwargs(world, scenario, tax_code=scenario.e1.tax_code))
    assert scenario.e1.name in e.message


def test_a_duplicate_tax_code_held_by_another_committee_is_not_named(world, scenario, nothing_written):
    """A committee that does not follow the enterprise learns the rule, not the other registry's entry."""
    root = world.root_user
    town = org_found(actor=root, name="Đảng bộ thành phố Tam Điệp", kind="local_committee", parent=world.province,
                     founded_on=date(1982, 1, 1))
    tam_diep = s.locality_create(actor=root, name="Phường Bắc Sơn", organization=town)
    officer = make_user("canbo_tamdiep", town, "committee_officer")
    e = refused_here("tax_code_unique", nothing_written, s.enterprise_register,
                     **register_kwargs(world, scenario, actor=officer, locality=tam_diep, zone=None,
                                       tax_code=scenario.e1.tax_code))
    assert scenario.e1.name not in e.message and "cấp ủy khác" in e.message and e.field == "tax_code"


def test_a_branch_of_a_registered_enterprise_has_its_own_code(world, scenario):
    e = s.enterprise_register(**register_kwargs(world, scenario, tax_code=scenario.e1.tax_code + "001"))
    assert e.tax_code == scenario.e1.tax_code + "-001"


def test_fdi_needs_the_investor_country(world, scenario, nothing_written):
    refused_here("fdi_investor_country", nothing_written, s.enterprise_register,
                 **register_kwargs(world, scenario, ownership="fdi"))


def test_it_validates_scope(world, scenario, nothing_written):
    with nothing_written(), pytest.raises(NotVisible):
        s.enterprise_register(**register_kwargs(world, scenario, actor=world.other_secretary))
    with nothing_written(), pytest.raises(NotVisible):
        s.workforce_record(actor=world.other_secretary, enterprise=scenario.e1, as_of=date(2025, 1, 1), workers=5)
    with nothing_written(), pytest.raises(NotAllowed):
        s.workforce_record(actor=world.viewer, enterprise=scenario.e1, as_of=date(2025, 1, 1), workers=5)


def test_workforce_parts_may_not_exceed_the_total(world, scenario, nothing_written):
    refused_here("workforce_parts", nothing_written, s.workforce_record, actor=world.officer,
                 enterprise=scenario.e1, as_of=date(2025, 1, 1), workers=10, women=11)
    refused_here("non_negative", nothing_written, s.workforce_record, actor=world.officer,
                 enterprise=scenario.e1, as_of=date(2025, 1, 1), workers=-1)
    refused_here("no_future_dates", nothing_written, s.workforce_record, actor=world.officer,
                 enterprise=scenario.e1, as_of=today() + timedelta(days=1), workers=1)
    refused_here("count_same_date", nothing_written, s.workforce_record, actor=world.officer,
                 enterprise=scenario.e1, as_of=date(2024, 6, 30), workers=1)


def test_a_voided_count_can_be_recorded_again(world, scenario):
    c = WorkforceCount.objects.get(enterprise=scenario.e1, as_of=date(2024, 6, 30))
    s.workforce_void(actor=world.officer, count=c, reason="Nhập nhầm")
    s.workforce_record(actor=world.officer, enterprise=scenario.e1, as_of=date(2024, 6, 30), workers=1490)
    assert WorkforceCount.objects.filter(enterprise=scenario.e1).count() == 3


def test_mass_org_rules(world, scenario, nothing_written):
    refused_here("women_form", nothing_written, s.mass_org_found, actor=world.officer, enterprise=scenario.e2,
                 kind="women", founded_on=date(2023, 1, 1))
    refused_here("mass_org_duplicate", nothing_written, s.mass_org_found, actor=world.officer,
                 enterprise=scenario.e1, kind="trade_union", founded_on=date(2023, 1, 1))
    refused_here("choices", nothing_written, s.mass_org_found, actor=world.officer, enterprise=scenario.e1,
                 kind="farmers", founded_on=date(2023, 1, 1))
    refused_here("count_outside_life", nothing_written, s.mass_org_count_record, actor=world.officer,
                 mass_org=scenario.union1, as_of=date(2019, 1, 1), members=5)


def test_a_dissolved_mass_org_takes_no_later_count(world, scenario, nothing_written):
    s.mass_org_count_record(actor=world.officer, mass_org=scenario.union1, as_of=date(2025, 1, 1), members=1000)
    refused_here("count_outside_life", nothing_written, s.mass_org_dissolve, actor=world.officer,
                 mass_org=scenario.union1, dissolved_on=date(2024, 12, 31))
    assert MassOrgCount.objects.filter(mass_org=scenario.union1).count() == 3


def test_contact_with_follow_ups(world, scenario, nothing_written):
    c = s.contact_record(
        actor=world.officer, enterprise=scenario.e2, happened_on=date(2025, 3, 1), participants="Đ/c Hùng, Đ/c Mai",
        met_with="Giám đốc", difficulties="Thiếu mặt bằng", proposals="Hỗ trợ thủ tục",
        follow_ups=[s.FollowUpIn("Làm việc với Sở Xây dựng", "Ban Quản lý các KCN", date(2025, 4, 1))],
    )
    f = c.follow_ups.get()
    assert f.status == FollowUpStatus.OPEN
    s.follow_up_close(actor=world.officer, follow_up=f, status="done", closed_on=date(2025, 3, 20))
    refused_here("date_order", nothing_written, s.contact_record, actor=world.officer, enterprise=scenario.e2,
                 happened_on=date(2025, 3, 1), participants="Đ/c Hùng",
                 follow_ups=[s.FollowUpIn("Việc", "Ai đó", date(2025, 2, 1))])
    refused_here("required", nothing_written, s.contact_record, actor=world.officer, enterprise=scenario.e2,
                 happened_on=date(2025, 3, 1), participants="  ")


def test_update_moves_an_enterprise_and_keeps_the_code_rules(world, scenario, nothing_written):
    s.enterprise_update(actor=world.admin, enterprise=scenario.e3, zone=scenario.zone, name="Cơ sở Bánh Đa")
    assert Enterprise.objects.get(pk=scenario.e3.pk).zone == scenario.zone
    refused_here("tax_code_unique", nothing_written, s.enterprise_update, actor=world.admin,
                 enterprise=scenario.e3, tax_code=scenario.e1.tax_code)


def test_status_cannot_predate_registration(world, scenario, nothing_written):
    refused_here("status_after_registration", nothing_written, s.enterprise_set_status, actor=world.officer,
                 enterprise=scenario.e1, status="suspended", effective_on=date(2019, 1, 1))
