"""Rating rule sets by year (RULES.md; issue 11, item 8): 132-QĐ/TW for 2018–2022, 124-QĐ/TW for 2023–2024,
366-QĐ/TW from 2025, none before 2018 unless the province enters one."""

import pytest
from django.test import override_settings

from dangvu.core.errors import DomainError
from dangvu.ratings.rules import rating_rules_for
from dangvu.ratings.services import rating_round_open

from .conftest import refused


@pytest.mark.parametrize(("year", "document", "scored"), [
    (2018, "132-QĐ/TW", False), (2022, "132-QĐ/TW", False), (2023, "124-QĐ/TW", False), (2024, "124-QĐ/TW", False),
    (2025, "366-QĐ/TW", True), (2030, "366-QĐ/TW", True),
])
def test_each_year_takes_the_rule_set_in_force(year, document, scored):
    rules = rating_rules_for(year)
    assert document in rules.document and rules.uses_score is scored


def test_no_rule_set_before_2018(world):
    with pytest.raises(DomainError) as e:
        rating_rules_for(2017)
    assert e.value.rule == "rating_rules_missing" and e.value.field == "year"
    refused("rating_rules_missing", rating_round_open, actor=world.officer, organization=world.bloc, year=2017)


def test_a_province_may_enter_a_rule_set_for_earlier_years(world):
    extra = {"PROBATION_MONTHS": 12, "RATING_RULES_BEFORE_2018": {"from_year": 2012, "document": "Hướng dẫn 47-HD/TU"}}
    with override_settings(DANGVU_RULES=extra):
        assert rating_rules_for(2015).document == "Hướng dẫn 47-HD/TU"
        rnd = rating_round_open(actor=world.officer, organization=world.bloc, year=2015)
        assert rnd.rules_document == "Hướng dẫn 47-HD/TU" and not rnd.uses_score
        with pytest.raises(DomainError):
            rating_rules_for(2011)
        assert "132-QĐ/TW" in rating_rules_for(2018).document
