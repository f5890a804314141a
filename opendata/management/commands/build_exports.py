"""Write the open-data files now, as the task worker does after a change (opendata/exports.py)."""

from django.core.management.base import BaseCommand, CommandError

from opendata import exports


class Command(BaseCommand):
    help = "Writes the open-data files (CSV and xlsx) now, unless they hold the current data."

    def handle(self, *args, **options):
        build = exports.build()
        if build is None:
            raise CommandError("Another build is under way; its files will be current.")
        for export in build.exports.values():
            if options["verbosity"] > 0:
                self.stdout.write(f"{export.path} ({export.rows} rows, {export.size} bytes)")
