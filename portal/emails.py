"""Every e-mail the portal sends: built from a template, sent, and tried again when it fails.

An app's tasks.py says what to send to whom; this module renders the message, sends it, and when
the mail server or the network fails, enqueues the same task again with a delay, up to
MAX_ATTEMPTS runs in all. Log lines name the recipient by user id or by what the mail was, never
by address: an address is personal data.
"""

import enum
import logging
import re
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django_tasks_db.backend import DatabaseBackend

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# The second attempt waits this long, the third twice as long.
RETRY_DELAY = timedelta(minutes=10)


def queue(task, *args, **kwargs) -> None:
    """Queue a mail task as part of the act that owes it: both are kept, or neither is.

    The task queue lives in the portal's own database (django-tasks-db), so the task's row is
    written in the act's transaction and the worker sees it only once the act is committed. A
    failure to queue rolls the act back, so a visitor is never told "try again" about a comment
    that was saved. A backend that runs tasks elsewhere or at once (the tests' immediate backend)
    is called after the commit instead, so it never mails about something rolled back.
    """
    if isinstance(task.get_backend(), DatabaseBackend):
        task.enqueue(*args, **kwargs)
    else:
        transaction.on_commit(lambda: task.enqueue(*args, **kwargs))


def in_language(language: str | None = None):
    """Write the mail in `language`, by default the portal's first language (Swedish)."""
    return translation.override(language or settings.LANGUAGE_CODE)


def build(
    *, to: list[str], subject: str, template: str, context: dict, reply_to: list[str] | None = None
) -> EmailMessage:
    """A plain-text mail from `template`; call it inside in_language() for the right language."""
    body = render_to_string(
        template, {"site_name": settings.SITE_NAME, "site_url": settings.SITE_URL, **context}
    )
    return EmailMessage(
        # A title with a line break must not break the header.
        subject=" ".join(subject.split()),
        body=re.sub(r"\n{3,}", "\n\n", body).strip() + "\n",
        to=to,
        reply_to=reply_to,
        headers={"Auto-Submitted": "auto-generated"},
    )


class Outcome(enum.Enum):
    SENT = "sent"
    # Worth trying again later: the server or the network failed.
    TEMPORARY = "temporary"
    # The server refused the recipient or the message (an SMTP 5xx answer): trying again the
    # same way will not help.
    PERMANENT = "permanent"


def send(message: EmailMessage, *, recipient: str, attempt: int) -> bool:
    """Send `message`; on failure log it as to `recipient` (e.g. "user 12") and return False."""
    return deliver(message, recipient=recipient, attempt=attempt) is Outcome.SENT


def deliver(message: EmailMessage, *, recipient: str, attempt: int) -> Outcome:
    """Send `message` and say whether it went, or failed for now or for good; log failures."""
    try:
        message.send()
    except OSError as error:  # smtplib.SMTPException and network errors alike
        # The error's class and SMTP code but not its text, which may hold the e-mail address.
        reason = f"{type(error).__name__} {getattr(error, 'smtp_code', '')}".strip()
        logger.warning(
            "Could not send e-mail to %s (attempt %d of %d): %s",
            recipient,
            attempt,
            MAX_ATTEMPTS,
            reason,
        )
        return Outcome.PERMANENT if _refused(error) else Outcome.TEMPORARY
    return Outcome.SENT


def _refused(error: OSError) -> bool:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(500 <= code < 600 for code in codes)
    return 500 <= getattr(error, "smtp_code", 0) < 600


def retry(task, attempt: int, *args, failed: str, **kwargs) -> None:
    """Enqueue `task` again with the next attempt number and a delay, or give up after the last.

    `failed` says in the log who was not reached, e.g. "users 3, 7".
    """
    if attempt >= MAX_ATTEMPTS:
        logger.error("Gave up %s after %d attempts; not sent to %s", task.name, attempt, failed)
        return
    # A backend that cannot wait (the immediate one in tests) tries again at once.
    if task.get_backend().supports_defer:
        task = task.using(run_after=timezone.now() + RETRY_DELAY * attempt)
    task.enqueue(*args, attempt=attempt + 1, **kwargs)


def users(pks: list[int]) -> str:
    """How the log names users: by id."""
    return ("user " if len(pks) == 1 else "users ") + ", ".join(str(pk) for pk in pks)
