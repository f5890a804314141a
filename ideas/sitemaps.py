"""Every idea, for search engines."""

from django.db.models import Max

from ideas.models import Idea
from portal.sitemaps import PortalSitemap


class IdeaSitemap(PortalSitemap):
    def items(self):
        return Idea.objects.only("slug", "status_changed_on").order_by("pk")

    def lastmod(self, idea: Idea):
        return idea.status_changed_on

    def get_latest_lastmod(self):
        return Idea.objects.aggregate(latest=Max("status_changed_on"))["latest"]
