"""The development mail backend: each mail printed as a person reads it, and kept as a file.

Django's console backend prints the encoded message: quoted-printable text in which å, ä and ö
are =C3=A5 and a long link is broken across lines with "=", so an invitation link cannot be
copied from it. This prints the headers that matter and the plain-text body as it was written,
with every link whole, and writes the same text to a file in `directory` (var/mail/ in
`make run`), one file a mail. Settings use it when no EMAIL_HOST is set and devtools is installed.
"""

import sys
import threading
from datetime import datetime
from pathlib import Path

from django.core.mail import EmailMessage
from django.core.mail.backends.base import BaseEmailBackend

RULE = "-" * 79


class EmailBackend(BaseEmailBackend):
    """Prints each mail decoded and keeps a copy under `directory`, when one is given."""

    def __init__(self, *, directory: str | Path | None = None, stream=None, **kwargs):
        super().__init__(**kwargs)
        self.directory = Path(directory) if directory else None
        self.stream = stream or sys.stdout
        self._lock = threading.Lock()

    def send_messages(self, email_messages) -> int:
        sent = 0
        with self._lock:
            for message in email_messages:
                text = readable(message)
                where = self._keep(text, sent) if self.directory else None
                self.stream.write(f"{RULE}\n{text}")
                if where:
                    self.stream.write(f"(Sparat i {where})\n")
                self.stream.write(f"{RULE}\n")
                self.stream.flush()
                sent += 1
        return sent

    def _keep(self, text: str, number: int) -> Path:
        assert self.directory is not None
        self.directory.mkdir(parents=True, exist_ok=True)
        stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        path = self.directory / f"{stamp}-{number}.txt"
        path.write_text(text, encoding="utf-8")
        return path


def readable(message: EmailMessage) -> str:
    """The mail's sender, recipients, subject and plain-text body, as written (no encoding)."""
    lines = [f"From: {message.from_email}", f"To: {', '.join(message.to)}"]
    for label, addresses in (("Cc", message.cc), ("Bcc", message.bcc)):
        if addresses:
            lines.append(f"{label}: {', '.join(addresses)}")
    if message.reply_to:
        lines.append(f"Reply-To: {', '.join(message.reply_to)}")
    lines.append(f"Subject: {message.subject}")
    for attachment in message.attachments:
        if hasattr(attachment, "get_filename"):  # a MIME part rather than (filename, …)
            name = attachment.get_filename()
        else:
            name = attachment.filename
        name = name or "(utan namn)"
        lines.append(f"Bilaga: {name}")
    if getattr(message, "alternatives", None):
        lines.append("(Har också en HTML-version, som inte visas här.)")
    body = message.body if message.body.endswith("\n") else message.body + "\n"
    return "\n".join(lines) + "\n\n" + body
