"""manage.py import_minutes FILE… --group SLUG [--date …] [--dry-run] [--add-organisations]: an
archive of old minutes (.docx, .odt, .pdf, .txt) made into draft meetings, one per file.

Prints what it made of each file, or why it refused it. A file is a whole draft meeting or
nothing; publishing stays a separate act in the admin.

An attendee whose organisation is not in the directory is left out and named, with the reason,
unless --add-organisations is given. Old minutes name organisations in many ways ("RSMH",
"RSMH Helsingborg") and some no longer exist, and each organisation in the directory has a
public page: an archive run should not fill it unseen. A dry run lists them; staff add those
that belong there, or run with --add-organisations once the list is right.
"""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from directory.models import Group
from meetings.minutes_import import Unreadable, find_date, folded, read_minutes, save_draft


class Command(BaseCommand):
    help = "Imports minutes from .docx, .odt, .pdf or text files as draft meetings."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)
        parser.add_argument("--group", required=True, help="The group's address name (slug).")
        parser.add_argument(
            "--date",
            help="The meeting's date (2026-03-13), when the file and its name hold none.",
        )
        parser.add_argument(
            "--title", default="", help="The meeting's title (default: group and date)."
        )
        parser.add_argument(
            "--dry-run", action="store_true", help="Show what would be made; save nothing."
        )
        parser.add_argument(
            "--add-organisations",
            action="store_true",
            help="Add the attendees' organisations that are not in the directory, as written; "
            "without it, those attendees are left out and named.",
        )

    def handle(self, *args, files, group, date, title, dry_run, add_organisations, **options):
        translation.activate("sv")
        try:
            group = Group.objects.get(slug=group)
        except Group.DoesNotExist:
            raise CommandError(f"Ingen grupp har adressnamnet {group!r}.") from None
        given = find_date(date) if date else None
        if date and given is None:
            raise CommandError(f"{date!r} är inget datum; skriv till exempel 2026-03-13.")
        refused = 0
        self.add_organisations = add_organisations
        self.missing: dict[str, str] = {}  # organisations not in the directory, by folded name
        for path in files:
            try:
                made = self._import(path, group, given, title, dry_run)
            except (OSError, Unreadable, ValidationError) as error:
                refused += 1
                reason = "; ".join(error.messages) if isinstance(error, ValidationError) else error
                self.stderr.write(f"{path}: inte importerad: {reason}")
                continue
            self.stdout.write(made)
        if self.missing and not add_organisations:
            self.stdout.write(
                "Inte i katalogen, deras närvarande utelämnade: "
                + ", ".join(sorted(self.missing.values(), key=str.casefold))
                + ". Lägg till organisationerna och personerna på mötenas sidor, "
                "eller importera med --add-organisations."
            )
        if refused:
            raise CommandError(f"{refused} av {len(files)} filer kunde inte importeras.")

    def _import(self, path: Path, group, given, title: str, dry_run: bool) -> str:
        draft = read_minutes(path.read_bytes(), path.name)
        minutes = draft.minutes
        day = given or find_date(path.stem.replace("_", " "), *minutes.preamble)
        if day is None:
            raise Unreadable("inget datum i filen eller dess namn; ange --date.")
        lines = [f"{path}: {day.isoformat()}, {len(minutes.items)} punkter"]
        lines += [f"  {number}. {item.heading}" for number, item in enumerate(minutes.items, 1)]
        lines += [f"  Inspelning: {label} <{address}>" for label, address in minutes.recordings]
        lines += [self._attendee(*attendee) for attendee in draft.attendees]
        if dry_run:
            lines.append("  (provkörning: inget sparat)")
        else:
            meeting = save_draft(
                draft, group=group, day=day, title=title, add_organisations=self.add_organisations
            )
            lines.append(f"  Sparat som utkast: {meeting.title} (id {meeting.pk})")
        return "\n".join(lines)

    def _attendee(self, name: str, organisation, written: str, role: str) -> str:
        if role:
            name = f"{name} ({role})"
        if organisation is not None:
            return f"  Närvarande: {name}, {organisation.name}"
        if not written:
            return f"  Utelämnad: {name}: ingen organisation angiven"
        if self.add_organisations:
            return f"  Närvarande: {name}, {written} (läggs till i katalogen)"
        self.missing.setdefault(folded(written), written)
        return f"  Utelämnad: {name}, {written}: organisationen finns inte i katalogen"
