"""Each page has a description, a canonical address and Open Graph tags, specific on key pages."""

from html.parser import HTMLParser

import pytest

from ideas.models import Status
from tests.factories import (
    change_status,
    make_group,
    make_idea,
    make_meeting,
    make_organisation,
    stockholm,
)

pytestmark = pytest.mark.django_db
SITE = "http://127.0.0.1:8000"
DEFAULT_DESCRIPTION = "Minnesanteckningar, möten och förslag från socialförvaltningens"


class _Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, str] = {}
        self.canonical: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta" and ("property" in attrs or "name" in attrs):
            self.meta[attrs.get("property") or attrs["name"]] = attrs.get("content", "")
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs["href"])


def _head(client, path) -> _Head:
    response = client.get(path)
    assert response.status_code == 200
    head = _Head()
    head.feed(response.text.split("</head>")[0])
    return head


def test_every_page_has_canonical_address_and_open_graph_tags(client):
    group = make_group()
    for path in [
        "/",
        "/moten/",
        "/ideer/",
        "/ideer/framsteg/",
        "/grupper/",
        group.get_absolute_url(),
    ]:
        head = _head(client, f"{path}?sida=1&utm_source=x")
        assert head.canonical == [f"{SITE}{path}"], path
        meta = head.meta
        assert meta["og:url"] == f"{SITE}{path}"
        assert meta["og:site_name"] == "Öppna soc"
        assert meta["og:locale"] == "sv_SE"
        assert meta["og:type"] == "website"
        assert meta["og:title"]
        assert meta["og:description"] == meta["description"] != ""


def test_english_pages_have_english_locale_and_address(client):
    head = _head(client, "/en/moten/")
    assert head.meta["og:locale"] == "en_GB"
    assert head.meta["og:title"] == "Meetings and minutes"
    assert head.canonical == [f"{SITE}/en/moten/"]


def test_meeting_page_describes_its_date_and_group(client):
    group = make_group(name="Brukarrådet")
    meeting = make_meeting(
        group=group, title="Brukarråd i februari", starts_at=stockholm(2025, 2, 12, 13)
    )
    meta = _head(client, meeting.get_absolute_url()).meta
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Brukarråd i februari"
    assert "Brukarrådet" in meta["description"]
    assert "12 februari 2025" in meta["description"]
    assert meta["og:description"] == meta["description"]


def test_idea_page_describes_its_status_and_problem(client):
    idea = make_idea(
        title="Kortare väntetid",
        problem="Det tar sex veckor att få ett första samtal. Många ger upp under tiden.",
    )
    change_status(idea, Status.REJECTED)
    meta = _head(client, idea.get_absolute_url()).meta
    assert meta["og:type"] == "article"
    assert meta["og:title"] == "Kortare väntetid"
    assert meta["description"] == ("Status: Avslagen. Det tar sex veckor att få ett första samtal.")
    assert meta["og:description"] == meta["description"]


def test_group_and_organisation_pages_use_their_own_text(client):
    group = make_group(name="Brukarrådet", summary="Brukarrådet ger råd om boendet.")
    organisation = make_organisation(
        name="Föreningen Vägen", description="En förening för personer i beroende."
    )
    bare_group = make_group(name="Tyst grupp")
    bare_organisation = make_organisation(name="Tyst förening")

    assert _head(client, group.get_absolute_url()).meta["og:description"] == (
        "Brukarrådet ger råd om boendet."
    )
    assert _head(client, organisation.get_absolute_url()).meta["description"] == (
        "En förening för personer i beroende."
    )
    for page in [bare_group, bare_organisation]:
        description = _head(client, page.get_absolute_url()).meta["description"]
        assert description.startswith(page.name)
        assert DEFAULT_DESCRIPTION not in description


def test_description_is_a_safe_attribute(client):
    idea = make_idea(title='Citat "och" <taggar>', problem='Ett "citerat" <b>problem</b>.')
    page = client.get(idea.get_absolute_url()).text
    assert '<meta property="og:title" content="Citat &quot;och&quot; &lt;taggar&gt;">' in page
    assert "&lt;b&gt;problem&lt;/b&gt;" in page.split("</head>")[0]


class _Links(_Head):
    def __init__(self):
        super().__init__()
        self.alternates: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        super().handle_starttag(tag, attrs)
        attrs = dict(attrs)
        if tag == "link" and attrs.get("rel") == "alternate" and "hreflang" in attrs:
            self.alternates[attrs["hreflang"]] = attrs["href"]


def _links(client, path, status=200) -> _Links:
    response = client.get(path)
    assert response.status_code == status, path
    head = _Links()
    head.feed(response.text.split("</head>")[0])
    return head


def test_every_page_links_its_twin_in_the_other_language(client):
    idea = make_idea(slug="en-ide")
    for path in ["/", "/ideer/", idea.get_absolute_url(), "/tillganglighet/", "/oppna-data/"]:
        expected = {"sv": f"{SITE}{path}", "en": f"{SITE}/en{path}", "x-default": f"{SITE}{path}"}
        assert _links(client, f"{path}?sida=1").alternates == expected, path
        assert _links(client, f"/en{path}").alternates == expected, path


@pytest.mark.parametrize(
    ("path", "status"),
    [("/sok/?q=boende", 200), ("/sok/", 200), ("/en/sok/?q=x", 200), ("/finns-inte/", 404)],
)
def test_search_results_and_missing_pages_are_not_indexed(client, path, status):
    head = _links(client, path, status)
    assert head.meta["robots"] == "noindex"
    assert head.canonical == []
    assert head.alternates == {}


def test_every_address_is_on_site_url_whatever_host_the_request_came_to(client):
    """A feed's ids and links, the calendar's and the canonical link do not follow the host."""
    meeting = make_meeting(starts_at=stockholm(2030, 3, 1, 13))
    make_idea(slug="en-ide")
    for path in [
        "/moten/flode/",
        "/ideer/flode/",
        "/moten/kalender.ics",
        meeting.get_absolute_url(),
        "/api/",
        "/api/ideas/",
        "/api/openapi.json",
        "/oppna-data/",
    ]:
        response = client.get(path, HTTP_HOST="localhost")
        assert response.status_code == 200, path
        text = response.content.decode()
        assert "localhost" not in text, path
        assert SITE in text, path
