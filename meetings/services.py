"""Every act that changes whether a meeting is public: one function each.

The admin's actions and anything else that publishes call these. Minutes that come out are
announced (meetings.signals.minutes_published) in the same transaction, for the e-mail alerts.
Nothing is published before the personal-data check (portal/privacy.py) has found nothing in its
texts, or someone has confirmed each hit.
"""

from django.db import transaction
from django.utils.translation import gettext as _

from meetings import signals
from meetings.models import Meeting
from portal import privacy


def privacy_review(meeting: Meeting) -> privacy.Review:
    """The personal-data check of everything the meeting's page shows that staff wrote."""
    return privacy.review(meeting, _texts(meeting))


def publish_meeting(meeting: Meeting, *, by=None, confirm=()) -> bool:
    """Make a draft public (its publication time is set once); False if it already was.

    The hits of the personal-data check whose keys are in `confirm` are recorded as confirmed
    by `by`; if any hit is still unconfirmed, nothing is published and `privacy.NotReviewed`
    says which.
    """
    with transaction.atomic():
        if meeting.is_published:
            return False
        review = privacy_review(meeting)
        if review.pending and by is not None:
            review = privacy.confirm(meeting, review, set(confirm), by=by)
        if review.pending:
            raise privacy.NotReviewed(review)
        meeting.status = Meeting.Status.PUBLISHED
        meeting.save()
        if meeting.has_written_minutes:
            signals.minutes_published.send(sender=Meeting, meeting=meeting)
    return True


def minutes_saved(meeting: Meeting, *, had_minutes: bool) -> None:
    """A meeting was saved: if it is public and now has its first minutes, announce them."""
    if meeting.is_published and not had_minutes and meeting.has_written_minutes:
        signals.minutes_published.send(sender=Meeting, meeting=meeting)


def unpublish_meeting(meeting: Meeting) -> bool:
    """Make a public meeting a draft again, hidden from the public; False if it was a draft."""
    with transaction.atomic():
        if not meeting.is_published:
            return False
        meeting.status = Meeting.Status.DRAFT
        meeting.save()
    return True


def _texts(meeting: Meeting):
    """Where and what: each text of the meeting that its public page shows, in page order. The
    place is left out (a meeting's place is public by design, often an office's address), and
    so are the attendees' names (published on purpose)."""
    yield _("Title"), meeting.title
    yield _("Notice"), meeting.notice
    for number, item in enumerate(meeting.agenda_items.all(), start=1):
        yield _("Item %(number)d, heading") % {"number": number}, item.heading
        yield (
            _("Item %(number)d (%(heading)s), minutes")
            % {
                "number": number,
                "heading": item.heading,
            },
            item.body,
        )
    for link in meeting.links.all():
        yield _("Link"), link.title
    for attachment in meeting.attachments.all():
        yield _("Attachment"), attachment.title
    for attendee in meeting.attendees.all():
        yield _("Attendee's role"), attendee.role
