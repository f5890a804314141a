"""The pages about the portal in standard and easy-to-read Swedish; easy-to-read summaries."""

import re

import pytest
from django.urls import reverse

from pages.models import Page
from tests.factories import make_editor, make_group, make_idea

pytestmark = pytest.mark.django_db

SLUGS = ["oppna-soc", "sa-hanteras-forslagen", "sa-deltar-din-organisation"]


def test_the_three_pages_exist_with_both_versions():
    pages = list(Page.objects.all())
    assert [page.slug for page in pages] == SLUGS
    assert [page.title for page in pages] == [
        "Om Öppna soc",
        "Så hanteras förslagen",
        "Så deltar din organisation",
    ]
    for page in pages:
        assert page.body.strip() and page.easy_read_body.strip() and page.easy_read_title


def _sentences(markdown: str) -> list[str]:
    text = re.sub(r"^#+ .*$", "", markdown, flags=re.MULTILINE)
    return [s for s in re.split(r"(?<=[.?!])\s+", " ".join(text.split())) if s]


@pytest.mark.parametrize("slug", SLUGS)
def test_easy_read_versions_keep_to_short_sentences_and_headings(slug):
    """Lättläst: short sentences, a heading above each part, no abbreviations."""
    page = Page.objects.get(slug=slug)
    sentences = _sentences(page.easy_read_body)
    assert max(len(s.split()) for s in sentences) <= 12, max(sentences, key=len)
    assert sum(len(s.split()) for s in sentences) / len(sentences) <= 8
    assert page.easy_read_body.count("\n## ") >= 3
    for abbreviation in ["t.ex.", "bl.a.", "o.s.v.", "dvs", "SIP", "ca "]:
        assert abbreviation not in page.easy_read_body
    # The standard version is the longer, fuller text.
    assert len(page.body) > len(page.easy_read_body)


@pytest.mark.parametrize("slug", SLUGS)
def test_each_page_links_to_its_easy_read_version_and_back(client, slug):
    standard = client.get(f"/om/{slug}/").text
    easy = client.get(f"/om/{slug}/lattlast/").text

    link = (
        f'<p class="version-link"><a href="/om/{slug}/lattlast/">Läs sidan på lättläst svenska</a>'
    )
    assert link in standard
    assert standard.index(link) < standard.index('<div class="page-body"')
    back = f'<p class="version-link"><a href="/om/{slug}/">Läs sidan på vanlig svenska</a>'
    assert back in easy
    assert easy.index(back) < easy.index('<div class="page-body"')
    assert '<p class="badge badge-easy-read">Lättläst</p>' in easy


def test_page_renders_markdown_under_its_heading(client):
    page = client.get("/om/sa-hanteras-forslagen/").text
    assert '<h1 lang="sv">Så hanteras förslagen</h1>' in page
    assert "<h2>Alla förslag får ett svar</h2>" in page
    assert "<h3>" not in page.split('<div class="page-body"')[1].split("</div>")[0]
    # The other pages are one step away.
    assert '<a href="/om/oppna-soc/" lang="sv">Om Öppna soc</a>' in page
    easy = client.get("/om/sa-hanteras-forslagen/lattlast/").text
    assert '<a href="/om/oppna-soc/lattlast/" lang="sv">Det här är Öppna soc</a>' in easy


def test_easy_read_index_lists_every_easy_read_page(client):
    page = client.get("/lattlast/").text
    assert "<h1>Lättläst</h1>" in page
    for slug in SLUGS:
        assert f'href="/om/{slug}/lattlast/"' in page


def test_english_pages_keep_the_swedish_content_marked(client):
    response = client.get("/en/om/oppna-soc/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert 'href="/en/om/oppna-soc/lattlast/">Read the page in easy-to-read Swedish</a>' in (
        response.text
    )
    assert '<div class="page-body" lang="sv">' in response.text
    assert client.get("/en/om/oppna-soc/lattlast/").status_code == 200


def test_unknown_page_is_404_and_other_methods_405(client):
    assert client.get("/om/finns-inte/").status_code == 404
    assert client.get("/om/finns-inte/lattlast/").status_code == 404
    assert client.post("/om/oppna-soc/").status_code == 405
    assert client.post("/lattlast/").status_code == 405


def test_home_page_links_to_the_pages(client):
    page = client.get("/").text
    assert (
        '<p class="about-links"><a href="/om/oppna-soc/">Om Öppna soc</a> '
        '<a href="/lattlast/">Lättläst</a></p>'
    ) in page


@pytest.mark.parametrize("path", ["/om/oppna-soc/", "/om/oppna-soc/lattlast/", "/lattlast/"])
def test_pages_use_a_fixed_number_of_queries(client, django_assert_max_num_queries, path):
    for n in range(10):
        Page.objects.create(
            slug=f"extra-{n}",
            title=f"Sida {n}",
            body="Text.",
            easy_read_title="L",
            easy_read_body="T.",
        )
        with django_assert_max_num_queries(2):
            assert client.get(path).status_code == 200


def test_editors_edit_both_versions_but_not_the_address(client):
    client.force_login(make_editor())
    page = Page.objects.get(slug="oppna-soc")
    url = reverse("admin:pages_page_change", args=[page.pk])
    response = client.post(
        url,
        {
            "title": "Om Öppna soc",
            "slug": "nytt-namn",
            "position": "1",
            "body": "Ny text.",
            "easy_read_title": "Det här är Öppna soc",
            "easy_read_body": "## Rubrik\n\nEn kort mening.",
        },
    )
    assert response.status_code == 302
    page.refresh_from_db()
    assert page.slug == "oppna-soc"
    assert page.easy_read_body == "## Rubrik\n\nEn kort mening."
    delete = reverse("admin:pages_page_delete", args=[page.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403


# Easy-to-read summaries of ideas and groups


def test_idea_shows_its_easy_read_summary_first(client):
    idea = make_idea(easy_read="Det tar lång tid att få hjälp.\n\nVi vill ändra det.")
    page = client.get(idea.get_absolute_url()).text
    box = (
        '<section class="easy-read-summary" aria-labelledby="easy-read-heading">\n'
        '    <h2 id="easy-read-heading">Lättläst sammanfattning</h2>\n'
        '    <div lang="sv"><p>Det tar lång tid att få hjälp.</p>\n\n'
        "<p>Vi vill ändra det.</p></div>"
    )
    assert box in page
    # First after the heading, before the status and the problem.
    assert page.index("</h1>") < page.index(box) < page.index('class="current-status"')
    en = client.get("/en" + idea.get_absolute_url()).text
    assert '<h2 id="easy-read-heading">Easy-to-read summary</h2>' in en


def test_group_shows_its_easy_read_summary_first(client):
    group = make_group(summary="Sammanfattning.", easy_read="Här träffas personal och föreningar.")
    page = client.get(group.get_absolute_url()).text
    assert page.index("</h1>") < page.index("Lättläst sammanfattning") < page.index('class="meta"')
    assert '<div lang="sv"><p>Här träffas personal och föreningar.</p></div>' in page


def test_no_summary_no_box(client):
    assert "easy-read-summary" not in client.get(make_idea().get_absolute_url()).text
    assert "easy-read-summary" not in client.get(make_group().get_absolute_url()).text


def test_editors_write_the_summaries_in_the_admin(client):
    client.force_login(make_editor())
    idea, group = make_idea(), make_group()
    for url in [
        reverse("admin:ideas_idea_change", args=[idea.pk]),
        reverse("admin:directory_group_change", args=[group.pk]),
    ]:
        assert 'name="easy_read"' in client.get(url).text
