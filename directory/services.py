"""Every act on representatives' accounts that sends mail: one function each.

Each queues its mail with the change that owes it (portal.emails.queue), so a rolled-back
change never sends a link.
"""

from directory import tasks
from directory.models import Representative
from portal import emails


def invite(representative: Representative) -> None:
    """Send the representative a link to choose a password (again, if one was sent before)."""
    emails.queue(tasks.send_invitation, representative.pk)


def send_password_reset(user, language: str) -> None:
    """Send a link to choose a new password, in the language the person asked in."""
    emails.queue(tasks.send_password_reset, user.pk, language)
