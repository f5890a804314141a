"""What search engines are told: the sitemap of every public page, and robots.txt.

The sitemap is an index of sections (`/sitemap.xml` → `/sitemap-<section>.xml?p=…`), each page
at most SITEMAP_PAGE_SIZE addresses, far below the 50,000 a sitemap may hold. Every page is listed
in Swedish and in English, each with the other as its alternate.
"""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from directory.models import Group, Organisation
from ideas.models import Idea
from meetings.models import Meeting
from portal.http import HttpRequest

# Addresses per sitemap page, counting each language; small enough to answer quickly.
SITEMAP_PAGE_SIZE = 5000


class _PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = SITEMAP_PAGE_SIZE

    # The addresses are the canonical ones (SITE_URL), as in each page's <link rel="canonical">.
    def get_protocol(self, protocol=None) -> str:
        return urlsplit(settings.SITE_URL).scheme

    def get_domain(self, site=None) -> str:
        return urlsplit(settings.SITE_URL).netloc


class PageSitemap(_PortalSitemap):
    """The lists and overviews: start, meetings, ideas, progress, groups, organisations."""

    def items(self) -> list[str]:
        return [
            "meetings:home",
            "meetings:list",
            "ideas:list",
            "ideas:progress",
            "directory:groups",
            "directory:organisations",
        ]

    def location(self, name: str) -> str:
        return reverse(name)


class MeetingSitemap(_PortalSitemap):
    def items(self):
        return Meeting.objects.published().only("slug", "starts_at", "updated_at").order_by("pk")

    def lastmod(self, meeting: Meeting):
        return meeting.updated_at

    def get_latest_lastmod(self):
        return Meeting.objects.published().aggregate(latest=Max("updated_at"))["latest"]


class IdeaSitemap(_PortalSitemap):
    def items(self):
        return Idea.objects.only("slug", "status_changed_on").order_by("pk")

    def lastmod(self, idea: Idea):
        return idea.status_changed_on

    def get_latest_lastmod(self):
        return Idea.objects.aggregate(latest=Max("status_changed_on"))["latest"]


class GroupSitemap(_PortalSitemap):
    def items(self):
        return Group.objects.only("slug").order_by("pk")


class OrganisationSitemap(_PortalSitemap):
    def items(self):
        return Organisation.objects.only("slug").order_by("pk")


SITEMAPS = {
    "sidor": PageSitemap,
    "moten": MeetingSitemap,
    "ideer": IdeaSitemap,
    "grupper": GroupSitemap,
    "organisationer": OrganisationSitemap,
}


@require_GET
def robots_txt(request: HttpRequest):
    """Everything public may be crawled; accounts and the forms that post may not.

    The admin's address is left out on purpose: listing it would tell everyone where it is.
    """
    prefixes = [""] + [
        f"/{code}" for code, _ in settings.LANGUAGES if code != settings.LANGUAGE_CODE
    ]
    return render(
        request,
        "robots.txt",
        {"prefixes": prefixes, "sitemap_url": f"{settings.SITE_URL}{reverse('sitemap')}"},
        content_type="text/plain; charset=utf-8",
    )
