import re

from django.http import StreamingHttpResponse
from django.test import Client

EXPECTED = {
    ("post", "/api/v1/auth/token"),
    ("get", "/api/v1/auth/tokens"),
    ("delete", "/api/v1/auth/tokens/{token_id}"),
    ("post", "/api/v1/auth/logout"),
    ("get", "/api/v1/organizations"),
    ("post", "/api/v1/organizations"),
    ("get", "/api/v1/organizations/{org_id}"),
    ("post", "/api/v1/organizations/{org_id}/events"),
    ("get", "/api/v1/members"),
    ("post", "/api/v1/members"),
    ("get", "/api/v1/members/{member_id}"),
    ("post", "/api/v1/members/{member_id}/events"),
    ("post", "/api/v1/members/{member_id}/events/{event_id}/void"),
    ("get", "/api/v1/members/{member_id}/photo"),
    ("post", "/api/v1/members/{member_id}/photo"),
    ("post", "/api/v1/members/{member_id}/family"),
    ("patch", "/api/v1/members/{member_id}/family/{relative_id}"),
    ("post", "/api/v1/members/{member_id}/family/{relative_id}/remove"),
    ("post", "/api/v1/members/{member_id}/family/{relative_id}/restore"),
    ("get", "/api/v1/reports/membership-flow"),
    # admissions (issue #3)
    ("get", "/api/v1/candidates"),
    ("post", "/api/v1/candidates"),
    ("get", "/api/v1/candidates/{candidate_id}"),
    ("post", "/api/v1/candidates/{candidate_id}/admit"),
    ("post", "/api/v1/candidates/{candidate_id}/withdraw"),
    ("get", "/api/v1/courses"),
    ("post", "/api/v1/courses"),
    ("get", "/api/v1/courses/{course_id}"),
    ("post", "/api/v1/courses/{course_id}/enrollments"),
    ("post", "/api/v1/courses/{course_id}/results"),
    ("get", "/api/v1/members/probation-due"),
    ("post", "/api/v1/members/probation-recognitions"),
    ("get", "/api/v1/reports/admissions"),
    # ratings (issue #4)
    ("post", "/api/v1/rating-rounds"),
    ("get", "/api/v1/rating-rounds/{round_id}"),
    ("post", "/api/v1/rating-rounds/{round_id}/entries"),
    ("post", "/api/v1/rating-rounds/{round_id}/confirm"),
    ("post", "/api/v1/rating-rounds/{round_id}/reopen"),
    ("get", "/api/v1/reports/ratings"),
    ("post", "/api/v1/meetings"),
    ("get", "/api/v1/meetings"),
    ("get", "/api/v1/reports/meetings"),
    ("get", "/api/v1/reports/meetings/cell-year"),
    ("post", "/api/v1/reorganizations"),  # issue 11
    # enterprises (issue #5)
    ("get", "/api/v1/enterprises"),
    ("post", "/api/v1/enterprises"),
    ("get", "/api/v1/enterprises/{enterprise_id}"),
    ("post", "/api/v1/enterprises/{enterprise_id}/workforce"),
    ("post", "/api/v1/enterprises/{enterprise_id}/mass-organizations"),
    ("post", "/api/v1/enterprises/{enterprise_id}/mass-organizations/{mass_org_id}/counts"),
    ("get", "/api/v1/reports/enterprise-coverage"),
    ("post", "/api/v1/imports"),
    ("get", "/api/v1/imports/templates/{kind}"),
    ("get", "/api/v1/imports/{import_id}"),
    ("post", "/api/v1/imports/{import_id}/confirm"),
    ("get", "/api/v1/indicators"),
    ("get", "/api/v1/indicators/{code}/value"),
    ("post", "/api/v1/targets"),
    ("get", "/api/v1/reports/targets"),
    ("get", "/api/v1/reports/organizations"),
    ("get", "/api/v1/reports/organizations-founded"),
    ("get", "/api/v1/reports/members"),
    ("get", "/api/v1/reports/review-pack"),
    # documents, regulations, conferences, commendations, badges (issue #14)
    ("post", "/api/v1/documents"),
    ("get", "/api/v1/documents"),
    ("get", "/api/v1/documents/{document_id}"),
    ("post", "/api/v1/regulations"),
    ("get", "/api/v1/regulations/{regulation_id}"),
    ("post", "/api/v1/regulations/{regulation_id}/tasks/{task_id}/progress"),
    ("get", "/api/v1/tasks"),
    ("post", "/api/v1/conferences"),
    ("get", "/api/v1/conferences"),
    ("post", "/api/v1/commendations"),
    ("get", "/api/v1/commendations"),
    ("get", "/api/v1/badges/due"),
    ("post", "/api/v1/badges/awards"),
    ("get", "/api/v1/transfer-letters"),
    ("post", "/api/v1/transfer-letters/{letter_id}/presentation"),
    ("post", "/api/v1/transfer-letters/{letter_id}/correct"),
    ("get", "/api/v1/transfers/temporary-due"),
    ("get", "/api/v1/enterprises/workers-elsewhere"),
    ("post", "/api/v1/enterprises/{enterprise_id}/workers"),
    ("get", "/api/v1/enterprises/{enterprise_id}/workers"),
    ("post", "/api/v1/enterprises/{enterprise_id}/workers/{worker_id}/end"),
    ("post", "/api/v1/documents/{document_id}/status"),
    ("post", "/api/v1/regulations/{regulation_id}/tasks/{task_id}/cancel"),
    ("post", "/api/v1/conferences/{conference_id}/tasks/{task_id}/cancel"),
    ("get", "/api/v1/documents/{document_id}/uses"),
    ("post", "/api/v1/commendations/{commendation_id}/void"),
    ("post", "/api/v1/badges/awards/{award_id}/void"),
}


def signed_in(django_user_model) -> Client:
    """The schema and docs need a signed-in user (settings.DANGVU_API_DOCS_PUBLIC is off)."""
    client = Client()
    client.force_login(django_user_model.objects.create_user("docs.reader", password="matkhau-123"))
    return client


def test_openapi_json_lists_every_route_with_bearer_auth(db, django_user_model):
    r = signed_in(django_user_model).get("/api/v1/openapi.json")
    assert r.status_code == 200
    schema = r.json()
    routes = {(m, p) for p, ops in schema["paths"].items() for m in ops}
    assert routes == EXPECTED
    assert schema["components"]["securitySchemes"]["BearerToken"]["scheme"] == "bearer"
    assert "security" not in schema["paths"]["/api/v1/auth/token"]["post"]
    flow_params = {p["name"] for p in schema["paths"]["/api/v1/reports/membership-flow"]["get"]["parameters"]}
    assert {"organization_id", "from", "to"} <= flow_params


def test_docs_page_uses_only_assets_the_app_serves(db, django_user_model):
    client = signed_in(django_user_model)
    r = client.get("/api/v1/docs")
    assert r.status_code == 200
    html = r.content.decode()
    assert "cdn" not in html.lower()
    assert not re.search(r"(?:src|href)=\"(?:https?:)?//", html)
    assets = re.findall(r"(?:src|href)=\"(/static/[^\"]+)\"", html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        served = client.get(asset)
        assert served.status_code == 200, asset
        # Static files come back as a FileResponse, whose iteration yields its streamed content.
        body = b"".join(served) if isinstance(served, StreamingHttpResponse) else served.content
        assert len(body) > 0
