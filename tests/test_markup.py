"""Minutes as staff paste them from Word render as the help text promises: lists from •, – and
1), a list straight under its lead-in, bare addresses as links (portal/markup.py)."""

import pytest

from portal.templatetags.portal import markdown
from tests.factories import make_agenda_item, make_meeting

PASTED = (
    "Rådet tog upp:\n"
    "•\tVäntetider på mottagningen\n"
    "• Bemötandet i telefon\n"
    "\n"
    "Beslut:\n"
    "1) Förvaltningen utreder väntetiderna.\n"
    "2) Rådet följer upp i höst.\n"
    "\n"
    "Läs mer på http://i-nod.se/sip/ och www.helsingborg.se/sip, eller skriv till "
    "rad@helsingborg.se."
)


@pytest.mark.django_db
def test_minutes_pasted_from_word_show_lists_and_links_on_the_meeting_page(client):
    meeting = make_meeting()
    make_agenda_item(meeting, heading="Väntetider", body=PASTED)

    page = client.get(meeting.get_absolute_url()).text

    assert "<p>Rådet tog upp:</p>\n<ul>\n<li>Väntetider på mottagningen</li>" in page
    assert "<li>Bemötandet i telefon</li>" in page
    assert "<ol>\n<li>Förvaltningen utreder väntetiderna.</li>" in page
    assert "•" not in page.split("Rådet tog upp")[1].split("</ul>")[0]
    assert (
        '<a href="http://i-nod.se/sip/" rel="noopener noreferrer">http://i-nod.se/sip/</a>' in page
    )
    assert 'href="https://www.helsingborg.se/sip"' in page


@pytest.mark.parametrize(
    ("written", "html"),
    [
        # Markdown's own forms stay as they were.
        ("- en\n- två", "<ul>\n<li>en</li>\n<li>två</li>\n</ul>"),
        (
            "[SIP](http://i-nod.se/sip/)",
            '<a href="http://i-nod.se/sip/" rel="noopener noreferrer">SIP</a>',
        ),
        (
            "<http://i-nod.se/>",
            '<a href="http://i-nod.se/" rel="noopener noreferrer">http://i-nod.se/</a>',
        ),
        # A dash inside a sentence, and a number with a parenthesis inside one, are no lists.
        ("Mötet – som var kort – slutade 15.00.", "<p>Mötet – som var kort – slutade 15.00.</p>"),
        ("Vi såg 2) i förra protokollet.", "<p>Vi såg 2) i förra protokollet.</p>"),
        # An address ends before the full stop that ends the sentence.
        (
            "Se https://example.org/a.",
            '<a href="https://example.org/a" rel="noopener noreferrer">https://example.org/a</a>.',
        ),
        # Code is left as written.
        (
            "```\n• inte en lista http://x.se\n```",
            "<code>• inte en lista http://x.se</code>",
        ),
    ],
)
def test_markdown_forms(written, html):
    assert html in markdown(written)
