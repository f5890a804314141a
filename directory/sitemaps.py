"""The groups and the organisations, for search engines."""

from directory.models import Group, Organisation
from portal.sitemaps import PortalSitemap


class GroupSitemap(PortalSitemap):
    def items(self):
        return Group.objects.only("slug").order_by("pk")


class OrganisationSitemap(PortalSitemap):
    def items(self):
        return Organisation.objects.only("slug").order_by("pk")
