"""The production configuration the README documents passes Django's deployment checks."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parent.parent
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-real-secret-of-sufficient-length-and-variety-0123456789-abcdefgh",
    "ALLOWED_HOSTS": "oppnasoc.example.se",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_COOKIES": "true",
    "SECURE_HSTS_SECONDS": "31536000",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": "true",
    "SECURE_HSTS_PRELOAD": "true",
    "BEHIND_PROXY": "true",
    "EMAIL_HOST": "smtp.example.se",
}


def _check_deploy(env: dict) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=os.environ | env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = _check_deploy(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_check_deploy_fails_without_a_secret_key():
    env = PRODUCTION_ENV | {"SECRET_KEY": ""}
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["default-src"] == "'self'"
    assert directives["frame-ancestors"] == "'none'"
    assert "base-uri" in directives and "form-action" in directives


@pytest.mark.django_db
def test_every_script_is_a_file_of_our_own_and_no_page_carries_a_nonce(client):
    """No inline script at all, so a cached page cannot carry another answer's nonce."""
    for path in ["/", "/moten/", "/ideer/", "/sok/?q=plan", "/en/"]:
        response = client.get(path)
        scripts = re.findall(r"<script\b[^>]*>(.*?)</script>", response.text, re.S)
        assert scripts, path
        assert all(body.strip() == "" for body in scripts), path
        assert re.findall(r"<script\b[^>]*\bsrc=\"/static/", response.text), path
        assert "nonce" not in response.text
        assert "nonce" not in response["Content-Security-Policy"]
