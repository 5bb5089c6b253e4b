"""settings.DANGVU_RULES lists every rule limit a province may change, and a province's override changes the
rule itself (not only the number)."""

import json
import os
import subprocess
import sys
from datetime import date

import pytest
from django.conf import settings
from django.test import override_settings

from dangvu.admissions import rules as admission_rules
from dangvu.core.dates import add_working_days
from dangvu.core.errors import DomainError
from dangvu.members import rules as member_rules
from dangvu.ratings import rules as rating_rules


def test_settings_list_every_limit_with_its_default():
    defaults = {**member_rules.DEFAULTS, **{k: v for k, v in admission_rules.DEFAULTS.items() if isinstance(v, int)},
                **rating_rules.DEFAULTS}
    missing = sorted(set(defaults) - set(settings.DANGVU_RULES))
    assert not missing, f"DANGVU_RULES lacks {missing}"
    assert {k: settings.DANGVU_RULES[k] for k in defaults} == defaults
    assert settings.DANGVU_RULES["ENTERPRISES_WORK_LIST_MIN_WORKERS"] == 50


def _with(**changes: int) -> dict[str, int]:
    return {**settings.DANGVU_RULES, **changes}


def test_a_province_may_admit_until_65():
    birth, decided = date(1960, 1, 1), date(2022, 6, 1)  # 62 years old
    with pytest.raises(DomainError) as exc:
        member_rules.check_admission_age(birth, decided)
    assert exc.value.rule == "admission_age_max" and "60 tuổi" in exc.value.message
    with override_settings(DANGVU_RULES=_with(ADMISSION_AGE_MAX=65)):
        member_rules.check_admission_age(birth, decided)


def test_a_province_may_shorten_the_ceremony_deadline():
    received = date(2026, 6, 1)
    admission_rules.check_ceremony_on_time(received, add_working_days(received, 25))
    with override_settings(DANGVU_RULES=_with(CEREMONY_WORKING_DAYS=20)):
        with pytest.raises(DomainError) as exc:
            admission_rules.check_ceremony_on_time(received, add_working_days(received, 21))
        assert exc.value.rule == "ceremony_late" and "20 ngày làm việc" in exc.value.message
        admission_rules.check_ceremony_on_time(received, add_working_days(received, 20))


@pytest.mark.parametrize(("key", "value", "reader"), [
    ("PROBATION_MONTHS", 18, lambda: member_rules.probation_end(date(2025, 1, 10))),
    ("READMISSION_WAIT_MONTHS", 24, member_rules.readmission_wait_months),
    ("TRANSFER_PRESENT_WORKING_DAYS", 20, lambda: member_rules.presentation_deadline(date(2026, 6, 1))),
    ("TEMPORARY_MIN_MONTHS", 6, lambda: member_rules.rule_setting("TEMPORARY_MIN_MONTHS")),
    ("CERTIFICATE_VALID_MONTHS", 36, admission_rules.certificate_valid_months),
    ("RECOGNITION_GRACE_DAYS", 30, admission_rules.recognition_grace_days),
])
def test_each_limit_follows_its_setting(key, value, reader):
    before = reader()
    with override_settings(DANGVU_RULES=_with(**{key: value})):
        assert reader() != before
    assert reader() == before


def test_a_deployment_overrides_limits_from_its_environment():
    env = {**os.environ, "DANGVU_RULES_JSON": json.dumps({"ADMISSION_AGE_MAX": 65}),
           "DJANGO_SETTINGS_MODULE": "dangvu.settings"}
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.DANGVU_RULES['ADMISSION_AGE_MAX'],"
         " settings.DANGVU_RULES['PROBATION_MONTHS'])"],
        env=env, capture_output=True, text=True, check=True, timeout=60,
    )
    assert out.stdout.split() == ["65", "12"]
