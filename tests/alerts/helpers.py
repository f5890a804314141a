"""Asking for alerts and following the links in their mail, as a visitor does."""

import re

from django.core import mail

LINK = re.compile(r"https?://[^/\s]+(/(?:en/)?bevakning/(bekrafta|avsluta|hantera)/[^/\s]+/)")


def links(message) -> dict[str, str]:
    """The paths of the alerts' links in a message: {"bekrafta": …, "avsluta": …, "hantera": …}."""
    return {kind: path for path, kind in LINK.findall(message.body)}


def ask(client, capture, path: str, email: str, **data):
    """Post the form at `path` and run what the request queued; returns the answer."""
    with capture(execute=True):
        return client.post(path, {"email": email, **data})


def ask_and_confirm(client, capture, path: str, email: str, **data):
    """Ask, then open the confirmation link from the mail and press the button."""
    before = len(mail.outbox)
    ask(client, capture, path, email, **data)
    [message] = mail.outbox[before:]
    with capture(execute=True):
        answer = client.post(links(message)["bekrafta"])
    assert answer.status_code == 200
    return message
