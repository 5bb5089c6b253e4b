"""Assertions shared by the domain tests."""

from collections.abc import Callable
from typing import Any

import pytest

from dangvu.core.errors import DomainError
from dangvu.core.models import AuditEntry
from dangvu.members.models import Member, MemberEvent, MembershipSpan
from dangvu.orgs.models import Organization, OrgEvent, OrgParentSpan, OrgPathSpan

WRITTEN_TABLES = [
    Organization, OrgEvent, OrgParentSpan, OrgPathSpan, Member, MemberEvent, MembershipSpan, AuditEntry,
]


def written_counts() -> tuple[int, ...]:
    return tuple(model._default_manager.count() for model in WRITTEN_TABLES)


def refused(rule: str, fn: Callable[..., object], **kwargs: Any) -> DomainError:
    """Call a service that must refuse with `rule`, a message, and nothing written anywhere."""
    before = written_counts()
    with pytest.raises(DomainError) as exc:
        fn(**kwargs)
    assert exc.value.rule == rule, exc.value.message
    assert exc.value.message
    assert written_counts() == before
    return exc.value
