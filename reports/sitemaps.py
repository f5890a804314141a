"""The list of reports and each report that has started, for search engines."""

from django.urls import reverse

from portal.sitemaps import PortalSitemap
from reports.periods import Period, first_year, started_periods


class ReportSitemap(PortalSitemap):
    def items(self):
        return ["index", *started_periods(first_year())]

    def location(self, item) -> str:
        return reverse("reports:index") if item == "index" else item.get_absolute_url()

    def lastmod(self, item):
        # A closed report changes only through corrections; an open one every day.
        if isinstance(item, Period) and item.closed:
            return item.closes_on
        return None
