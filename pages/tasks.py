"""The accessibility report, e-mailed to staff by the worker rather than while the page answers."""

import logging

from django.conf import settings
from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from pages.models import AccessibilityStatement
from portal import emails
from portal.http import absolute

logger = logging.getLogger(__name__)


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
    report = {"description": description, "page": page, "name": name, "email": email}
    with emails.in_language():
        message = emails.build(
            to=to,
            reply_to=[email] if email else None,
            subject=_("Accessibility problem reported on %(site_name)s")
            % {"site_name": settings.SITE_NAME},
            template="pages/email/accessibility_report.txt",
            context={
                **report,
                "language": dict(settings.LANGUAGES).get(language, language),
                "statement_link": absolute(reverse("pages:statement")),
            },
        )
    if not emails.send(message, recipient="the accessibility contacts", attempt=attempt):
        emails.retry(
            send_accessibility_report,
            attempt,
            failed="the accessibility contacts",
            language=language,
            **report,
        )
