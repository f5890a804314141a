"""Known XSS payloads in everything staff and representatives write: never code on a page.

Staff write Markdown (meeting notices and minutes, the pages about the portal, the
accessibility statement), which the `markdown` filter turns into HTML and cleans with nh3;
their other texts (ideas, groups, organisations, trail entries) and every comment are plain
text, escaped. Each payload goes in through the real models and forms and comes out on the real
pages, parsed with html.parser: no script, event handler, javascript:/data:/vbscript: address,
frame, object, embed or style reaches the page from it. tests/browser/test_xss.py runs the same
payloads in Chromium with the Content-Security-Policy switched off.
"""

import xml.etree.ElementTree as ET

import pytest
from django.contrib.auth.models import Group as StaffGroup
from django.contrib.auth.models import User

from ideas.models import Comment, Status
from pages.models import AccessibilityStatement, Page
from portal import roles
from portal.templatetags.portal import markdown
from tests.factories import (
    change_status,
    make_agenda_item,
    make_group,
    make_idea,
    make_meeting,
    make_organisation,
    make_representative,
)
from tests.hostile import XSS_PAYLOADS, assert_no_code, code_in_page

pytestmark = pytest.mark.django_db

# Every payload in one text, each in its own paragraph, and a short one for titles and names.
ALL = "\n\n".join(XSS_PAYLOADS)
SHORT = '"><img src=x onerror=window.__xss=1><script>window.__xss=1</script>'
# Payloads that are not markup as they stand: Markdown, text that is already escaped, and two
# that a browser reads as harmless (a tag named "scr<script", and CDATA, a comment in HTML).
NOT_MARKUP = {
    p
    for p in XSS_PAYLOADS
    if not p.startswith("<") or p.startswith(("<scr<", "<![CDATA[", "<javascript:", "<https:"))
}


@pytest.mark.parametrize("payload", sorted(set(XSS_PAYLOADS) - NOT_MARKUP))
def test_the_check_finds_each_payload_left_unescaped(payload):
    """The check below is only worth something if it sees the payloads as they are."""
    assert code_in_page(f"<main><p>{payload}</p><p>Efter.</p></main>")


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_markdown_filter_never_outputs_code(payload):
    # On its own, and inside a list, a quote, a heading, bold text, a list item and a table.
    for context in [
        "{}",
        "- {}",
        "> {}",
        "## {}",
        "**{}**",
        "1. a\n\n    {}",
        "| a |\n|--|\n| {} |",
    ]:
        html = markdown(context.format(payload))
        assert not code_in_page(f"<main>{html}</main><p>Efter.</p>"), html


def test_markdown_keeps_the_harmless_part():
    html = markdown("**Viktigt** [protokollet](https://example.org/p.pdf) [x](javascript:alert(1))")
    assert "<strong>Viktigt</strong>" in html
    assert '<a href="https://example.org/p.pdf" rel="noopener noreferrer">protokollet</a>' in html
    assert "<a rel=" in html  # the link text stays, without its address


@pytest.fixture
def staff_texts():
    """Every text staff write, full of payloads, as the admin saves it."""
    organisation = make_organisation(name=SHORT[:200], description=ALL)
    group = make_group(
        name="Grupp " + SHORT,
        summary=ALL,
        easy_read=ALL,
        why=ALL,
        who=ALL,
        where=ALL,
        when=ALL,
        proposals=ALL,
        contact_name=SHORT,
        contact_role=SHORT,
    )
    group.organisations.add(organisation)
    meeting = make_meeting(group=group, title="Möte " + SHORT, place=SHORT, notice=ALL)
    idea = make_idea(
        group=group,
        title="Idé " + SHORT,
        problem=ALL,
        proposal=ALL,
        easy_read=ALL,
        organisation=organisation,
    )
    make_agenda_item(meeting, heading=SHORT, body=ALL).ideas.add(idea)
    change_status(idea, Status.REJECTED, explanation=ALL, decided_by=SHORT, meeting=meeting)
    Page.objects.create(
        title=SHORT, slug="xss", body=ALL, easy_read_title=SHORT, easy_read_body=ALL
    )
    AccessibilityStatement.objects.update(
        inaccessible_content=ALL, assessment_method=ALL, service_name=SHORT
    )
    return {"group": group, "meeting": meeting, "idea": idea, "organisation": organisation}


