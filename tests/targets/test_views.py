"""Target pages: the list with progress and the tally, setting (bad input refused, nothing written), splitting,
withdrawing, manual values, scope, query count; report pages and their downloads."""

import pytest

from dangvu.targets.models import ManualValue, Target
from dangvu.targets.services import target_create


@pytest.fixture
def signed(client, year2024):
    client.force_login(year2024.world.officer)
    return client


def test_page_shows_achievement_and_tally(signed, year2024, django_assert_max_num_queries):
    w = year2024.world
    target_create(actor=w.officer, organization=w.bloc, indicator="admissions", comparison="at_least", value=2,
                  year=2024)
    target_create(actor=w.officer, organization=w.bloc, indicator="members_at_end", comparison="at_least", value=10,
                  year=2024)
    with django_assert_max_num_queries(40):
        r = signed.get("/targets/", {"organization_id": w.bloc.pk, "year": 2024})
    html = r.content.decode()
    assert r.status_code == 200
    assert "Đạt 1/2 chỉ tiêu" in html and "Vượt 50%" in html and "Không đạt" in html
    assert 'role="progressbar"' in html


def test_create_target_and_refuse_bad_input(signed, year2024):
    w = year2024.world
    base = {"action": "create", "organization_id": w.bloc.pk, "year": 2025, "indicator": "admissions",
            "comparison": "at_least", "value": "300"}
    r = signed.post(f"/targets/?organization_id={w.bloc.pk}&year=2025", base)
    assert r.status_code == 302 and Target.objects.count() == 1
    r = signed.post(f"/targets/?organization_id={w.bloc.pk}&year=2025",
                    {**base, "indicator": "new_grassroots_orgs_non_state", "comparison": "between", "value": "3",
                     "value_max": "2"})
    assert r.status_code == 400 and "lớn hơn giá trị tối đa" in r.content.decode()
    r = signed.post(f"/targets/?organization_id={w.bloc.pk}&year=2025", base)
    assert r.status_code == 400 and "đã có chỉ tiêu" in r.content.decode()
    assert Target.objects.count() == 1


def test_split_withdraw_and_manual_value(signed, year2024):
    w = year2024.world
    t = target_create(actor=w.officer, organization=w.bloc, indicator="admissions", comparison="at_least",
                      value=10, year=2024)
    r = signed.get(f"/targets/{t.pk}/split/")
    assert r.status_code == 200 and w.committee.name in r.content.decode()
    r = signed.post(f"/targets/{t.pk}/split/", {f"share_{w.committee.pk}": "6", f"share_{w.cell_c.pk}": "4"})
    assert r.status_code == 302
    assert sorted(Target.objects.filter(parent=t).values_list("value", flat=True)) == [4, 6]
    r = signed.get("/targets/", {"organization_id": w.bloc.pk, "year": 2024})
    assert w.committee.name in r.content.decode()
    assert signed.post(f"/targets/{t.pk}/split/", {f"share_{w.committee.pk}": "x"}).status_code == 400
    assert signed.post(f"/targets/{t.pk}/withdraw/", {"reason": ""}).status_code == 400
    assert signed.post(f"/targets/{t.pk}/withdraw/", {"reason": "Giao nhầm"}).status_code == 302
    assert Target.objects.filter(withdrawn_at__isnull=False).count() == 3
    r = signed.post(f"/targets/?organization_id={w.bloc.pk}", {
        "action": "manual", "organization_id": w.bloc.pk, "indicator": "resolutions_issued", "year": 2024,
        "value": "3", "note": "Ba nghị quyết chuyên đề", "document": "01-NQ/ĐUK, 02-NQ/ĐUK, 03-NQ/ĐUK"})
    assert r.status_code == 302 and ManualValue.objects.get().value == 3


def test_scope_and_roles(client, year2024):
    w = year2024.world
    t = target_create(actor=w.officer, organization=w.bloc, indicator="admissions", comparison="at_least",
                      value=10, year=2024)
    client.force_login(w.other_secretary)
    assert client.get("/targets/", {"organization_id": w.bloc.pk}).status_code == 404
    assert client.get(f"/targets/{t.pk}/split/").status_code == 404
    client.force_login(w.viewer)
    r = client.post(f"/targets/?organization_id={w.bloc.pk}", {"action": "create", "indicator": "admissions"})
    assert r.status_code == 200 and Target.objects.count() == 1  # a viewer sees no form and writes nothing
    assert client.get("/targets/indicators/").status_code == 200


def test_report_pages_and_downloads(signed, year2024):
    w = year2024.world
    r = signed.get("/reports/")
    assert r.status_code == 200 and "Cơ cấu đội ngũ đảng viên" in r.content.decode()
    r = signed.get("/reports/members/", {"organization_id": w.bloc.pk, "on": "2024-12-31"})
    html = r.content.decode()
    assert r.status_code == 200 and "<svg" in html and "Tổng số 5 đảng viên" in html
    r = signed.get("/reports/members/", {"organization_id": w.bloc.pk, "on": "2024-12-31", "format": "docx"})
    assert r.status_code == 200 and r["Content-Disposition"].startswith("attachment")
    assert signed.get("/reports/members/", {"on": "31/13/2024"}).status_code == 400
    assert signed.get("/reports/nope/").status_code == 404
    client = signed
    client.force_login(w.other_secretary)
    assert client.get("/reports/members/", {"organization_id": w.bloc.pk}).status_code == 404


def test_every_progress_bar_has_a_name(signed, year2024):
    """axe-core's aria-progressbar-name (serious): each bar, the shares' too, is named after its indicator."""
    import re

    from dangvu.targets.services import target_split

    w = year2024.world
    t = target_create(actor=w.officer, organization=w.bloc, indicator="admissions", comparison="at_least", value=2,
                      year=2024)
    target_split(actor=w.officer, target=t, shares={w.committee: 1, w.cell_c: 1})
    html = signed.get("/targets/", {"organization_id": w.bloc.pk, "year": 2024}).content.decode()
    bars = re.findall(r'<div class="progress"[^>]*>', html)
    assert len(bars) == 3
    for bar in bars:
        assert 'role="progressbar"' in bar and re.search(r'aria-label="Tiến độ: [^"]+"', bar), bar


def test_split_page_states_the_target_in_words(signed, year2024):
    """It read «Năm 2024: Từ … trở lên 10» (the choice's label with its placeholder, then the number)."""
    w = year2024.world
    t = target_create(actor=w.officer, organization=w.bloc, indicator="admissions", comparison="at_least",
                      value=1234, year=2024)
    html = signed.get(f"/targets/{t.pk}/split/").content.decode()
    assert "Năm 2024: Từ 1.234 trở lên" in html and "…" not in html
    t = target_create(actor=w.officer, organization=w.bloc, indicator="members_good_or_better_percent",
                      comparison="between", value=80, value_max="87.5", year=2024)
    assert "Năm 2024: Từ 80% đến 87,5%" in signed.get(f"/targets/{t.pk}/split/").content.decode()
