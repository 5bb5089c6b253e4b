"""API test helpers: a JSON client holding a bearer token for one of the world's users."""

import json
from typing import Any

import pytest
from django.test import Client

from dangvu.accounts.tokens import token_issue
from dangvu.core.models import AuditEntry
from dangvu.members.models import Member, MemberEvent
from dangvu.orgs.models import Organization, OrgEvent

PASSWORD = "matkhau-123"


class ApiClient:
    def __init__(self, user: Any):
        key = token_issue(username=user.username, password=PASSWORD)
        self.client = Client(headers={"authorization": f"Bearer {key}"})

    def get(self, path: str, **params: Any):
        return self.client.get(f"/api/v1{path}", params)

    def post(self, path: str, body: Any):
        data = body if isinstance(body, str) else json.dumps(body, default=str)
        return self.client.post(f"/api/v1{path}", data, content_type="application/json")


@pytest.fixture
def as_user(world):
    return ApiClient


def counts() -> dict[str, int]:
    """Rows a write would add; bad input must leave every one unchanged."""
    return {m.__name__: m.objects.count() for m in (Member, MemberEvent, AuditEntry, Organization, OrgEvent)}


@pytest.fixture
def no_unexpected_errors(caplog):
    """Fails the test when the catch-all handler (a real bug, 500) was reached."""
    yield
    bad = [r for r in caplog.records if r.name == "dangvu.api" and r.levelname == "ERROR"]
    assert not bad, [r.getMessage() for r in bad]