@pytest.mark.parametrize("english", [False, True])
def test_staff_texts_never_reach_a_page_as_code(client, staff_texts, english):
    pages = [
        "/",
        "/moten/",
        staff_texts["meeting"].get_absolute_url(),
        "/grupper/",
        staff_texts["group"].get_absolute_url(),
        "/organisationer/",
        staff_texts["organisation"].get_absolute_url(),
        "/ideer/",
        staff_texts["idea"].get_absolute_url(),
        "/ideer/framsteg/",
        "/om/xss/",
        "/om/xss/lattlast/",
        "/lattlast/",
        "/tillganglighet/",
        "/sok/?q=xss",
        "/sok/?q=klicka",
        "/sok/?q=window",
    ]
    for path in pages:
        response = client.get(("/en" if english else "") + path)
        assert response.status_code == 200, path
        assert_no_code(response)
    assert "window.__xss" in client.get(staff_texts["meeting"].get_absolute_url()).text


def test_staff_texts_are_shown_as_text(client, staff_texts):
    page = client.get(staff_texts["idea"].get_absolute_url()).text
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page  # plain text, escaped


def _feed_html(response) -> list[str]:
    """The HTML inside an Atom feed's entries, which a feed reader shows as a page."""
    root = ET.fromstring(response.content)
    atom = "{http://www.w3.org/2005/Atom}"
    return [
        element.text or ""
        for element in root.iter()
        if element.tag in (f"{atom}summary", f"{atom}content") and element.get("type") == "html"
    ]


def test_staff_texts_never_reach_a_feed_as_code(client, staff_texts):
    for path in (
        "/moten/flode/",
        "/ideer/flode/",
        f"/ideer/{staff_texts['idea'].slug}/flode/",
        f"/grupper/{staff_texts['group'].slug}/ideer/flode/",
    ):
        response = client.get(path)
        assert response.status_code == 200
        for html in _feed_html(response):
            assert not code_in_page(html), (path, html)


@pytest.fixture
def commented(client, settings):
    """Every payload sent as a comment through the form, and published."""
    settings.COMMENTS_PREMODERATION = False
    settings.COMMENT_RATE_LIMIT = 1000
    idea = make_idea(title="Kvällsöppet")
    representative = make_representative()
    client.force_login(representative.user)
    organisation = representative.organisations.get().pk
    for payload in XSS_PAYLOADS:
        response = client.post(
            f"{idea.get_absolute_url()}kommentarer/",
            {"body": payload, "organisation": organisation},
        )
        assert response.status_code == 302, payload
    comments = Comment.objects.filter(idea=idea)
    assert comments.count() == len(XSS_PAYLOADS)
    first = comments.first()
    client.post(
        f"{idea.get_absolute_url()}kommentarer/",
        {"body": ALL[:2000], "organisation": organisation, "parent": first.pk},
    )
    return {"idea": idea, "comment": first, "representative": representative}


def test_comments_never_reach_a_page_or_the_admin_as_code(client, commented):
    """One test, as sending every payload through the form takes a while."""
    idea = commented["idea"]
    responses = [
        client.get(idea.get_absolute_url()),
        client.get(idea.get_absolute_url(), headers={"HX-Request": "true"}),
        client.get(f"/kommentarer/{commented['comment'].pk}/anmal/"),
        client.get("/sok/", {"q": "xss", "typ": "kommentarer"}),
        client.get("/sok/", {"q": "klicka"}),
        client.get("/konto/"),
    ]
    client.logout()
    # Every page of the discussion (twenty threads a page), in both languages.
    pages = [
        f"{language}{idea.get_absolute_url()}?sida={n}"
        for language in ("", "/en")
        for n in (1, 2, 3, 4)
    ]
    responses += [client.get(path) for path in pages]
    for response in responses:
        assert response.status_code == 200
        assert_no_code(response)
    page = "".join(response.text for response in responses[-4:])
    assert page.count('class="comment-body"') >= len(XSS_PAYLOADS)
    assert "&lt;script&gt;window.__xss=1&lt;/script&gt;" in page  # shown, as text
    # urlize links the http(s) part of an address and leaves the rest, escaped, as text.
    assert '<a href="https://example.org/" rel="nofollow">https://example.org/</a>' in page

    moderator = User.objects.create_user("moderator", is_staff=True)
    moderator.groups.add(StaffGroup.objects.get(name=roles.MODERATOR))
    client.force_login(moderator)
    for path in (
        "/admin/ideas/comment/",
        f"/admin/ideas/comment/{commented['comment'].pk}/change/",
        f"/admin/ideas/idea/{idea.pk}/change/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        # The admin's own data scripts have no src; only what came from a payload counts.
        assert not [found for found in code_in_page(response.text) if "__xss" in found], path
