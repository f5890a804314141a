"""Nothing is cut silently: no field carries `maxlength`, which lets a browser cut pasted text
without a word; too long text is refused with a message that keeps it, and a counter shows the
length as the editor types (templates/django/forms/widgets/attrs.html, static/js/lengths.js)."""

import re

import pytest
from django.urls import reverse

from ideas.models import COMMENT_MAX_LENGTH, Comment
from tests.factories import (
    make_editor,
    make_group,
    make_idea,
    make_organisation,
    make_representative,
)

pytestmark = pytest.mark.django_db

# A real title of 282 characters, as an editor pasted it.
LONG_TITLE = (
    "Gemensamt möte mellan socialförvaltningen, brukarorganisationerna inom missbruk och "
    "psykisk ohälsa, anhörigföreningarna och representanter för regionens psykiatri om "
    "samordnad individuell plan, väntetider på mottagningen och det fortsatta arbetet med "
    "brukarinflytandet under hösten."
)


def test_admin_fields_carry_no_maxlength_but_their_limit_for_the_counter(client):
    client.force_login(make_editor())
    html = client.get(reverse("admin:meetings_meeting_add")).text
    assert not re.search(r"\smaxlength=", html)
    assert re.search(r'<input type="text" name="title"[^>]*data-maxlength="200"', html)
    assert "js/lengths" in html


def test_a_too_long_title_is_refused_with_its_length_and_kept_whole(client):
    assert len(LONG_TITLE) == 282
    client.force_login(make_editor())
    group = make_group()
    response = client.post(
        reverse("admin:meetings_meeting_add"),
        {
            "group": group.pk, "title": LONG_TITLE, "slug": "", "starts_at_0": "2031-02-12",
            "starts_at_1": "13:00", "place": "", "notice": "", "status": "draft",
            **{f"{p}-{k}": "0" for p in ("agenda_items", "attendees", "links", "attachments")
               for k in ("TOTAL_FORMS", "INITIAL_FORMS")},
        },
    )  # fmt: skip
    assert response.status_code == 200
    html = response.text
    assert "Säkerställ att detta värde har som mest 200 tecken (den har 282)." in html
    assert f'value="{LONG_TITLE}"' in html


def test_a_too_long_comment_is_refused_and_kept_whole(client):
    organisation = make_organisation()
    representative = make_representative(organisations=[organisation])
    idea = make_idea()
    client.force_login(representative.user)
    page = client.get(idea.get_absolute_url()).text
    assert not re.search(r"<textarea[^>]*\smaxlength=", page)
    assert f'data-maxlength="{COMMENT_MAX_LENGTH}"' in page
    assert "js/lengths" in page

    body = "Vi vill lyfta fram att " + "väntetiderna är för långa och " * 80
    assert len(body) > COMMENT_MAX_LENGTH
    response = client.post(
        reverse("ideas:comment", args=[idea.slug]),
        {"organisation": organisation.pk, "body": body},
    )
    assert Comment.objects.count() == 0
    html = response.text
    assert f"som mest {COMMENT_MAX_LENGTH} tecken (den har {len(body.strip())})" in html
    assert body.strip() in html
