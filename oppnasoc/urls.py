import os

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("Öppna soc – administration")
admin.site.site_title = _("Öppna soc")
admin.site.index_title = _("Content and directory")

urlpatterns = [
    path(os.getenv("ADMIN_PATH", "admin/"), admin.site.urls),
]
urlpatterns += i18n_patterns(
    path("", include("meetings.urls")),
    path("", include("directory.urls")),
    path("", include("ideas.urls")),
    path("", include("pages.urls")),
    prefix_default_language=False,
)
