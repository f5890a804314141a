"""`manage.py backup`: the database and the uploaded files, in a new folder under BACKUP_DIR."""

from django.core.management.base import BaseCommand, CommandError

from portal import backups


class Command(BaseCommand):
    help = "Back up the database and the uploaded files into a new folder under BACKUP_DIR."

    def handle(self, *args, **options):
        try:
            folder = backups.backup()
        except backups.BackupError as error:
            raise CommandError(error) from None
        manifest = backups.read_manifest(folder)
        tables = manifest["database"]["tables"]
        self.stdout.write(
            f"Backup written to {folder}: {len(tables)} tables, {sum(tables.values())} rows, "
            f"{manifest['media']['files']} uploaded files."
        )
