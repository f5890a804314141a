from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from directory.sitemaps import GroupSitemap, OrganisationSitemap
from directory.views import staff_session
from ideas.sitemaps import IdeaSitemap
from meetings.sitemaps import MeetingSitemap
from pages.sitemaps import AboutSitemap, PageSitemap
from portal.sitemaps import robots_txt, sitemap_index, sitemap_section
from reports.sitemaps import ReportSitemap

SITEMAPS = {
    "sidor": PageSitemap,
    "om": AboutSitemap,
    "moten": MeetingSitemap,
    "ideer": IdeaSitemap,
    "grupper": GroupSitemap,
    "organisationer": OrganisationSitemap,
    "aterrapportering": ReportSitemap,
}

admin.site.site_header = _("Öppna soc – administration")
admin.site.site_title = _("Öppna soc")
admin.site.index_title = _("Content and directory")

urlpatterns = [
    # The admin's "Stay logged in" (templates/directory/_staff_session.html).
    path(f"{settings.ADMIN_PATH}sessionen/", staff_session, name="staff_session"),
    path(settings.ADMIN_PATH, admin.site.urls),
    path("robots.txt", robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        sitemap_section,
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
    path("api/", include("opendata.api_urls")),
]
if settings.BENCH_FLOOR_VIEW:
    from devtools.views import floor

    urlpatterns.append(path("bench/floor/", floor))
urlpatterns += i18n_patterns(
    path("", include("meetings.urls")),
    path("", include("directory.urls")),
    path("", include("ideas.urls")),
    path("", include("search.urls")),
    path("", include("opendata.urls")),
    path("", include("reports.urls")),
    path("", include("pages.urls")),
    path("", include("alerts.urls")),
    prefix_default_language=False,
)

# A database that is unavailable gives a 503 page with Retry-After; other errors the 500 page.
handler500 = "health.views.server_error"
