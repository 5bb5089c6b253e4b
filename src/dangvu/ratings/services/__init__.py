"""Writes of the ratings app: one function per use case, one transaction each, audited."""

from .mass import mass_org_rating_record
from .meetings import criteria_set_create, meeting_record
from .rounds import (
    rating_entries_record,
    rating_round_confirm,
    rating_round_open,
    rating_round_reopen,
)

__all__ = [
    "criteria_set_create",
    "mass_org_rating_record",
    "meeting_record",
    "rating_entries_record",
    "rating_round_confirm",
    "rating_round_open",
    "rating_round_reopen",
]
