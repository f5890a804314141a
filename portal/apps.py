from django.apps import AppConfig


class PortalConfig(AppConfig):
    """Site-wide code that every app shares; it imports none of them."""

    name = "portal"
