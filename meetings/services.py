"""Every act that changes whether a meeting is public: one function each.

The admin's actions and anything else that publishes call these. Publishing notifies nobody yet;
when it does, the mail is queued here.
"""

from django.db import transaction

from meetings.models import Meeting


def publish_meeting(meeting: Meeting) -> bool:
    """Make a draft public (its publication time is set once); False if it already was."""
    with transaction.atomic():
        if meeting.is_published:
            return False
        meeting.status = Meeting.Status.PUBLISHED
        meeting.save()
    return True


def unpublish_meeting(meeting: Meeting) -> bool:
    """Make a public meeting a draft again, hidden from the public; False if it was a draft."""
    with transaction.atomic():
        if not meeting.is_published:
            return False
        meeting.status = Meeting.Status.DRAFT
        meeting.save()
    return True
