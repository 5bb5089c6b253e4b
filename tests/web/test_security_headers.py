"""Headers and cookies: CSP without inline script, no-store on signed-in pages and the API, HSTS and secure
cookies behind HTTPS, the OpenAPI docs behind sign-in, no inline script in any template."""

import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

import dangvu

SRC = Path(dangvu.__file__).parent


def test_pages_carry_a_csp_without_inline_script(world):
    client = Client()
    client.force_login(world.officer)
    r = client.get("/members/")
    csp = r["Content-Security-Policy"]
    script = re.search(r"script-src ([^;]+)", csp)
    assert script is not None and script.group(1).strip() == "'self'"
    assert "frame-ancestors 'none'" in csp and "object-src 'none'" in csp
    assert r["X-Frame-Options"] == "DENY" and r["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize("path", ["/", "/members/", "/account/tokens/"])
def test_signed_in_pages_are_never_stored(world, path):
    client = Client()
    client.force_login(world.officer)
    r = client.get(path)
    assert r.status_code == 200
    assert "no-store" in r["Cache-Control"]


def test_api_answers_are_never_stored(world):
    assert "no-store" in Client().get("/api/v1/members")["Cache-Control"]  # even the 401


def test_no_template_has_inline_script_or_event_handlers():
    offenders = []
    for template in SRC.rglob("templates/**/*.html"):
        text = template.read_text()
        for match in re.finditer(r"<script\b([^>]*)>", text):
            attrs = match.group(1)
            if "src=" not in attrs and 'type="application/json"' not in attrs:
                offenders.append(f"{template.relative_to(SRC)}: inline <script>")
        if re.search(r"\son[a-z]+\s*=", text):
            offenders.append(f"{template.relative_to(SRC)}: on* handler attribute")
        if "javascript:" in text:
            offenders.append(f"{template.relative_to(SRC)}: javascript: URL")
    assert not offenders, offenders


def test_docs_need_sign_in(world):
    anonymous = Client()
    r = anonymous.get("/api/v1/openapi.json")
    assert r.status_code == 401 and "đăng nhập" in r.json()["detail"]
    r = anonymous.get("/api/v1/docs")
    assert r.status_code == 302 and r["Location"].startswith("/login/")
    from dangvu.accounts.tokens import token_issue

    key = token_issue(username="canbo.khoi", password="matkhau-123")
    assert Client(headers={"authorization": f"Bearer {key}"}).get("/api/v1/openapi.json").status_code == 200


def test_docs_can_be_public_by_setting(world, settings):
    settings.DANGVU_API_DOCS_PUBLIC = True
    assert Client().get("/api/v1/openapi.json").status_code == 200


def test_https_turns_on_hsts_and_secure_cookies():
    code = (
        "import django, os; os.environ['DJANGO_SETTINGS_MODULE']='dangvu.settings'; django.setup();"
        "from django.conf import settings as s;"
        "print(s.SECURE_HSTS_SECONDS, s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SECURE_SSL_REDIRECT)"
    )
    env = {"DANGVU_HTTPS": "true", "DANGVU_SECRET_KEY": "x" * 50, "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["31536000", "True", "True", "True"]
    env.pop("DANGVU_HTTPS")
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["0", "False", "False", "False"]
