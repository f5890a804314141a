"""The English pages are English, except staff's Swedish content, which is marked lang="sv".

Screen readers read a page in the language of its `lang`; Swedish names and minutes read with
an English voice are hard to follow. So on the English pages every text outside an element with
lang="sv" must be English: a Swedish word there is a string someone forgot to translate, or
staff's content someone forgot to mark.
"""

import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.conf import settings

from ideas.models import Comment
from pages.models import Page
from tests.factories import make_representative, make_site

pytestmark = pytest.mark.django_db

# Words of the interface that give a Swedish text away even without å, ä or ö. Words that are
# also English ("den", "men", "till", "visa") are left out.
SWEDISH_WORDS = {
    "alla", "att", "avslagen", "bereds", "det", "din", "dina", "ditt", "du", "eller", "finns",
    "genomförd", "grupp", "grupper", "hur", "idéer", "ingen", "inga", "inget", "inte", "kallelse",
    "kommentar", "kommentarer", "kontakta", "logga", "mer", "och", "om", "oss", "pågår", "sida",
    "sidan", "sidor", "skicka", "skriv", "som", "startsida", "svara", "tema", "vad", "vi", "vilka",
}  # fmt: skip
SWEDISH_LETTERS = re.compile("[åäöÅÄÖ]")
# Read aloud by screen readers though not shown as text.
SPOKEN_ATTRIBUTES = ["aria-label", "aria-description", "title", "alt", "placeholder"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}  # fmt: skip


class _Texts(HTMLParser):
    """The texts of a page's <body>, each with the language it is marked with."""

    def __init__(self, page_lang: str):
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, str]] = [("", page_lang)]
        self.in_body = False
        self.texts: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "body":
            self.in_body = True
        lang = attrs.get("lang") or self.stack[-1][1]
        if self.in_body:
            for name in SPOKEN_ATTRIBUTES:
                if attrs.get(name):
                    self.texts.append((lang, attrs[name]))
            if tag == "input" and attrs.get("type") in ("submit", "button") and attrs.get("value"):
                self.texts.append((lang, attrs["value"]))
        if tag not in VOID:
            self.stack.append((tag, lang))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.stack.pop()

    def handle_endtag(self, tag):
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth][0] == tag:
                del self.stack[depth:]
                break

    def handle_data(self, data):
        if self.in_body and data.strip() and self.stack[-1][0] not in ("script", "style"):
            self.texts.append((self.stack[-1][1], " ".join(data.split())))


def swedish_outside_lang_sv(html: str) -> list[str]:
    """The texts of the page that look Swedish but are not inside an element with lang="sv"."""
    page_lang = re.search(r'<html lang="([^"]+)"', html).group(1)
    parser = _Texts(page_lang)
    parser.feed(html)
    found = []
    for lang, text in parser.texts:
        if lang.split("-")[0] == "sv":
            continue
        # The portal's name is a Swedish proper name in every language.
        plain = text.replace(settings.SITE_NAME, "")
        words = set(re.findall(r"\w+", plain.lower()))
        if SWEDISH_LETTERS.search(plain) or words & SWEDISH_WORDS:
            found.append(text)
    return found


def test_the_detector_finds_unmarked_swedish_and_ignores_marked():
    html = (
        '<html lang="en"><head><title>Möten</title></head><body>'
        "<h1>Meetings</h1><p>Visa alla</p>"
        '<p lang="sv">Minnesanteckningar <a href="/">från mötet</a></p>'
        '<nav aria-label="Sök"><a href="/">Start</a><br><span>Grupper för brukare</span></nav>'
        '<select><option lang="sv">Brukarföreningen</option><option>Föreningen</option></select>'
        "<p>Öppna soc is open</p></body></html>"
    )
    assert swedish_outside_lang_sv(html) == [
        "Visa alla",
        "Sök",
        "Grupper för brukare",
        "Föreningen",
    ]


@pytest.fixture
def site():
    return make_site()


def _public_paths(site) -> list[str]:
    pages = Page.objects.all()
    assert len(pages) == 3, "the data migration's pages are missing"
    return [
        "/",
        "/moten/",
        f"/moten/?grupp={site['group'].slug}",
        site["meeting"].get_absolute_url(),
        "/ideer/",
        "/ideer/?status=on_hold",
        site["idea"].get_absolute_url(),
        "/ideer/framsteg/",
        "/grupper/",
        site["group"].get_absolute_url(),
        "/organisationer/",
        site["organisation"].get_absolute_url(),
        "/organisationer/socialforvaltningen/",
        "/konto/logga-in/",
        "/konto/losenord/",
        "/integritet/",
        "/tillganglighet/",
        "/lattlast/",
        "/aterrapportering/",
        f"/aterrapportering/{site['meeting'].starts_at.year}/",
        *[page.get_absolute_url() for page in pages],
        *[page.get_easy_read_url() for page in pages],
    ]


