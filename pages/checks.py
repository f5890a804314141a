"""What a production site must have before it answers visitors (`check --deploy`)."""

from urllib.parse import urlsplit

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


@checks.register(checks.Tags.security)
def embed_origins_are_origins(app_configs, **kwargs):
    """EMBED_ORIGINS goes into the frame-ancestors of a CSP header: a path, a wildcard or a
    missing scheme there would allow frames nobody meant to allow, or none at all."""
    errors = []
    for origin in settings.EMBED_ORIGINS:
        parts = urlsplit(origin)
        if (
            parts.scheme not in ("https", "http")
            or not parts.hostname
            or "*" in origin
            or parts.path not in ("", "/")
            or parts.query
            or parts.fragment
            or parts.username
        ):
            errors.append(
                checks.Error(
                    f"EMBED_ORIGINS holds {origin!r}, which is not an origin.",
                    hint="Write each as scheme and host, such as https://www.kommun.se.",
                    id="pages.E002",
                )
            )
    return errors
