"""The weekly e-mail about meetings whose minutes are late: what, and to whom.

`manage.py remind_overdue_minutes` runs it once a week (docs/operations.md); the worker retries
an e-mail that could not be sent (portal/emails.py).
"""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import ngettext

from meetings.models import Meeting, MinutesReminder
from portal import emails
from portal.http import absolute

User = get_user_model()


def editors():
    """The staff who may change meetings, and so write their minutes: the Redaktör role, anyone
    given the permission by hand, and superusers; only those with an e-mail address."""
    may_change = (
        Q(is_superuser=True)
        | Q(
            groups__permissions__codename="change_meeting",
            groups__permissions__content_type__app_label="meetings",
        )
        | Q(
            user_permissions__codename="change_meeting",
            user_permissions__content_type__app_label="meetings",
        )
    )
    return (
        User.objects.filter(may_change, is_active=True, is_staff=True)
        .exclude(email="")
        .distinct()
        .order_by("pk")
    )


def _recipients(meetings: list[Meeting]) -> dict[str, tuple[str, list[Meeting]]]:
    """Each address, how the log names it, and the late meetings it is told of.

    A group named in MINUTES_REMINDER_EMAILS is told to those addresses only; the others to
    every editor, since an editor edits every group's meetings.
    """
    staff = [(user.email, emails.users([user.pk])) for user in editors()]
    recipients: dict[str, tuple[str, list[Meeting]]] = {}
    for meeting in meetings:
        named = settings.MINUTES_REMINDER_EMAILS.get(meeting.group.slug)
        if named is not None:
            to = [(address, "an address in MINUTES_REMINDER_EMAILS") for address in named]
        else:
            to = staff
        for address, label in to:
            recipients.setdefault(address.lower(), (label, []))[1].append(meeting)
    return recipients


@task
def remind_overdue_minutes(attempt: int = 1, addresses: list[str] | None = None) -> int:
    """Send each editor one e-mail listing the meetings whose minutes are late, once a week.

    Returns how many e-mails were sent. A second run in the same week (Monday to Sunday) sends
    nothing; `addresses` limits a retry to those whose e-mail failed.
    """
    if addresses is None:
        today = timezone.localdate()
        _, first_run = MinutesReminder.objects.get_or_create(
            week=today - timedelta(days=today.weekday())
        )
        if not first_run:
            return 0
    late = list(
        Meeting.objects.minutes_overdue().select_related("group").order_by("starts_at", "pk")
    )
    sent, failed = 0, []
    for address, (label, meetings) in sorted(_recipients(late).items()):
        if addresses is not None and address not in addresses:
            continue
        if emails.send(_email(address, meetings), recipient=label, attempt=attempt):
            sent += 1
        else:
            failed.append(address)
    if failed:
        emails.retry(
            remind_overdue_minutes,
            attempt,
            failed=f"{len(failed)} recipient(s) of the late minutes",
            addresses=failed,
        )
    return sent


def _email(address: str, meetings: list[Meeting]):
    with emails.in_language():
        subject = ngettext(
            "The minutes of %(count)d meeting are late",
            "The minutes of %(count)d meetings are late",
            len(meetings),
        ) % {"count": len(meetings)}
        late = [
            {
                "meeting": meeting,
                "link": absolute(reverse("admin:meetings_meeting_change", args=[meeting.pk])),
            }
            for meeting in meetings
        ]
        return emails.build(
            to=[address],
            subject=subject,
            template="meetings/email/overdue_minutes.txt",
            context={
                "late": late,
                "days": settings.MINUTES_OVERDUE_DAYS,
                "admin_link": absolute(reverse("admin:index")),
            },
        )
