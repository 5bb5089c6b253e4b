"""Reads on accounts: a user's roles with their history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Assignment

if TYPE_CHECKING:
    from django.contrib.auth.models import User


def assignments_history(user: User) -> list[Assignment]:
    """Every role the user held or holds: live ones first (by organisation), then ended ones, newest end first."""
    rows = list(Assignment.history.filter(user=user).select_related("organization", "created_by", "ended_by"))
    live = sorted((a for a in rows if a.ended_on is None), key=lambda a: (a.organization.path, a.pk))
    ended = sorted((a for a in rows if a.ended_on is not None), key=lambda a: (a.ended_on, a.pk), reverse=True)
    return live + ended
