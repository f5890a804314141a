from django.core.management.base import BaseCommand

from alerts import services
from alerts.models import UNCONFIRMED_DAYS


class Command(BaseCommand):
    help = (
        f"Deletes the e-mail alerts not confirmed within {UNCONFIRMED_DAYS} days, and the "
        "addresses left without any. Run it once a day."
    )

    def handle(self, *args, **options):
        deleted = services.delete_unconfirmed()
        self.stdout.write(f"{deleted} unconfirmed address(es) deleted.")
