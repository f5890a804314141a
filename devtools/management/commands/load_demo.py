"""`manage.py load_demo`: Swedish demo content for an empty database (`make run` calls it).

Organisations, groups and about a year of meetings around today, one of them with real minutes,
ideas from the groups with the status trails of the past year (devtools/demo/, from the files in
devtools/content/demo/), and three demo users (a superuser, an editor and a moderator) whose
passwords are printed once.
"""

import os
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as StaffGroup
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from devtools import build
from devtools.demo.ideas import load_ideas
from devtools.demo.meetings import GROUPS, ORGANISATIONS, load_meetings
from directory.models import Group, Organisation
from ideas.models import Idea, Theme
from meetings.models import Meeting
from portal import roles


class Command(BaseCommand):
    help = "Loads Swedish demo content and demo users into an empty database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing, without an error, when the database already has content.",
        )

    def handle(self, *args, if_empty: bool, **options):
        with transaction.atomic():
            if _has_content():
                if if_empty:
                    self.stdout.write(
                        "Demoinnehållet laddades inte eftersom databasen redan har innehåll. "
                        "Glömt lösenordet? Kör `manage.py changepassword admin`."
                    )
                    return
                raise CommandError(
                    "Databasen har redan innehåll (organisationer, grupper, möten, idéer eller "
                    "användare). Demoinnehållet laddas bara i en tom databas; använd --if-empty "
                    "för att hoppa över utan fel."
                )
            now = timezone.now()
            meetings = load_meetings(now)
            passwords, editor = _create_users()
            ideas = load_ideas(editor, now)

        # Printed only after the commit, so a failed run never shows passwords that do not work.
        self.stdout.write(
            f"Demoinnehåll laddat: {len(ORGANISATIONS)} organisationer, {len(GROUPS)} grupper, "
            f"{meetings} möten och {ideas} idéer."
        )
        admin_url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}{reverse('admin:index')}"
        for username, password in passwords.items():
            self.stdout.write(
                f"Logga in på {admin_url} som {username} med lösenordet {password}  "
                f"(visas bara nu; byt med `manage.py changepassword {username}`)"
            )


def _has_content() -> bool:
    models = (Organisation, Group, Meeting, Theme, Idea, get_user_model())
    return any(model.objects.exists() for model in models)


def _create_users():
    """The superuser `admin`, the editor `redaktor` and the moderator `moderator`, with new
    passwords; and the editor."""
    for role in (roles.EDITOR, roles.MODERATOR):
        if not StaffGroup.objects.filter(name=role).exists():
            raise CommandError(
                f"Behörighetsgruppen {role} saknas. Den skapas av migreringarna; skapa "
                "databasen på nytt och kör `manage.py migrate`."
            )
    passwords = {name: secrets.token_urlsafe(12) for name in ("admin", "redaktor", "moderator")}
    get_user_model().objects.create_superuser("admin", "admin@example.org", passwords["admin"])
    editor = build.editor(
        "redaktor", passwords["redaktor"], first_name="Demo", last_name="Redaktör"
    )
    build.moderator("moderator", passwords["moderator"], first_name="Demo", last_name="Moderator")
    return passwords, editor
