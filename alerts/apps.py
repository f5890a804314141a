from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AlertsConfig(AppConfig):
    name = "alerts"
    verbose_name = _("E-mail alerts")

    def ready(self):
        # The receivers of the ideas' and the meetings' signals (apps that may not import this).
        from alerts import receivers  # noqa: F401
