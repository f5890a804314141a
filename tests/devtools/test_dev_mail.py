"""In development a mail is readable where `make run` runs: decoded, links whole, and kept."""

import os
import re
import subprocess
import sys
from pathlib import Path

from devtools.mail import EmailBackend
from directory.tasks import send_invitation
from tests.factories import make_organisation, make_representative

ROOT = Path(__file__).resolve().parents[2]
# Long enough that an encoded line (at most 76 characters) would break the link.
SITE_URL = "http://utvecklingsmiljo.socialforvaltningen.example.se:8104"


def _dev_mailer(settings, tmp_path):
    settings.SITE_URL = SITE_URL
    settings.MAILERS = {
        "default": {
            "BACKEND": "devtools.mail.EmailBackend",
            "OPTIONS": {"directory": tmp_path / "mail"},
        }
    }


def test_an_invitation_is_printed_decoded_with_its_link_whole(db, settings, tmp_path, capsys):
    _dev_mailer(settings, tmp_path)
    organisation = make_organisation(name="Brukarföreningen Ågården")
    representative = make_representative(
        organisations=[organisation], first_name="Åsa", last_name="Öberg", password=None
    )
    send_invitation.call(representative.pk)

    printed = capsys.readouterr().out
    assert f"To: {representative.user.email}" in printed
    assert "Subject: Inbjudan till Öppna soc" in printed
    assert "Hej Åsa Öberg!" in printed
    assert "Brukarföreningen Ågården" in printed
    assert "=C3" not in printed and "=\n" not in printed
    # The link stands alone and whole on its line: it can be copied or clicked from the terminal.
    link = re.search(rf"^({re.escape(SITE_URL)}/konto/inbjudan/\S+/\S+/)$", printed, re.M)
    assert link, printed
    assert len(link.group(1)) > 76

    kept = list((tmp_path / "mail").glob("*.txt"))
    assert len(kept) == 1
    assert f"(Sparat i {kept[0]})" in printed
    text = kept[0].read_text(encoding="utf-8")
    assert "Hej Åsa Öberg!" in text
    assert f"\n{link.group(1)}\n" in text


def test_without_a_directory_the_mail_is_only_printed(capsys):
    from django.core.mail import EmailMessage

    message = EmailMessage("Ämne med ö", "Rad ett\nhttps://example.se/" + "a" * 120, to=["a@b.se"])
    assert EmailBackend().send_messages([message]) == 1
    printed = capsys.readouterr().out
    assert "Subject: Ämne med ö" in printed
    assert "https://example.se/" + "a" * 120 + "\n" in printed
    assert "Sparat" not in printed


def _mail_backend(env: dict) -> str:
    code = "from django.conf import settings; print(settings.MAILERS['default']['BACKEND'])"
    unset = ("EMAIL_HOST", "SECRET_KEY", "DEVTOOLS")
    environment = {k: v for k, v in os.environ.items() if k not in unset} | env
    environment["DJANGO_SETTINGS_MODULE"] = "oppnasoc.settings"
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT, env=environment, capture_output=True, text=True, timeout=120, check=True,
    )  # fmt: skip
    return result.stdout.strip()


def test_development_uses_the_readable_backend_and_production_smtp():
    assert _mail_backend({}) == "devtools.mail.EmailBackend"
    assert _mail_backend({"EMAIL_HOST": "smtp.example.se"}) == (
        "django.core.mail.backends.smtp.EmailBackend"
    )


def test_make_run_says_where_the_mail_goes():
    run = (ROOT / "Makefile").read_text().split("\nrun:")[1].split("\n\n")[0]
    assert "var/mail/" in run
    assert "/var/" in (ROOT / ".gitignore").read_text().splitlines()
