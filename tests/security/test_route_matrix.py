"""Every route × every role (issue 13): each URL pattern from the resolver and each API operation from the
OpenAPI schema is requested by an administrator, a committee officer, a cell secretary and a viewer of one
province with the objects of ANOTHER province (ids in the path, organisation ids in the query and the body),
by GET and POST (API operations by their own method). Every answer must refuse — 400, 403, 404, 405 or 422 — and
nothing may be written (audit log, members, organisations, events unchanged). A route that answers 2xx or 3xx
fails the test, naming the route and the role, until it gets a scope check or is listed in EXEMPT with its
reason. New routes (other apps) are picked up by themselves."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from datetime import date
from typing import Any
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver

from dangvu.accounts.models import Role
from dangvu.accounts.tokens import token_issue
from dangvu.core.models import AuditEntry
from dangvu.members.models import Member, MemberEvent
from dangvu.members.services import member_record
from dangvu.orgs.models import Organization, OrgEvent
from dangvu.orgs.services import org_found
from tests.conftest import make_user

REFUSED = {400, 403, 404, 405, 422}
NOWHERE = 2147483000  # an id no object has: routes whose objects this test does not build are asked for it

# Routes that may answer 2xx to any signed-in user, each with its reason. Keys: a web pattern ("members/") or
# "METHOD /api/v1/path". Prefixes end with "*".
EXEMPT: dict[str, str] = {
    "admin/*": "Django admin: staff only (the roles here are not staff: redirected to the admin login)",
    "healthz": "public health check: database reachable, migrations applied; no personal data",
    "login/": "the sign-in page",
    "logout/": "signs the caller out",
    "static/*": "static assets",
    "api/v1/openapi.json": "the schema: for any signed-in user (DANGVU_API_DOCS_PUBLIC may open it)",
    "api/v1/docs": "the docs page: for any signed-in user",
    "api/v1/": "ninja's root (404 except the routes below)",
    "account/": "the caller's own account page",
    "account/tokens/": "the caller's own API tokens (another user's token id answers 404)",
    "account/2fa/*": "the caller's own second factor",
    "POST /api/v1/auth/token": "sign-in: no object of anyone",
    "GET /api/v1/auth/tokens": "the caller's own tokens only",
    "POST /api/v1/auth/logout": "revokes the caller's current token",
    "": "dashboard: figures of the caller's default organisation (organisation id ignored)",
    "orgs/pick/": "organisation picker: JSON of organisations in the caller's scope only (orgs.scope)",
    "orgs/": "organisation tree of the caller's scope",
    "members/": "member list: falls back to the caller's default organisation for one outside the scope",
    "reports/": "catalogue of reports (no data)",
    "admissions/": "admissions overview of the caller's scope",
    "admissions/candidates/": "candidates of the caller's scope",
    "admissions/courses/": "courses of the caller's scope",
    "admissions/probation/": "probation list of the caller's scope",
    "ratings/": "rating rounds visible to the caller (ratings.selectors.rating_rounds_visible)",
    "ratings/criteria/": "the year's criteria sets (rules, no personal data)",
    "enterprises/": "enterprises of the caller's scope (enterprises.access.visible_enterprises)",
    "enterprises/registry/": "localities, zones and steering committees (registry, no personal data)",
    "enterprises/import/template.xlsx": "an empty spreadsheet template",
    "imports/": "the upload form, the empty templates and the caller's own uploads (imports.services.import_get)",
    "targets/indicators/": "the indicator catalogue (definitions, no data)",
    "users/": "accounts of the administrator's own subtree (other roles get 403)",
    "users/new/": "an empty form; the organisations offered are the administrator's own subtree",
    "documents/pick/": "document picker: JSON of the documents the caller may see",
    "documents/people/pick/": "participants' picker: JSON of the members of the caller's scope only",
    "enterprises/pick/": "enterprise picker: JSON of the enterprises the caller follows only (visible_enterprises)",
    "enterprises/new/": "an empty form; its organisation and registry choices hold only the caller's scope",
    "enterprises/import/": "the upload form (needs the write role; rows are checked against the scope)",
    "enterprises/follow-ups/": "follow-ups of the caller's steering committees (another committee's id shows none)",
    "orgs/reorganize/": "the reorganisation form; each line's organisations are checked against the scope",
    "GET /api/v1/enterprises": "enterprises of the caller's scope; its filters are registry ids, not organisations",
    "GET /api/v1/indicators": "the indicator catalogue (definitions, no data)",
    "GET /api/v1/imports/templates/{kind}": "an empty spreadsheet template",
}
# Values for path parameters that are not ids.
SLUGS = {"fmt": "pdf", "action": "rename", "kind": "zones", "name": "members", "code": "members_total",
         "year": "2025"}


def _walk(patterns: list[Any], prefix: str = "") -> Iterator[str]:
    for p in patterns:
        if isinstance(p, URLResolver):
            yield from _walk(p.url_patterns, prefix + str(p.pattern))
        elif isinstance(p, URLPattern):
            yield prefix + str(p.pattern)


def web_routes() -> list[str]:
    """Every URL pattern of the site except the API's (its operations come from the schema)."""
    return sorted({r for r in _walk(get_resolver().url_patterns) if not r.startswith("api/v1/")})


