from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PagesConfig(AppConfig):
    name = "pages"
    verbose_name = _("Pages about the portal")

    def ready(self):
        from pages import checks  # noqa: F401  (registers the checks)
