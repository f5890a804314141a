"""An Atom feed of the reports: each report is an entry once it has closed."""

from datetime import datetime, time

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _

from portal.dates import zone
from portal.feeds import AtomFeed, tag_uri
from reports.periods import Period, closed_periods, first_year

FEED_REPORTS = 20


class ReportFeed(AtomFeed):
    def title(self) -> str:
        return _("Report-back on the proposals – Öppna soc")

    def subtitle(self) -> str:
        return _("A new report every half-year and every year, when the period has closed.")

    def link(self) -> str:
        return reverse("reports:index")

    def items(self):
        return closed_periods(first_year())[:FEED_REPORTS]

    def item_title(self, period: Period) -> str:
        return _("Report-back: %(period)s") % {"period": period.name}

    def item_description(self, period: Period) -> str:
        return _(
            "The report for %(period)s is closed: what happened to the proposals, for each "
            "group, with the meetings held. It is also a PDF and open data."
        ) % {"period": period.name}

    def item_link(self, period: Period) -> str:
        return period.get_absolute_url()

    def item_guid(self, period: Period) -> str:
        return tag_uri(period.closes_on, f"report/{period.slug}")

    item_guid_is_permalink = False

    def item_pubdate(self, period: Period) -> datetime:
        """Published: the day the report closed, at midnight in the portal's time zone."""
        return datetime.combine(period.closes_on, time.min, zone())

    def item_author_name(self, period: Period) -> str:
        return settings.MUNICIPALITY_NAME or settings.SITE_NAME
