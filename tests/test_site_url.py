"""SITE_URL: in development it follows the port the portal is served on."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _site_url(env: dict) -> str:
    code = "from django.conf import settings; print(settings.SITE_URL)"
    environment = {k: v for k, v in os.environ.items() if k not in ("SITE_URL", "PORT")} | env
    environment["DJANGO_SETTINGS_MODULE"] = "oppnasoc.settings"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def test_site_url_follows_the_port_in_development():
    assert _site_url({}) == "http://127.0.0.1:8000"
    assert _site_url({"PORT": "8123"}) == "http://127.0.0.1:8123"
    assert _site_url({"PORT": "8123", "SITE_URL": "https://soc.example.se/"}) == (
        "https://soc.example.se"
    )


def test_make_run_serves_with_the_port_in_the_environment():
    script = (ROOT / "scripts" / "serve-dev").read_text()
    assert 'export PORT="$port"' in script
