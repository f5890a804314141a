"""Every text of Django's admin scripts has Swedish: Django's catalogue, or ours where it lacks one.

The browser test tests/browser/test_admin_swedish.py shows them on the pages; this one reads every
text the scripts ask for, so a new one in a Django upgrade fails here even where no page shows it
in the crawl (a calendar's labels, a warning for another time zone).
"""

import json
import re
import shutil
import subprocess
from pathlib import Path

import django
import pytest

from tests.factories import make_editor
from tests.test_translations import _entries

ADMIN_SCRIPTS = Path(django.__file__).parent / "contrib" / "admin" / "static" / "admin" / "js"

pytestmark = pytest.mark.skipif(
    not shutil.which("xgettext"), reason="needs GNU gettext (apt install gettext)"
)


def _texts_of_the_admin_scripts(tmp_path) -> list[dict]:
    scripts = sorted(p for p in ADMIN_SCRIPTS.rglob("*.js") if "vendor" not in p.parts)
    pot = tmp_path / "admin.pot"
    keywords = ["gettext", "ngettext:1,2", "pgettext:1c,2", "npgettext:1c,2,3", "gettext_noop"]
    subprocess.run(
        ["xgettext", "-L", "JavaScript", "--from-code=utf-8", "-o", pot]
        + [f"--keyword={keyword}" for keyword in keywords]
        + [str(script) for script in scripts],
        check=True,
    )
    return [entry for entry in _entries(pot) if entry["msgid"]]


def _catalogue(client) -> dict:
    client.force_login(make_editor())
    response = client.get("/admin/jsi18n/")
    assert response.status_code == 200
    found = re.search(r"const newcatalog = (\{.*?\});\n", response.text, re.S)
    assert found, "no catalogue in the admin's jsi18n"
    return json.loads(found.group(1))


@pytest.mark.django_db
def test_every_text_of_the_admin_scripts_is_in_swedish(client, tmp_path):
    texts = _texts_of_the_admin_scripts(tmp_path)
    assert len(texts) > 40, "xgettext found too few texts in Django's admin scripts"
    catalogue = _catalogue(client)
    missing = []
    for entry in texts:
        key = entry["msgid"]
        if entry.get("msgctxt"):
            key = f"{entry['msgctxt']}\x04{key}"
        translated = catalogue.get(key)
        if not translated or (isinstance(translated, list) and not all(translated)):
            missing.append(entry["msgid"])
    assert not missing, (
        "Texts of Django's admin scripts without Swedish; add them to "
        "locale/sv/LC_MESSAGES/djangojs.po and compile it:\n" + "\n".join(missing)
    )


@pytest.mark.django_db
def test_the_time_zone_note_is_swedish(client):
    catalogue = _catalogue(client)
    ahead = catalogue[
        "Note: Enter times in the %(timezone)s timezone. (You are %(offset)s hour ahead.)"
    ]
    assert ahead == [
        "Obs! Skriv tider i tidszonen %(timezone)s. (Din dator ligger %(offset)s timme före.)",
        "Obs! Skriv tider i tidszonen %(timezone)s. (Din dator ligger %(offset)s timmar före.)",
    ]
