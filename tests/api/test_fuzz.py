"""API fuzzing (issue 13): schemathesis generates requests for every operation of the OpenAPI schema and sends
them to the app in-process (WSGI, no server), a bounded number of examples per operation, as a committee officer.
Fails on any 5xx and on any answer that breaks the schema (status not documented, body not matching its schema);
400/413/415/422 are documented for every route (dangvu.core.api.ERRORS)."""

from collections.abc import Iterator

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance, status_code_conformance

from dangvu.accounts.tokens import token_issue
from dangvu.api.main import api

EXAMPLES = 5  # per operation: enough to reach the refusal paths, bounded so `make test` stays quick

schema = schemathesis.openapi.from_dict(api.get_openapi_schema())
schema.app = get_wsgi_application()
schema.config.phases.coverage.enabled = False  # its exhaustive edge cases are thousands of requests: fuzzing only


@pytest.fixture
def bearer(world) -> Iterator[dict[str, str]]:
    """The officer's token; Django's request signals leave the test's database connection open (as its test
    Client does), else the WSGI handler would close it mid-test on PostgreSQL."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield {"Authorization": f"Bearer {token_issue(username='canbo.khoi', password='matkhau-123')}"}
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
          suppress_health_check=list(HealthCheck))
def test_api_never_fails_and_keeps_its_schema(case, bearer, caplog):
    if case.path == "/api/v1/auth/logout":  # would revoke the token the next examples use
        case.headers = {**(case.headers or {}), **bearer}
        response = case.call()
        assert response.status_code < 500
        return
    case.call_and_validate(
        headers=bearer,
        checks=[not_a_server_error, status_code_conformance, response_schema_conformance],
    )
