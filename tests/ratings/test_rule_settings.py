"""The ratings rules a province may change are listed in settings.DANGVU_RULES with the documents' defaults, and a
province's value changes the rule itself."""

from django.conf import settings
from django.test import override_settings

from dangvu.ratings.rules import DEFAULTS, thematic_per_quarter, year_good_min, year_qualifies_good


def test_settings_list_every_ratings_limit_with_its_default():
    assert {k: settings.DANGVU_RULES.get(k) for k in DEFAULTS} == DEFAULTS


def test_a_province_may_ask_two_thematic_meetings_a_quarter_and_eight_good_months():
    assert thematic_per_quarter() == 1 and year_good_min(12) == 7
    with override_settings(DANGVU_RULES={**settings.DANGVU_RULES, "MEETING_THEMATIC_PER_QUARTER": 2,
                                         "MEETING_YEAR_GOOD_MIN": 8}):
        assert thematic_per_quarter() == 2 and year_good_min(12) == 8 and year_good_min(6) == 4
        assert not year_qualifies_good(["good"] * 7 + ["fair"] * 5)


def test_a_province_may_refuse_good_to_a_shortened_year():
    assert year_qualifies_good(["good"] * 6)
    with override_settings(DANGVU_RULES={**settings.DANGVU_RULES, "MEETING_PARTIAL_YEAR": 0}):
        assert not year_qualifies_good(["good"] * 6) and year_qualifies_good(["good"] * 12)


def test_a_province_may_require_exempted_members_to_be_rated(world):
    from datetime import date

    from dangvu.members.services import member_exempt
    from dangvu.ratings.selectors import round_missing
    from dangvu.ratings.services import rating_round_open

    member_exempt(actor=world.root_user, member=world.hanh, effective_on=date(2026, 3, 1))
    rnd = rating_round_open(actor=world.officer, organization=world.bloc, year=2026, reference_on=date(2026, 11, 1))
    assert world.hanh.pk not in {m for m, _, _ in round_missing(rnd)[0]}
    with override_settings(DANGVU_RULES={**settings.DANGVU_RULES, "RATING_EXEMPTED_MAY_BE_UNRATED": 0}):
        assert world.hanh.pk in {m for m, _, _ in round_missing(rnd)[0]}
