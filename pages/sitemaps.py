"""The lists and overviews, for search engines."""

from django.urls import reverse

from portal.sitemaps import PortalSitemap


class PageSitemap(PortalSitemap):
    """The lists and overviews: start, meetings, ideas, progress, groups, organisations."""

    def items(self) -> list[str]:
        return [
            "pages:home",
            "meetings:list",
            "ideas:list",
            "ideas:progress",
            "directory:groups",
            "directory:organisations",
        ]

    def location(self, name: str) -> str:
        return reverse(name)
