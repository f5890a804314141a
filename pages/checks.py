"""What a production site must have before it answers visitors (`check --deploy`)."""

from django.conf import settings
from django.core import checks


@checks.register(checks.Tags.security, deploy=True)
def accessibility_reports_have_a_recipient(app_configs, **kwargs):
    """The accessibility statement's form must reach someone: the law promises an answer."""
    if settings.ACCESSIBILITY_CONTACT_EMAILS or settings.ADMINS:
        return []
    return [
        checks.Error(
            "No address receives the reports sent from the accessibility statement's form.",
            hint="Set ACCESSIBILITY_CONTACT_EMAILS (or ADMINS) to the staff who answer them.",
            id="pages.E001",
        )
    ]
