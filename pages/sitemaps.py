"""The lists, overviews and pages about the portal, for search engines."""

from django.urls import reverse

from pages.models import Page
from portal.sitemaps import PortalSitemap


class PageSitemap(PortalSitemap):
    """The lists and overviews, and the pages every site of the kind has."""

    def items(self) -> list[str]:
        return [
            "pages:home",
            "meetings:list",
            "ideas:list",
            "ideas:progress",
            "directory:groups",
            "directory:organisations",
            "pages:easy_read_index",
            "pages:statement",
            "directory:privacy",
            "opendata:index",
        ]

    def location(self, name: str) -> str:
        return reverse(name)


class AboutSitemap(PortalSitemap):
    """Each page about the portal (/om/…), in standard and in easy-to-read Swedish."""

    def items(self) -> list[tuple[str, str]]:
        slugs = Page.objects.order_by("pk").values_list("slug", flat=True)
        return [(name, slug) for slug in slugs for name in ("pages:page", "pages:easy_read")]

    def location(self, item: tuple[str, str]) -> str:
        name, slug = item
        return reverse(name, args=[slug])