def api_operations() -> list[tuple[str, str]]:
    from dangvu.api.main import api

    schema = api.get_openapi_schema()
    return sorted((m.upper(), path) for path, ops in schema["paths"].items() for m in ops)


def exempt(key: str) -> str | None:
    for pattern, reason in EXEMPT.items():
        if key == pattern or (pattern.endswith("*") and key.startswith(pattern[:-1])):
            return reason
    return None


class Foreign:
    """Objects of another province, outside every test user's scope."""

    def __init__(self, root_user: Any) -> None:
        self.province = org_found(actor=root_user, name="Đảng bộ tỉnh Hà Nam", kind="provincial_committee",
                                  parent=None, founded_on=date(1950, 1, 1))
        self.cell = org_found(actor=root_user, name="Chi bộ thôn Đồng Văn", kind="grassroots_cell",
                              parent=self.province, founded_on=date(1990, 1, 1), sector="other")
        self.member = member_record(
            actor=root_user, organization=self.cell, full_name="Phạm Thị Nga", sex="F", birth_date=date(1980, 3, 3),
            admitted_on=date(2010, 5, 1), ceremony_on=date(2010, 5, 19), full_on=date(2011, 5, 19),
        )
        event = MemberEvent.objects.filter(member=self.member).first()
        self.event_id = event.pk if event else NOWHERE

    def id_for(self, route: str, param: str) -> str:
        """The foreign object's id for a path parameter, by its name and where it sits."""
        if param in SLUGS:
            return SLUGS[param]
        if param in {"org_id", "org_pk", "cell_id"} or (param == "pk" and route.startswith("orgs/")):
            return str(self.cell.pk)
        if param == "member_id" or (param == "pk" and route.startswith("members/")):
            return str(self.member.pk)
        if param == "event_id":
            return str(self.event_id)
        return str(NOWHERE)

    def query(self) -> dict[str, Any]:
        org = self.cell.pk
        return {"organization_id": org, "organization": org, "org": org, "cell": org, "committee": org,
                "scope": org, "scope_id": org, "parent_id": org, "member_id": self.member.pk}


def fill(route: str, foreign: Foreign) -> str:
    def web(m: re.Match[str]) -> str:
        return foreign.id_for(route, m.group(2))

    def api(m: re.Match[str]) -> str:
        return foreign.id_for(route, m.group(1))

    route = re.sub(r"<(?:(\w+):)?(\w+)>", web, route)
    return re.sub(r"\{(\w+)\}", api, route)


def written() -> tuple[int, ...]:
    return tuple(m.objects.count() for m in (AuditEntry, Member, MemberEvent, Organization, OrgEvent))


def check_role(user: Any, foreign: Foreign) -> list[str]:
    """Every route for one user; returns the routes that did not refuse, one line each."""
    problems: list[str] = []
    web = Client()
    web.force_login(user)
    key = token_issue(username=user.username, password="matkhau-123")
    api = Client(headers={"authorization": f"Bearer {key}"})
    query = foreign.query()
    before = written()

    def look(label: str, response: Any) -> None:
        nonlocal before
        now = written()
        if now != before:
            problems.append(f"{label} as {user.username}: WROTE {before} → {now}")
            before = now
        if response.status_code not in REFUSED:
            problems.append(f"{label} as {user.username}: {response.status_code}")

    for route in web_routes():
        if exempt(route) is not None:
            continue
        url = "/" + fill(route, foreign)
        look(f"GET /{route}", web.get(url, query))
        look(f"POST /{route}", web.post(f"{url}?{urlencode(query)}", query))
    for method, path in api_operations():
        if exempt(f"{method} {path}") is not None:
            continue
        url = fill(path, foreign)
        if method == "GET":
            response = api.get(url, query)
        else:
            response = api.generic(method, url, json.dumps(query), content_type="application/json")
        look(f"{method} {path}", response)
    return problems


@pytest.mark.parametrize("role", ["admin", "officer", "secretary", "viewer"])
def test_no_route_serves_or_changes_another_subtree(world, role):
    """The administrator is one of a subtree (the city committee): an administrator of the root organisation
    sees the whole system by design (orgs.scope.scope_of), so no other subtree exists for them."""
    foreign = Foreign(world.root_user)
    local_admin = role == "admin"
    user = make_user("quantri.hoalu", world.local, Role.PROVINCE_ADMIN) if local_admin else getattr(world, role)
    problems = check_role(user, foreign)
    assert not problems, "Routes that did not refuse another province's objects (add a scope check, or list " \
        "the route in EXEMPT with its reason):\n" + "\n".join(problems)


def test_every_exemption_names_a_route_that_exists():
    known = set(web_routes()) | {f"{m} {p}" for m, p in api_operations()} | {"api/v1/openapi.json", "api/v1/docs",
                                                                            "api/v1/"}
    stale = [k for k in EXEMPT if not k.endswith("*") and k not in known]
    assert not stale, f"EXEMPT lists routes that no longer exist: {stale}"