def test_english_pages_show_no_swedish_outside_lang_sv(client, site):
    findings = []
    paths = _public_paths(site)
    for path in paths:
        response = client.get("/en" + path)
        assert response.status_code == 200, path
        findings += [f"/en{path}: {text}" for text in swedish_outside_lang_sv(response.text)]
    response = client.get("/en/finns-inte/")
    assert response.status_code == 404
    findings += [
        f"/en/finns-inte/ (404): {text}" for text in swedish_outside_lang_sv(response.text)
    ]
    response = client.post("/en/tillganglighet/", {"email": "fel"})
    assert response.status_code == 200
    findings += [
        f"/en/tillganglighet/ (errors): {t}" for t in swedish_outside_lang_sv(response.text)
    ]
    assert not findings, (
        'Swedish text outside lang="sv" on English pages: translate it, or mark staff\'s '
        'content with lang="sv":\n' + "\n".join(findings)
    )


def test_english_pages_of_a_logged_in_representative_show_no_unmarked_swedish(client, site):
    representative = make_representative(organisations=[site["organisation"]])
    client.force_login(representative.user)
    comment = Comment.objects.get()
    for path in [
        site["idea"].get_absolute_url(),  # with the comment form and its organisations
        f"/kommentarer/{comment.pk}/anmal/",
        "/konto/",
    ]:
        response = client.get("/en" + path)
        assert response.status_code == 200, path
        assert swedish_outside_lang_sv(response.text) == [], path


@pytest.mark.parametrize("language", ["sv", "en"])
def test_html_lang_is_the_language_of_the_interface(client, site, language):
    prefix = "" if language == "sv" else "/en"
    for path in [*_public_paths(site), "/finns-inte/"]:
        response = client.get(prefix + path)
        assert re.search(rf'<html lang="{language}">', response.text), prefix + path


# The language switcher


def _switch_link(html: str, code: str) -> str:
    match = re.search(rf'<a class="language-link" href="([^"]+)" hreflang="{code}"', html)
    assert match, f"no link to {code}"
    return match.group(1).replace("&amp;", "&")


@pytest.mark.parametrize(
    ("path", "kept"),
    [
        # The parameters the page reads, in a fixed order, without those at their default.
        ("/ideer/?status=on_hold&ordning=nyast&sida=1", "/ideer/?ordning=nyast&status=on_hold"),
        ("/moten/?grupp=gemensam&x=1", "/moten/?grupp=gemensam"),
        ("detail", "detail"),
    ],
)
def test_language_switcher_keeps_the_page_and_its_query_string(client, site, path, kept):
    if path == "detail":
        path = kept = site["idea"].get_absolute_url() + "?svara=1"
    assert _switch_link(client.get(path).text, "en") == "/en" + kept
    assert _switch_link(client.get("/en" + path).text, "sv") == kept


def test_language_switcher_on_a_missing_page_keeps_the_address(client, db):
    assert _switch_link(client.get("/en/finns-inte/?x=1").text, "sv") == "/finns-inte/?x=1"


@pytest.mark.parametrize(
    ("path", "same_site"),
    [
        ("/en//evil.example/", "/evil.example/"),
        ("/en/%2F%2Fevil.example/", "/evil.example/"),
        ("/en/%5C%5Cevil.example/", "/%5C%5Cevil.example/"),
    ],
)
def test_language_switcher_on_a_missing_page_never_links_to_another_site(
    client, db, path, same_site
):
    response = client.get(path)
    assert response.status_code == 404
    link = _switch_link(response.text, "sv")
    assert link == same_site
    assert urlsplit(link).netloc == "" and link[1] not in "/\\"


def test_language_switcher_reverses_the_page_in_the_other_language(client, site):
    path = site["idea"].get_absolute_url()
    assert _switch_link(client.get(path + "?svara=%C3%A5").text, "en") == (
        f"/en{path}?svara=%C3%A5"
    )


@pytest.mark.parametrize("path", ["/ideer/?status=on_hold", "/moten/?grupp=gemensam"])
def test_list_filtered_with_htmx_sends_the_language_links_for_its_new_address(client, site, path):
    html = client.get("/en" + path, headers={"HX-Request": "true"}).text
    assert "<header" not in html
    assert re.search(r'<span id="language-links" [^>]*data-hx-swap-oob="true"', html)
    assert _switch_link(html, "sv") == path
    restored = client.get(
        path, headers={"HX-Request": "true", "HX-History-Restore-Request": "true"}
    ).text
    assert restored.count('id="language-links"') == 1
