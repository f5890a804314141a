"""Every text of the interface has a Swedish translation, and the compiled catalogue is current.

The interface is written in English and translated in locale/sv/LC_MESSAGES/django.po. These
tests run Django's own makemessages on the code as it is, into a copy of that file, so a string
added to the code or a template without a Swedish translation fails here rather than showing up
in English on a Swedish page.
"""

import ast
import gettext
import shutil
import subprocess

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import override_settings

PO = settings.BASE_DIR / "locale" / "sv" / "LC_MESSAGES" / "django.po"
MO = PO.with_suffix(".mo")
# What `make messages` leaves out, and what is not source: the catalogue itself is copied.
NOT_SOURCE = {".venv", "staticfiles", "media", "locale", "node_modules"}

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ["xgettext", "msgmerge", "msgfmt"]),
    reason="needs GNU gettext (apt install gettext), as `make messages` does",
)


def _entries(path) -> list[dict]:
    """The entries of a .po file that are in use (not obsolete), header included."""
    entries = []
    for block in path.read_text(encoding="utf-8").split("\n\n"):
        entry = {"flags": set(), "msgid": None, "msgstr": {}}
        field = None
        obsolete = False
        for line in block.strip().splitlines():
            if line.startswith("#~"):
                obsolete = True
            elif line.startswith("#,"):
                entry["flags"].update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif line.startswith('"'):
                _append(entry, field, ast.literal_eval(line))
            else:
                field, _, value = line.partition(" ")
                _append(entry, field, ast.literal_eval(value))
        if entry["msgid"] is not None and not obsolete:
            entries.append(entry)
    return entries


def _append(entry: dict, field: str, text: str) -> None:
    if field.startswith("msgstr"):
        entry["msgstr"][field] = entry["msgstr"].get(field, "") + text
    else:
        entry[field] = (entry.get(field) or "") + text


def _problems(entries: list[dict]) -> list[str]:
    problems = []
    for entry in entries:
        if entry["msgid"] == "":
            continue  # the catalogue's header
        name = entry["msgid"] if len(entry["msgid"]) <= 80 else entry["msgid"][:77] + "..."
        if "fuzzy" in entry["flags"]:
            problems.append(f"fuzzy (check it and remove the flag): {name!r}")
        elif not entry["msgstr"] or not all(entry["msgstr"].values()):
            problems.append(f"no Swedish translation: {name!r}")
    return problems


@pytest.fixture(scope="module")
def catalogue_from_the_code(tmp_path_factory):
    """The committed catalogue as `make messages` would update it from today's code.

    makemessages writes into the locale folder nearest each source file, so it runs in a
    temporary folder that links to the project's sources and holds a copy of the catalogue.
    """
    root = tmp_path_factory.mktemp("messages")
    for entry in settings.BASE_DIR.iterdir():
        if entry.name not in NOT_SOURCE and not entry.name.startswith("."):
            (root / entry.name).symlink_to(entry)
    copy = root / PO.relative_to(settings.BASE_DIR)
    copy.parent.mkdir(parents=True)
    shutil.copy(PO, copy)
    with pytest.MonkeyPatch.context() as patch, override_settings(LOCALE_PATHS=[root / "locale"]):
        patch.chdir(root)
        call_command("makemessages", locale=["sv"], symlinks=True, verbosity=0)
    return copy


def test_every_text_in_the_code_has_a_swedish_translation(catalogue_from_the_code):
    entries = _entries(catalogue_from_the_code)
    assert len(entries) > 400, "the catalogue was not read"
    problems = _problems(entries)
    assert not problems, (
        f"{len(problems)} texts lack a Swedish translation. Run `make messages`, translate them "
        f"in {PO.relative_to(settings.BASE_DIR)} and run `make messages` again:\n"
        + "\n".join(problems)
    )


def test_compiled_catalogue_matches_the_po_file(tmp_path):
    """django.mo is what compilemessages makes of django.po today.

    The contents are compared rather than the files' times: git does not keep modification
    times, so a fresh checkout may leave either file the newer one.
    """
    compiled = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", compiled, PO], check=True)
    with compiled.open("rb") as fresh, MO.open("rb") as committed:
        expected = gettext.GNUTranslations(fresh)._catalog
        actual = gettext.GNUTranslations(committed)._catalog
    stale = sorted(
        str(key) for key in expected.keys() | actual.keys() if expected.get(key) != actual.get(key)
    )
    assert not stale, (
        f"{MO.relative_to(settings.BASE_DIR)} is out of date with the .po file: run "
        "`make messages` (or `manage.py compilemessages`) and commit both. Differs in:\n"
        + "\n".join(stale[:20])
    )


def test_parser_finds_untranslated_and_fuzzy_entries(tmp_path):
    po = tmp_path / "django.po"
    po.write_text(
        'msgid ""\nmsgstr ""\n"Language: sv\\n"\n\n'
        '#: a.py:1\nmsgid "Done"\nmsgstr "Klart"\n\n'
        '#: a.py:2\nmsgid ""\n"Not "\n"yet"\nmsgstr ""\n\n'
        '#, fuzzy\nmsgid "Guess"\nmsgstr "Gissning"\n\n'
        'msgid "one idea"\nmsgid_plural "%d ideas"\nmsgstr[0] "en idé"\nmsgstr[1] ""\n\n'
        '#~ msgid "Old"\n#~ msgstr ""\n',
        encoding="utf-8",
    )
    assert _problems(_entries(po)) == [
        "no Swedish translation: 'Not yet'",
        "fuzzy (check it and remove the flag): 'Guess'",
        "no Swedish translation: 'one idea'",
    ]
