"""Every act on representatives' accounts that sends mail: one function each.

Each queues its mail after the commit, so a rolled-back change never sends a link.
"""

from functools import partial

from django.db import transaction

from directory import tasks
from directory.models import Representative


def invite(representative: Representative) -> None:
    """Send the representative a link to choose a password (again, if one was sent before)."""
    transaction.on_commit(partial(tasks.send_invitation.enqueue, representative.pk))


def send_password_reset(user, language: str) -> None:
    """Send a link to choose a new password, in the language the person asked in."""
    transaction.on_commit(partial(tasks.send_password_reset.enqueue, user.pk, language))
