from django.core.management.base import BaseCommand

from ideas.tasks import send_daily_digest


class Command(BaseCommand):
    help = (
        "Sends the daily e-mail to everyone who chose one e-mail a day. Run it once a day; "
        "running it again sends only what has been queued since."
    )

    def handle(self, *args, **options):
        # Sent here rather than by the worker, so cron sees it finish; a failed e-mail is
        # retried by the worker.
        sent = send_daily_digest.call()
        self.stdout.write(f"{sent} digest(s) sent.")
