from django.apps import AppConfig


class DevtoolsConfig(AppConfig):
    """Development and benchmark tools; production settings do not install this app."""

    name = "devtools"
    verbose_name = "Development tools"
