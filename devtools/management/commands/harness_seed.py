"""`manage.py harness_seed`: the representatives the fault and load tests log in as.

Run after `load_demo` on the harness's throwaway database (devtools/harness/server.py). Prints one
line of JSON: the representatives (user name and organisation), the ideas open for comments, and
the addresses of meetings and groups the clients visit. The password is HARNESS_PASSWORD.
"""

import json
import os

from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import User
from django.core.management.base import BaseCommand, CommandError

from devtools import build
from directory.models import Group, Organisation
from ideas.models import Idea
from meetings.models import Meeting


class Command(BaseCommand):
    help = "Adds representatives with the password HARNESS_PASSWORD; prints what to visit."

    def add_arguments(self, parser):
        parser.add_argument("--representatives", type=int, default=20)

    def handle(self, *args, representatives: int, **options):
        if not os.getenv("HARNESS_PASSWORD"):
            raise CommandError("HARNESS_PASSWORD must be set.")
        organisations = list(
            Organisation.objects.filter(kind=Organisation.Kind.USER_ORGANISATION).order_by("pk")
        )
        made = []
        for n in range(representatives):
            organisation = organisations[n % len(organisations)]
            representative = build.representative(
                f"lasttest-{n}@example.org",
                organisations=[organisation],
                password=None,
                first_name="Last",
                last_name=f"Test {n}",
            )
            made.append((representative.user_id, organisation.pk))
        # Hashed once for all: checking a password is slow on purpose.
        password = make_password(os.environ["HARNESS_PASSWORD"])
        User.objects.filter(pk__in=[user for user, _org in made]).update(password=password)
        ideas = Idea.objects.filter(open_for_comments=True).order_by("pk")
        meetings = Meeting.objects.published().order_by("-pk")
        site = {
            "representatives": [
                {"username": f"lasttest-{n}@example.org", "organisation": organisation}
                for n, (_user, organisation) in enumerate(made)
            ],
            "ideas": [idea.slug for idea in ideas[:20]],
            "meetings": [meeting.get_absolute_url() for meeting in meetings[:20]],
            "groups": [group.get_absolute_url() for group in Group.objects.order_by("pk")],
        }
        self.stdout.write(json.dumps(site))
