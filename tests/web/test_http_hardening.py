"""HTTP hardening (issue 11): the Content-Security-Policy, no inline script or style in any page, and
HTTPS behind a reverse proxy (``DONDOC_HTTPS=1``) clean under ``check --deploy``.

The HTTPS settings are read when the settings module is imported, so those tests run a fresh
process with the variables set, as ``dondoc serve`` would."""

from __future__ import annotations

import json
import os
import re
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from dondoc.tracking.models import Document

REPO = Path(__file__).resolve().parents[2]
TEMPLATES = REPO / "src/dondoc/tracking/templates"

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<style\b|\sstyle\s*=", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
JS_URL = re.compile(r"javascript:", re.IGNORECASE)


def inline_code(html: str) -> list[str]:
    found = []
    for pattern in (INLINE_SCRIPT, INLINE_STYLE, EVENT_HANDLER, JS_URL):
        found += [m.group(0) for m in pattern.finditer(html)]
    return found


def test_the_patterns_find_inline_code() -> None:
    """The checks below rely on these patterns: they must catch each kind."""
    assert inline_code('<script>alert(1)</script><p style="x" onclick="y"><a href="javascript:z">') == [
        "<script>",
        " style=",
        " onclick=",
        "javascript:",
    ]
    assert inline_code('<script src="/static/a.js" defer></script><link rel="stylesheet" href="a.css">') == []


def test_no_template_carries_inline_script_or_style() -> None:
    offenders = {
        str(p.relative_to(TEMPLATES)): inline_code(p.read_text(encoding="utf-8"))
        for p in TEMPLATES.rglob("*.html")
    }
    assert {k: v for k, v in offenders.items() if v} == {}
    assert len(offenders) >= 10


@pytest.mark.django_db
def test_every_page_has_a_strict_policy_and_no_inline_code(
    users: dict[str, User], confirmed_notice: Document
) -> None:
    office = Client()
    office.force_login(users["vanphong"])
    task = confirmed_notice.tasks.first()
    assert task is not None
    pages = [
        (Client(), reverse("login")),
        (office, reverse("tracking:dashboard")),
        (office, reverse("tracking:task_list")),
        (office, reverse("tracking:task_detail", args=[task.pk])),
        (office, reverse("tracking:document_list")),
        (office, reverse("tracking:document_detail", args=[confirmed_notice.pk])),
        (office, reverse("tracking:document_upload")),
        (office, reverse("tracking:unit_list")),
        (office, reverse("api:docs")),
        (office, reverse("admin:index")),
    ]
    for client, url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        policy = response["Content-Security-Policy"]
        directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
        assert directives["script-src"] == "'self'", url
        assert directives["style-src"] == "'self'", url
        assert directives["object-src"] == "'none'" and directives["frame-ancestors"] == "'none'"
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
        if not url.startswith("/quan-tri/"):  # Django's own admin templates are Django's business
            assert inline_code(response.content.decode()) == [], url
    # JSON and files get the header too (it costs nothing and covers error pages).
    assert "Content-Security-Policy" in office.get("/api/tasks/")


def fresh_process(code: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    base = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_") and k != "DATABASE_URL"}
    base.update(DONDOC_DATA_DIR=str(tmp_path), DJANGO_SETTINGS_MODULE="dondoc.web.settings", **env)
    return subprocess.run(
        [sys.executable, "-c", code], env=base, cwd=REPO, capture_output=True, text=True, timeout=300
    )


HTTPS_ENV = {
    "DONDOC_HTTPS": "1",
    "DONDOC_ALLOWED_HOSTS": "dondoc.hoalam.gov.vn",
}


def check_deploy(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """``dondoc manage check --deploy``, warnings counted as failures, in a fresh process."""
    base = {k: v for k, v in os.environ.items() if not k.startswith("DONDOC_") and k != "DATABASE_URL"}
    return subprocess.run(
        [sys.executable, "-m", "dondoc", "manage", "check", "--deploy", "--fail-level", "WARNING"],
        env={**base, "DONDOC_DATA_DIR": str(tmp_path), **env},
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_check_deploy_is_clean_with_https_and_a_real_key(tmp_path: Path) -> None:
    deploy = check_deploy(tmp_path, DONDOC_SECRET_KEY=secrets.token_urlsafe(48), **HTTPS_ENV)
    assert deploy.returncode == 0, deploy.stdout + deploy.stderr
    assert "System check identified no issues" in deploy.stdout
    # The generated key passes as well.
    assert check_deploy(tmp_path, **HTTPS_ENV).returncode == 0
    # Without DONDOC_HTTPS the same command names what is missing: the check does check.
    plain = check_deploy(tmp_path)
    assert plain.returncode != 0
    assert "security.W008" in plain.stderr + plain.stdout


HTTPS_PROBE = """
import json
import django
django.setup()
from django.conf import settings
from django.test import Client
c = Client()
plain = c.get("/dang-nhap/", HTTP_HOST="dondoc.hoalam.gov.vn")
proxied = c.get("/dang-nhap/", HTTP_HOST="dondoc.hoalam.gov.vn", HTTP_X_FORWARDED_PROTO="https")
print(json.dumps({
    "plain_status": plain.status_code,
    "plain_location": plain.get("Location"),
    "status": proxied.status_code,
    "hsts": proxied.get("Strict-Transport-Security"),
    "csrf_cookie_secure": bool(proxied.cookies["csrftoken"]["secure"]),
    "session_cookie_secure": settings.SESSION_COOKIE_SECURE,
    "session_hours": settings.SESSION_COOKIE_AGE / 3600,
}))
"""


def test_https_behind_a_proxy_redirects_and_sends_hsts_and_secure_cookies(tmp_path: Path) -> None:
    run = fresh_process(HTTPS_PROBE, tmp_path, **HTTPS_ENV, DONDOC_SESSION_HOURS="4")
    assert run.returncode == 0, run.stderr
    seen = json.loads(run.stdout)
    assert seen == {
        "plain_status": 301,
        "plain_location": "https://dondoc.hoalam.gov.vn/dang-nhap/",
        "status": 200,
        "hsts": "max-age=31536000; includeSubDomains; preload",
        "csrf_cookie_secure": True,
        "session_cookie_secure": True,
        "session_hours": 4.0,
    }


def test_behind_the_proxy_the_client_address_is_the_one_the_proxy_appended(tmp_path: Path) -> None:
    code = """
import django
django.setup()
from django.test import RequestFactory
from dondoc.web.throttle import client_ip
r = RequestFactory().get("/", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
print(client_ip(r))
"""
    behind = fresh_process(code, tmp_path, **HTTPS_ENV)
    direct = fresh_process(code, tmp_path)
    assert behind.stdout.strip() == "203.0.113.7", behind.stderr
    assert direct.stdout.strip() == "127.0.0.1", direct.stderr
