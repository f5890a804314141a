"""The open-data page, in Swedish and English, and the footer link to it."""

import pytest

pytestmark = pytest.mark.django_db


def test_page_explains_licence_api_and_downloads_in_swedish(client):
    response = client.get("/oppna-data/")
    assert response.status_code == 200
    assert response.templates[0].name == "opendata/index.html"
    assert "opendata/_feeds.html" in [t.name for t in response.templates]
    html = response.content.decode()
    assert '<html lang="sv">' in html
    assert "<h1>Öppna data</h1>" in html
    assert 'href="https://creativecommons.org/publicdomain/zero/1.0/deed.sv"' in html
    assert 'href="http://127.0.0.1:8000/api/"' in html
    assert 'href="/api/openapi.json"' in html
    assert "curl http://127.0.0.1:8000/api/ideas/?page=2" in html
    assert 'href="/oppna-data/ideer.csv" download' in html
    assert 'href="/oppna-data/statusandringar.csv" download' in html
    # Excel in Swedish opens a CSV file as one column: each table is an xlsx file too.
    assert 'href="/oppna-data/ideer.xlsx" download>Alla idéer (Excel)</a>' in html
    assert 'href="/oppna-data/statusandringar.xlsx" download>Alla statusändringar (Excel)' in html
    assert "Listorna ger 25 åt gången" in html
    assert not response.cookies


def test_page_in_english(client):
    response = client.get("/en/oppna-data/")
    assert response.status_code == 200
    html = response.content.decode()
    assert '<html lang="en">' in html
    assert "<h1>Open data</h1>" in html
    assert 'href="https://creativecommons.org/publicdomain/zero/1.0/deed.en"' in html
    assert 'href="/en/oppna-data/ideer.csv"' in html
    assert 'href="/en/oppna-data/ideer.xlsx" download>All ideas (Excel)</a>' in html
    assert "The lists give 25 at a time" in html


def test_feeds_paragraph_is_left_to_its_own_template(client):
    """The feeds and calendars are described in a template of their own, included here."""
    from django.template.loader import get_template

    assert get_template("opendata/_feeds.html")
    html = client.get("/oppna-data/").content.decode()
    assert html.index('id="licence-heading"') < html.index('id="csv-heading"')


@pytest.mark.parametrize(("prefix", "text"), [("", "Öppna data"), ("/en", "Open data")])
def test_footer_links_to_the_page(client, prefix, text):
    html = client.get(f"{prefix}/").content.decode()
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'<a href="{prefix}/oppna-data/">{text}</a>' in footer


def test_page_is_read_only(client):
    assert client.post("/oppna-data/").status_code == 405
