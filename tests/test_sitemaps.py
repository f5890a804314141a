"""sitemap.xml lists the public pages in both languages; robots.txt keeps crawlers off accounts."""

import xml.etree.ElementTree as ET
from urllib.robotparser import RobotFileParser

import pytest
from django.utils import translation

from meetings.sitemaps import MeetingSitemap
from oppnasoc.urls import SITEMAPS
from pages.models import Page
from reports.periods import first_year, started_periods
from tests.factories import make_idea, make_meeting, make_organisation

pytestmark = pytest.mark.django_db

NS = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
SITE = "http://127.0.0.1:8000"


def _xml(client, path) -> ET.Element:
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    return ET.fromstring(response.content)


def _all_urls(client) -> dict[str, dict[str, str]]:
    """Every address in every section, with its alternates by language."""
    index = _xml(client, "/sitemap.xml")
    assert index.tag == f"{{{NS['s']}}}sitemapindex"
    urls = {}
    for loc in index.findall("s:sitemap/s:loc", NS):
        path = loc.text.removeprefix(SITE)
        for url in _xml(client, path).findall("s:url", NS):
            alternates = {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", NS)
            }
            urls[url.find("s:loc", NS).text] = alternates
    return urls


@pytest.fixture
def site():
    meeting = make_meeting(title="Publicerat möte", agenda_items=1)
    draft = make_meeting(title="Utkast", published=False)
    idea = make_idea(title="En idé", slug="en-ide")
    organisation = make_organisation(slug="vagen")
    return {"meeting": meeting, "draft": draft, "idea": idea, "organisation": organisation}


def test_sitemap_lists_every_public_page_in_swedish_and_english(client, site):
    urls = _all_urls(client)
    meeting, idea = site["meeting"], site["idea"]
    with translation.override("sv"):
        paths = [
            "/",
            "/moten/",
            "/ideer/",
            "/ideer/framsteg/",
            "/grupper/",
            "/organisationer/",
            meeting.get_absolute_url(),
            idea.get_absolute_url(),
            meeting.group.get_absolute_url(),
            idea.group.get_absolute_url(),
            site["draft"].group.get_absolute_url(),  # a group is public, its draft is not
            "/organisationer/vagen/",
            "/lattlast/",
            "/tillganglighet/",
            "/integritet/",
            "/oppna-data/",
            "/aterrapportering/",
            *(period.get_absolute_url() for period in started_periods(first_year())),
        ]
        for page in Page.objects.all():
            paths += [page.get_absolute_url(), page.get_easy_read_url()]
    assert len(paths) > 18, "the pages about the portal are there"
    for path in paths:
        assert f"{SITE}{path}" in urls, path
        assert f"{SITE}/en{path}" in urls, path
        assert urls[f"{SITE}{path}"] == {
            "sv": f"{SITE}{path}",
            "en": f"{SITE}/en{path}",
            "x-default": f"{SITE}{path}",
        }
    assert len(urls) == 2 * len(paths)


def test_drafts_are_not_in_the_sitemap(client, site):
    content = b"".join(client.get(f"/sitemap-{section}.xml").content for section in SITEMAPS)
    assert site["draft"].slug.encode() not in content
    assert site["meeting"].slug.encode() in content


def test_large_sections_are_split_into_pages_listed_in_the_index(client, site, monkeypatch):
    for _ in range(3):
        make_meeting()
    # Four meetings in two languages: eight addresses, three a page.
    monkeypatch.setattr(MeetingSitemap, "limit", 3)
    index = _xml(client, "/sitemap.xml")
    locations = [loc.text for loc in index.findall("s:sitemap/s:loc", NS)]
    assert [loc for loc in locations if "moten" in loc] == [
        f"{SITE}/sitemap-moten.xml",
        f"{SITE}/sitemap-moten.xml?p=2",
        f"{SITE}/sitemap-moten.xml?p=3",
    ]
    counts = [len(_xml(client, f"/sitemap-moten.xml?p={p}").findall("s:url", NS)) for p in "123"]
    assert counts == [3, 3, 2]
    assert client.get("/sitemap-moten.xml?p=4").status_code == 404
    assert client.get("/sitemap-moten.xml?p=x").status_code == 404
    assert client.get("/sitemap-finns-inte.xml").status_code == 404


def test_a_sitemap_page_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    for _ in range(30):
        make_meeting()
        make_idea()
    for section in SITEMAPS:
        with django_assert_max_num_queries(2):
            client.get(f"/sitemap-{section}.xml")


def test_robots_txt_allows_public_pages_and_keeps_crawlers_out_of_accounts(client, site):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.text.splitlines()
    assert "User-agent: *" in lines
    assert "Allow: /" in lines
    assert f"Sitemap: {SITE}/sitemap.xml" in lines
    for path in [
        "/konto/",
        "/en/konto/",
        "/kommentarer/",
        "/en/kommentarer/",
        "/ideer/*/kommentarer/",
        "/en/ideer/*/kommentarer/",
        "/ideer/*/folj/",
        "/en/ideer/*/folj/",
        "/bevakning/",
        "/en/bevakning/",
    ]:
        assert f"Disallow: {path}" in lines
    assert not any("admin" in line for line in lines), "robots.txt must not reveal the admin"

    robots = RobotFileParser()
    robots.parse(lines)
    for path in ["/konto/logga-in/", "/en/konto/", "/kommentarer/1/anmal/"]:
        assert not robots.can_fetch("*", f"{SITE}{path}"), path
    for path in ["/", "/moten/", site["idea"].get_absolute_url(), "/en/ideer/", "/sitemap.xml"]:
        assert robots.can_fetch("*", f"{SITE}{path}"), path


def test_robots_txt_gives_the_sitemap_on_the_configured_site(client, settings):
    settings.SITE_URL = "https://oppnasoc.example.se"
    assert "Sitemap: https://oppnasoc.example.se/sitemap.xml" in client.get("/robots.txt").text
