"""`dangvu rebuild --check` covers the enterprise registry's dated links (enterprises.links.check_links, reached
through the core.hooks "projection_checks" registry, since the command lives in the members layer)."""

from io import StringIO

import pytest
from django.core.management import call_command

from dangvu.core.hooks import collect
from dangvu.enterprises.models import EnterpriseLinkSpan, ZoneCommitteeSpan


def _check() -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("rebuild", "--check", stdout=out)
    except SystemExit as e:
        return int(e.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_a_corrupted_enterprise_span_is_reported_and_the_check_fails(scenario):
    assert _check() == (0, "Không có sai khác.\n")
    EnterpriseLinkSpan.objects.filter(enterprise=scenario.e1, valid_to__isnull=True).update(party_org=None)
    ZoneCommitteeSpan.objects.filter(zone=scenario.zone, valid_to__isnull=True).update(organization=None)
    code, text = _check()
    assert code == 1
    e1 = scenario.e1
    assert f"Doanh nghiệp #{e1.pk} {e1.name}: địa bàn/khu công nghiệp/tổ chức đảng khác lịch sử" in text
    assert f"Khu công nghiệp #{scenario.zone.pk}" in text
    assert "Có 2 sai khác" in text


@pytest.mark.django_db
def test_the_hook_is_registered_once():
    assert collect("projection_checks") == []
