"""The published meetings, for search engines."""

from django.db.models import Max

from meetings.models import Meeting
from portal.sitemaps import PortalSitemap


class MeetingSitemap(PortalSitemap):
    def items(self):
        return Meeting.objects.published().only("slug", "starts_at", "updated_at").order_by("pk")

    def lastmod(self, meeting: Meeting):
        return meeting.updated_at

    def get_latest_lastmod(self):
        return Meeting.objects.published().aggregate(latest=Max("updated_at"))["latest"]
