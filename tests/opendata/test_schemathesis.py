"""schemathesis against the running API, as an outsider would run it: `schemathesis run
--checks all` on the description the API serves.

It sends valid and invalid parameters made from the description, every method the description
does not name, and chains of requests along the links it infers (from a list to each object);
every answer must be one the description promises, with the headers and body it describes.
"""

import subprocess
import sys

import pytest

# The live server answers from another thread, so the data must be committed.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# Enough cases for each phase to reach every answer in a test run of about half a minute; run
# the command by hand (without --max-examples) to search longer.
MAX_EXAMPLES = 25


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    """Answers come through the page cache, as in production."""
    settings.PAGE_CACHE_SECONDS = 300


def test_schemathesis_finds_no_failure(live_server, site, tmp_path):
    command = [
        *(sys.executable, "-m", "schemathesis.cli", "run"),
        f"{live_server.url}/api/openapi.json",
        # The description names the site's one address (SITE_URL); test the live server instead.
        *("--url", live_server.url),
        *("--checks", "all", "--max-examples", str(MAX_EXAMPLES), "--workers", "2"),
    ]
    # In a folder of its own: schemathesis keeps its example database where it runs.
    result = subprocess.run(command, cwd=tmp_path, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-8000:] + result.stderr[-2000:]
    assert "No issues found" in result.stdout
