"""The accessibility report, e-mailed to staff by the worker rather than while the page answers."""

import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pages.models import AccessibilityStatement

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
RETRY_DELAY = timedelta(minutes=10)


def recipients() -> list[str]:
    """ACCESSIBILITY_CONTACT_EMAILS, else the ADMINS, else the statement's contact e-mail."""
    if settings.ACCESSIBILITY_CONTACT_EMAILS:
        return list(settings.ACCESSIBILITY_CONTACT_EMAILS)
    # ADMINS holds addresses since Django 6.0; (name, address) pairs are still accepted.
    admins = [a if isinstance(a, str) else a[1] for a in settings.ADMINS]
    if admins:
        return admins
    statement = AccessibilityStatement.objects.exclude(contact_email="").first()
    return [statement.contact_email] if statement else []


@task
def send_accessibility_report(
    *, description: str, page: str, name: str, email: str, language: str, attempt: int = 1
) -> None:
    """E-mail a visitor's report to the staff, in Swedish, with Reply-To the visitor if given."""
    to = recipients()
    if not to:
        logger.error("An accessibility report could not be sent: no address to send it to")
        return
    with translation.override(settings.LANGUAGE_CODE):
        subject = _("Accessibility problem reported on %(site_name)s") % {
            "site_name": settings.SITE_NAME
        }
        body = render_to_string(
            "pages/email/accessibility_report.txt",
            {
                "description": description,
                "page": page,
                "name": name,
                "email": email,
                "language": dict(settings.LANGUAGES).get(language, language),
                "statement_link": settings.SITE_URL + reverse("pages:statement"),
                "site_name": settings.SITE_NAME,
            },
        )
    message = EmailMessage(
        subject=subject,
        body=body.strip() + "\n",
        to=to,
        reply_to=[email] if email else None,
        headers={"Auto-Submitted": "auto-generated"},
    )
    try:
        message.send()
    except OSError as error:  # smtplib.SMTPException and network errors alike
        # The error's class and SMTP code but not its text, which may hold an e-mail address.
        reason = f"{type(error).__name__} {getattr(error, 'smtp_code', '')}".strip()
        if attempt >= MAX_ATTEMPTS:
            logger.error("Gave up an accessibility report after %d attempts: %s", attempt, reason)
            return
        logger.warning(
            "Could not send an accessibility report (attempt %d of %d): %s",
            attempt,
            MAX_ATTEMPTS,
            reason,
        )
        retried = send_accessibility_report
        # A backend that cannot wait (the immediate one in tests) tries again at once.
        if retried.get_backend().supports_defer:
            retried = retried.using(run_after=timezone.now() + RETRY_DELAY * attempt)
        retried.enqueue(
            description=description,
            page=page,
            name=name,
            email=email,
            language=language,
            attempt=attempt + 1,
        )
