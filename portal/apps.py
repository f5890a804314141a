from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    """Site-wide code that every app shares; it imports none of them."""

    name = "portal"
    verbose_name = _("Portal")
