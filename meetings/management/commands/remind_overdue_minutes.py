from django.core.management.base import BaseCommand

from meetings.tasks import remind_overdue_minutes


class Command(BaseCommand):
    help = (
        "E-mails the editors the meetings held more than MINUTES_OVERDUE_DAYS ago that have no "
        "minutes. Run it once a week; a second run in the same week sends nothing."
    )

    def handle(self, *args, **options):
        # Sent here rather than by the worker, so cron sees it finish; a failed e-mail is
        # retried by the worker.
        sent = remind_overdue_minutes.call()
        self.stdout.write(f"{sent} reminder(s) of late minutes sent.")
