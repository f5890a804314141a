"""The benchmark's directory: users, organisations, groups, representatives, themes."""

from datetime import datetime, time

from django.contrib.auth import get_user_model
from django.utils.text import slugify

from devtools.benchmark.scale import JOINT_GROUP_SLUG, WORDS
from directory.models import Group, Organisation, Representative
from ideas.models import Theme
from portal.dates import zone


class DirectoryRows:
    """The loader's part that fills the directory (devtools/benchmark/dataset.py)."""

    def _directory(self) -> int:
        rng = self._rng("directory")
        n_orgs, n_groups = self.n["organisations"], self.n["groups"]
        combos = [
            f"{kind} {district}"
            for kind in WORDS["organisation_kinds"]
            for district in WORDS["districts"]
        ]
        rng.shuffle(combos)
        names = ["Socialförvaltningen", "Region Skåne"]
        while len(names) < n_orgs:
            i = len(names) - 2
            names.append(
                combos[i % len(combos)] + (f" {i // len(combos) + 1}" if i >= len(combos) else "")
            )
        kinds = [Organisation.Kind.DEPARTMENT, Organisation.Kind.REGION] + [
            Organisation.Kind.OTHER if rng.random() < 0.05 else Organisation.Kind.USER_ORGANISATION
            for _ in names[2:]
        ]
        self.user_orgs = [
            i + 1 for i, kind in enumerate(kinds) if kind == Organisation.Kind.USER_ORGANISATION
        ]
        if not self.user_orgs:
            self.user_orgs = [n_orgs]
            kinds[-1] = Organisation.Kind.USER_ORGANISATION
        rows = self._copy(
            Organisation,
            "id name slug kind description website contact_name contact_email contact_phone",
            (
                (
                    i + 1,
                    name,
                    slugify(name),
                    kind,
                    self._text(rng, 1, 3),
                    f"https://{slugify(name)}.example.org/",
                    self._person(rng),
                    f"kontakt@{slugify(name)}.example.org",
                    self._phone(rng),
                )
                for i, (name, kind) in enumerate(zip(names, kinds, strict=True))
            ),
        )

        labels = [
            (kind, f"{label} {district}")
            for kind, label in WORDS["group_kinds"]
            for district in WORDS["districts"]
        ]
        rng.shuffle(labels)
        self.groups = [(Group.Kind.JOINT_DEVELOPMENT, "Gemensam utvecklingsgrupp")]
        while len(self.groups) < n_groups:
            i = len(self.groups) - 1
            kind, name = labels[i % len(labels)]
            self.groups.append(
                (kind, name + (f" {i // len(labels) + 1}" if i >= len(labels) else ""))
            )
        self.group_names = [name for _kind, name in self.groups]
        self.group_slugs = [JOINT_GROUP_SLUG] + [slugify(name) for _k, name in self.groups[1:]]
        # Innovation groups raise more ideas; the joint group most of all.
        self.idea_weights = [12] + [
            4 if kind == "innovation" else 1 for kind, _n in self.groups[1:]
        ]
        # One group in seven keeps no minutes, like a drop-in user group.
        self.keeps_minutes = [i == 0 or i % 7 != 3 for i in range(n_groups)]
        rows += self._copy(
            Group,
            "id name slug kind summary easy_read why who where when proposals contact_name "
            "contact_role contact_phone contact_email",
            (
                (
                    i + 1,
                    name,
                    self.group_slugs[i],
                    kind,
                    self._text(rng, 1, 1),
                    WORDS["group_easy_read"] if i % 5 == 0 else "",
                    self._text(rng, 2, 4),
                    self._text(rng, 1, 2),
                    rng.choice(WORDS["places"]),
                    "Varannan månad, kl. 13.00–15.00.",
                    self._text(rng, 1, 3),
                    self._person(rng),
                    rng.choice(WORDS["roles"]),
                    "042-10 50 00",
                    f"{self.group_slugs[i][:40]}@example.org",
                )
                for i, (kind, name) in enumerate(self.groups)
            ),
        )
        self.group_orgs: list[list[int]] = []
        for i in range(n_groups):
            size = min(len(self.user_orgs), 10 if i == 0 else rng.randint(3, 10))
            self.group_orgs.append([1, *rng.sample(self.user_orgs, size)] + ([2] if i == 0 else []))
        rows += self._copy(
            Group.organisations.through,
            "group_id organisation_id",
            ((g + 1, org) for g, orgs in enumerate(self.group_orgs) for org in orgs),
        )

        # A staff user records the trail and moderates; two representatives per organisation.
        self.staff = 1
        self.representatives: list[tuple[int, int]] = []  # (user, organisation)
        second: list[tuple[int, int]] = []
        for n, org in enumerate(self.user_orgs * 2):
            self.representatives.append((n + 2, org))
            if rng.random() < 0.1:
                second.append((n + 1, rng.choice(self.user_orgs)))
        joined = datetime.combine(self.first_day, time(9), zone())
        users = [
            (
                1,
                "!bench",
                None,
                False,
                "bench-redaktor",
                "Bench",
                "Redaktör",
                "bench-redaktor@example.org",
                True,
                True,
                joined,
            )
        ]
        for user, _org in self.representatives:
            first, last = rng.choice(WORDS["first_names"]), rng.choice(WORDS["last_names"])
            users.append(
                (
                    user,
                    "!bench",
                    None,
                    False,
                    f"representant{user}",
                    first,
                    last,
                    f"representant{user}@example.org",
                    False,
                    True,
                    joined,
                )
            )
        rows += self._copy(
            get_user_model(),
            "id password last_login is_superuser username first_name last_name email is_staff "
            "is_active date_joined",
            users,
        )
        notify = [choice.value for choice in Representative.Notify]
        rows += self._copy(
            Representative,
            "id user_id notify invited_at",
            (
                (n + 1, user, rng.choice(notify), joined)
                for n, (user, _o) in enumerate(self.representatives)
            ),
        )
        memberships = {(n + 1, org) for n, (_u, org) in enumerate(self.representatives)}
        memberships.update(second)
        rows += self._copy(
            Representative.organisations.through,
            "representative_id organisation_id",
            sorted(memberships),
        )
        rows += self._copy(
            Theme,
            "id name slug",
            ((i + 1, name, slugify(name)) for i, name in enumerate(WORDS["themes"])),
        )
        return rows
