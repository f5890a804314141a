"""What search engines are told: the base of every app's sitemap, and robots.txt.

The sitemap is an index of sections (`/sitemap.xml` → `/sitemap-<section>.xml?p=…`), each page
at most SITEMAP_PAGE_SIZE addresses, far below the 50,000 a sitemap may hold. Every page is listed
in Swedish and in English, each with the other as its alternate. Each app lists its own pages in
its sitemaps.py; oppnasoc/urls.py names the sections.
"""

from django.conf import settings
from django.contrib.sitemaps import Sitemap
from django.contrib.sitemaps import views as sitemap_views
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from portal.http import HttpRequest, absolute, on_site_url

# Addresses per sitemap page, counting each language; small enough to answer quickly.
SITEMAP_PAGE_SIZE = 5000


class PortalSitemap(Sitemap):
    i18n = True
    alternates = True
    x_default = True
    limit = SITEMAP_PAGE_SIZE


def sitemap_index(request: HttpRequest, **kwargs):
    """Django's sitemap index, with the sections' addresses on SITE_URL like the rest."""
    return sitemap_views.index(on_site_url(request), **kwargs)


def sitemap_section(request: HttpRequest, **kwargs):
    """Django's sitemap, with the canonical addresses (SITE_URL) as in each page's head."""
    return sitemap_views.sitemap(on_site_url(request), **kwargs)


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
        {"prefixes": prefixes, "sitemap_url": absolute(reverse("sitemap"))},
        content_type="text/plain; charset=utf-8",
    )
