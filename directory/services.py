"""Every act on representatives' accounts that sends mail: one function each.

Each queues its mail with the change that owes it (portal.emails.queue), so a rolled-back
change never sends a link.
"""

from django.db import transaction

from directory import tasks
from directory.models import Representative
from portal import emails


def invite(representative: Representative) -> None:
    """Send the representative a link to choose a password; a link sent before stops working.

    Invitation links are signed over the account's password, which is unusable until one is
    chosen: a new unusable one ends every older link.
    """
    with transaction.atomic():
        user = representative.user
        if not user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
        emails.queue(tasks.send_invitation, representative.pk)


def send_password_reset(users, language: str) -> None:
    """Send a link to choose a new password to `users`, in the language the person asked in.

    Queued even when `users` is empty, so an address that is no one's costs the page the same
    work and time as one that is someone's: the answer tells nothing about who has an account.
    """
    emails.queue(tasks.send_password_reset, [user.pk for user in users], language)
