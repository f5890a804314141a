"""The acts of ideas and meetings that owe alerts: each queues its task in the act's transaction.

Connected in AlertsConfig.ready(); ideas and meetings send the signals without knowing of this
app, which the direction of imports forbids them to import.
"""

from django.dispatch import receiver

from alerts import tasks
from ideas.signals import comment_approved, next_step_recorded, status_recorded
from meetings.signals import minutes_published
from portal import emails


@receiver(status_recorded, dispatch_uid="alerts.status_recorded")
def _status_recorded(sender, change, **kwargs) -> None:
    emails.queue(tasks.alert_status_change, change.pk)


@receiver(next_step_recorded, dispatch_uid="alerts.next_step_recorded")
def _next_step_recorded(sender, step, **kwargs) -> None:
    emails.queue(tasks.alert_next_step, step.pk)


@receiver(comment_approved, dispatch_uid="alerts.comment_approved")
def _comment_approved(sender, comment, **kwargs) -> None:
    emails.queue(tasks.alert_comment, comment.pk)


@receiver(minutes_published, dispatch_uid="alerts.minutes_published")
def _minutes_published(sender, meeting, **kwargs) -> None:
    emails.queue(tasks.alert_minutes, meeting.pk)
