from django.core.management.base import BaseCommand

from alerts.tasks import send_weekly_digests


class Command(BaseCommand):
    help = (
        "Sends the weekly e-mail alerts to every address that chose one e-mail a week. Run it "
        "once a week; an address gets at most one in six days, however often it runs."
    )

    def handle(self, *args, **options):
        # Sent here rather than by the worker, so cron sees it finish; a failed e-mail is
        # retried by the worker.
        sent = send_weekly_digests.call()
        self.stdout.write(f"{sent} weekly alert(s) sent.")
