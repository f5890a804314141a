"""A moderator approves no comment with what may identify a person without looking at it."""
# ruff: noqa: F811 (the fixtures come from test_comments)

import re

import pytest
from django.urls import reverse

from ideas.models import Comment
from ideas.services import moderate_comments
from portal.models import PrivacyConfirmation
from tests.ideas.test_comments import _comment, idea, moderator, org, rep  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db

INLINE = {"reports-TOTAL_FORMS": "0", "reports-INITIAL_FORMS": "0"}
PRIVATE = "Min granne Kalle, 070-123 45 67, bor på Storgatan 12 och behöver hjälp."


def test_a_comment_with_hits_is_not_approved_in_bulk(client, rep, org, idea, moderator):
    private = _comment(idea, rep, org, state=Comment.State.PENDING, body=PRIVATE)
    plain = _comment(idea, rep, org, state=Comment.State.PENDING, body="Bra förslag!")
    client.force_login(moderator)
    response = client.post(
        reverse("admin:ideas_comment_changelist"),
        {"action": "approve", "_selected_action": [private.pk, plain.pk]},
        follow=True,
    )
    private.refresh_from_db()
    plain.refresh_from_db()
    assert plain.state == Comment.State.APPROVED
    assert private.state == Comment.State.PENDING
    assert "1 kommentar godkändes inte" in response.text


def test_the_change_page_lists_the_hits_and_approves_once_each_is_confirmed(
    client, rep, org, idea, moderator
):
    comment = _comment(idea, rep, org, state=Comment.State.PENDING, body=PRIVATE)
    client.force_login(moderator)
    change = reverse("admin:ideas_comment_change", args=[comment.pk])
    page = client.get(change).text
    assert "<mark>070-123 45 67</mark>" in page and "<mark>Storgatan 12</mark>" in page
    assert "Telefonnummer" in page and "Gatuadress" in page

    one = ["phone:070-123 45 67"]
    response = client.post(change, {"state": "approved", "confirm": one} | INLINE)
    assert response.status_code == 200
    assert "1 träff är inte bekräftad" in response.text
    (box,) = re.findall(r'<input[^>]*value="phone:070-123 45 67"[^>]*>', response.text)
    assert "checked" in box  # the tick is kept
    comment.refresh_from_db()
    assert comment.state == Comment.State.PENDING

    both = [*one, "address:storgatan 12"]
    response = client.post(change, {"state": "approved", "confirm": both} | INLINE)
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.state == Comment.State.APPROVED
    assert set(PrivacyConfirmation.objects.values_list("text", "confirmed_by")) == {
        ("070-123 45 67", moderator.pk),
        ("Storgatan 12", moderator.pk),
    }


def test_hiding_a_comment_with_hits_needs_no_confirmation(client, rep, org, idea, moderator):
    comment = _comment(idea, rep, org, state=Comment.State.PENDING, body=PRIVATE)
    client.force_login(moderator)
    change = reverse("admin:ideas_comment_change", args=[comment.pk])
    response = client.post(change, {"state": "hidden", "hidden_reason": "Om en person"} | INLINE)
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.state == Comment.State.HIDDEN


def test_the_service_itself_refuses_without_the_confirmation(rep, org, idea, moderator):
    comment = _comment(idea, rep, org, state=Comment.State.PENDING, body=PRIVATE)
    assert moderate_comments([comment], moderator=moderator, state="approved") == 0
    comment.refresh_from_db()
    assert comment.state == Comment.State.PENDING
