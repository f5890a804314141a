"""The production configuration docs/deployment.md documents passes Django's deployment checks."""

import importlib.util
import json
import os
import re
import subprocess
import sys
import urllib.parse
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from tests.test_security_headers import PRODUCTION_SETTINGS

ROOT = Path(__file__).resolve().parent.parent
# Exactly the variables docs/deployment.md exports.
PRODUCTION_ENV = {
    "DEBUG": "false",
    "SECRET_KEY": "a-real-secret-of-sufficient-length-and-variety-0123456789-abcdefgh",
    "ALLOWED_HOSTS": "oppnasoc.example.se",
    "CSRF_TRUSTED_ORIGINS": "https://oppnasoc.example.se",
    "SITE_URL": "https://oppnasoc.example.se",
    "ADMIN_PATH": "forvaltning/",
    "SECURE_SSL_REDIRECT": "true",
    "SECURE_COOKIES": "true",
    "BEHIND_PROXY": "true",
    "EMAIL_HOST": "smtp.example.se",
    "MEDIA_ROOT": "/var/lib/oppnasoc/media",
    "EXPORTS_ROOT": "/var/lib/oppnasoc/exports",
    "ACCESSIBILITY_CONTACT_EMAILS": "webb@example.se",
}


def _check_deploy(env: dict) -> subprocess.CompletedProcess:
    return _manage(["check", "--deploy", "--fail-level", "WARNING"], env)


def _manage(args: list[str], env: dict) -> subprocess.CompletedProcess:
    """manage.py with the production environment `env`, on the server the tests use."""
    env = os.environ | env
    # The model checks ask the server for its version (for the search's generated columns), so
    # the database must exist; the tests' own is made later, the maintenance one is there.
    # Production never starts the embedded database, so it is named by its address as well.
    if url := env.get("DATABASE_URL"):
        env["DATABASE_URL"] = urllib.parse.urlsplit(url)._replace(path="/postgres").geturl()
    else:
        socket_dir = urllib.parse.quote(settings.DATABASES["default"]["HOST"], safe="")
        env["DATABASE_URL"] = f"postgres://postgres@{socket_dir}/postgres"
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_passes_with_production_settings():
    result = _check_deploy(PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_deployment_doc_exports_the_production_environment_the_tests_use():
    doc = (ROOT / "docs" / "deployment.md").read_text()
    block = doc.split("```sh", 1)[1].split("```", 1)[0]
    for name, value in PRODUCTION_ENV.items():
        if name != "SECRET_KEY":
            assert f"{name}={value}" in block, name


def test_production_environment_gives_https_only_cookies_and_a_year_of_hsts():
    """The settings the header and Observatory tests (test_security_headers.py) assume."""
    names = [*PRODUCTION_SETTINGS, "SECURE_HSTS_PRELOAD", "SECURE_PROXY_SSL_HEADER", "ADMIN_PATH"]
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}))"
    )
    result = _manage(["shell", "--no-startup", "-c", code], PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    assert {name: values[name] for name in PRODUCTION_SETTINGS} == PRODUCTION_SETTINGS
    # Preloading is the operator's choice (docs/security.md).
    assert values["SECURE_HSTS_PRELOAD"] is False
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["ADMIN_PATH"] == "forvaltning/"


@pytest.mark.parametrize("value", ["/admin/", "admin", "adm in/", "<slug>/", ""])
def test_a_bad_admin_path_stops_the_start(value):
    result = _check_deploy(PRODUCTION_ENV | {"ADMIN_PATH": value})
    assert result.returncode != 0
    assert "ADMIN_PATH" in result.stderr


def test_check_deploy_fails_without_a_secret_key():
    env = PRODUCTION_ENV | {"SECRET_KEY": ""}
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "SECRET_KEY" in result.stdout + result.stderr


def test_check_deploy_fails_when_no_one_receives_accessibility_reports():
    """The statement's form would otherwise thank visitors for reports that reach no one."""
    env = PRODUCTION_ENV | {"ACCESSIBILITY_CONTACT_EMAILS": "", "ADMINS": ""}
    result = _check_deploy(env)
    assert result.returncode != 0
    assert "pages.E001" in result.stdout + result.stderr


@pytest.mark.django_db
def test_migrations_match_the_models():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_pages_carry_a_content_security_policy_without_inline_scripts(client):
    policy = client.get("/")["Content-Security-Policy"]
    directives = dict(d.strip().split(" ", 1) for d in policy.split(";"))
    assert "'unsafe-inline'" not in directives["script-src"]
    assert "'unsafe-eval'" not in directives["script-src"]
    assert directives["default-src"] == "'none'"
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


# The admin's address


@pytest.fixture
def admin_moved(settings):
    """The URLs as they are with ADMIN_PATH=forvaltning-7f3a/: urls.py is read again."""
    settings.ADMIN_PATH = "forvaltning-7f3a/"
    spec = importlib.util.find_spec("oppnasoc.urls")
    urls = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(urls)
    settings.ROOT_URLCONF = urls
    return settings.ADMIN_PATH


@pytest.mark.django_db
def test_admin_is_not_found_at_admin_when_moved(client, admin_moved):
    for path in ["/admin/", "/admin/login/", "/admin/meetings/meeting/"]:
        assert client.get(path).status_code == 404, path
    response = client.get(f"/{admin_moved}")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/{admin_moved}login/")
    assert client.get(f"/{admin_moved}login/").status_code == 200


@pytest.mark.django_db
def test_the_moved_admin_address_is_nowhere_in_public(client, admin_moved):
    for path in ["/", "/robots.txt", "/sitemap.xml", "/api/", "/finns-inte/"]:
        assert admin_moved not in client.get(path).text, path


def test_production_settings_install_no_development_or_benchmark_tools():
    code = "from django.conf import settings; print(' '.join(settings.INSTALLED_APPS))"
    result = _manage(["shell", "--no-startup", "-c", code], PRODUCTION_ENV)
    assert result.returncode == 0, result.stderr
    installed = result.stdout.split()
    assert "portal" in installed
    assert not {"devtools", "benchmark"} & set(installed)


def test_production_settings_never_start_the_embedded_database():
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"} | PRODUCTION_ENV
    result = subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env | {"EMBEDDED_DB_NAME": "never_made"},
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode != 0
    assert "DATABASE_URL must be set" in result.stderr
