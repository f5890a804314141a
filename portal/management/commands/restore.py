"""`manage.py restore FOLDER`: a backup into an empty database and an empty media folder."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from portal import backups


class Command(BaseCommand):
    help = "Restore a backup folder into an empty database and an empty media folder."

    def add_arguments(self, parser):
        parser.add_argument("folder", type=Path, help="a folder that `manage.py backup` wrote")

    def handle(self, *args, folder: Path, **options):
        try:
            manifest = backups.restore(folder)
        except backups.BackupError as error:
            raise CommandError(error) from None
        self.stdout.write(
            f"Restored {folder} (made {manifest['created_at']}) into "
            f"{backups.describe_database()}: every table has the rows the backup counted; "
            f"{manifest['media']['files']} files into {settings.MEDIA_ROOT}."
        )
