"""A refusal is the site's own page in the visitor's language, never Django's bare
"403 Forbidden": in the admin, on the public site, and for a form refused for its CSRF token."""

import pytest
from django.contrib.auth.models import User
from django.test import Client

from tests.factories import make_idea, make_moderator

pytestmark = pytest.mark.django_db


def _assert_site_page(response, language: str, heading: str) -> None:
    assert response.status_code == 403
    text = response.text
    assert "403 Forbidden" not in text
    assert f'<html lang="{language}">' in text
    assert f"<h1>{heading}</h1>" in text
    assert 'class="site-header"' in text
    assert 'href="/static/css/site.css"' in text
    assert '<meta name="robots" content="noindex">' in text
    assert "<style" not in text and " style=" not in text


def test_a_moderator_refused_in_the_admin_gets_the_sites_page_in_swedish(client):
    client.force_login(make_moderator())
    response = client.get("/admin/meetings/meeting/add/")
    _assert_site_page(response, "sv", "Du får inte göra det här")
    assert "Ditt konto har inte behörighet" in response.text
    # Staff are offered the way back to where they work.
    assert '<a href="/admin/">gå tillbaka till administrationen</a>' in response.text
    # The admin is in one language: no link to an English admin that does not exist.
    assert 'class="language-link"' not in response.text


def test_a_refusal_on_the_english_site_is_in_english():
    idea = make_idea()
    # Neither staff nor a representative: may read, but not comment.
    user = User.objects.create_user("lasare", "lasare@example.org")
    client = Client()
    client.force_login(user)
    response = client.post(f"/en{idea.get_absolute_url()}kommentarer/", {"body": "Hej"})
    _assert_site_page(response, "en", "You may not do this")
    assert "Your account does not have permission" in response.text
    assert "/admin/" not in response.text
    assert f'<a class="language-link" href="/ideer/{idea.slug}/kommentarer/"' in response.text


def test_the_admin_login_refused_for_its_csrf_token_gets_the_sites_page_in_swedish():
    # The admin is outside the language prefixes, so Swedish whatever the browser asks for.
    client = Client(enforce_csrf_checks=True, headers={"accept-language": "en-GB,en"})
    response = client.post("/admin/login/", {"username": "a", "password": "b"})
    _assert_site_page(response, "sv", "Formuläret kunde inte skickas")
