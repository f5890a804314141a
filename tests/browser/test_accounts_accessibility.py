"""The account pages: no axe violations in either language, and the flows work in a browser."""

import re

import pytest
from django.test import Client
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from playwright.sync_api import Page, expect

from directory.tokens import invitation_tokens
from ideas.models import Follow
from tests.browser.conftest import _console_logs, assert_no_axe_violations, visit
from tests.factories import make_idea, make_organisation, make_representative

LANGUAGES = {"sv": "", "en": "/en"}
PASSWORD = "korrekt-hast-batteri-1"
NEW_PASSWORD = "ett-nytt-och-langt-losenord-42"


@pytest.fixture
def representative():
    organisation = make_organisation(name="Brukarföreningen Vägen", slug="vagen")
    return make_representative(
        email="anna@example.org",
        first_name="Anna",
        last_name="Berg",
        organisations=[organisation],
    )


def _invitation_path(prefix: str, user) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"{prefix}/konto/inbjudan/{uid}/{invitation_tokens.make_token(user)}/"


def _submit(page: Page) -> None:
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _log_in(page: Page, prefix: str, username: str, password: str) -> None:
    visit(page, f"{prefix}/konto/logga-in/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(password)
    _submit(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_login_pages(page: Page, language, representative):
    prefix = LANGUAGES[language]
    visit(page, f"{prefix}/konto/logga-in/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_axe_violations(page)

    _log_in(page, prefix, "anna@example.org", "fel-losenord")
    expect(page.locator(".error-summary")).to_be_visible()
    expect(page.locator(".error-summary")).to_be_focused()
    expect(page.locator("#id_username")).to_have_value("anna@example.org")
    expect(page.locator("#id_password")).to_have_attribute("aria-describedby", "form-error")
    assert_no_axe_violations(page)

    visit(page, f"{prefix}/konto/losenord/")
    assert_no_axe_violations(page)
    _submit(page)  # no address: an error
    expect(page.locator("#id_email")).to_have_attribute("aria-invalid", "true")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_invitation_pages(page: Page, language):
    prefix = LANGUAGES[language]
    invited = make_representative(email="bo@example.org", password=None)
    used = make_representative(email="used@example.org", password=None)
    used_path = _invitation_path(prefix, used.user)
    used.user.set_password(NEW_PASSWORD)
    used.user.save()

    visit(page, used_path)
    expect(page.locator("#id_new_password1")).to_have_count(0)
    expect(page.locator(f'main a[href="{prefix}/konto/losenord/"]')).to_be_visible()
    assert_no_axe_violations(page)

    visit(page, _invitation_path(prefix, invited.user))
    expect(page).to_have_url(re.compile(r"/konto/inbjudan/[^/]+/set-password/$"))
    assert_no_axe_violations(page)
    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill("inte-samma-losenord-99")
    _submit(page)
    expect(page.locator(".error-summary")).to_be_focused()
    assert_no_axe_violations(page)

    page.locator("#id_new_password1").fill(NEW_PASSWORD)
    page.locator("#id_new_password2").fill(NEW_PASSWORD)
    _submit(page)
    expect(page).to_have_url(re.compile(rf"{prefix}/konto/$"))
    expect(page.locator(".messages")).to_be_visible()


@pytest.mark.parametrize("language", LANGUAGES)
def test_account_and_privacy_pages(page: Page, language, representative):
    prefix = LANGUAGES[language]
    idea = make_idea(title="Kvällsöppet på mottagningen", slug="kvallsoppet")
    Follow.objects.create(user=representative.user, idea=idea)

    _log_in(page, prefix, "anna@example.org", PASSWORD)
    expect(page).to_have_url(re.compile(rf"{prefix}/konto/$"))
    expect(page.locator(f'main a[href="{prefix}/ideer/kvallsoppet/"]')).to_be_visible()
    assert_no_axe_violations(page)

    page.locator("#id_notify_1").check()
    _submit(page)
    expect(page.locator(".messages")).to_be_visible()
    expect(page.locator("#id_notify_1")).to_be_checked()
    assert_no_axe_violations(page)

    visit(page, f"{prefix}/integritet/")
    assert_no_axe_violations(page)

    page.locator(".logout-form button").click()
    page.wait_for_load_state()
    expect(page.locator(".logout-form")).to_have_count(0)


@pytest.mark.parametrize("language", LANGUAGES)
def test_lockout_page(page: Page, language, live_server, representative):
    prefix = LANGUAGES[language]
    attacker = Client()
    for _ in range(5):
        attacker.post(
            f"{prefix}/konto/logga-in/", {"username": "anna@example.org", "password": "fel"}
        )

    url = f"{live_server.url}{prefix}/konto/logga-in/"
    _console_logs[page].expect_status(url, 429)
    _log_in(page, prefix, "anna@example.org", PASSWORD)

    expect(page.locator("h1")).to_have_count(1)
    expect(page.locator("#id_password")).to_have_count(0)
    expect(page.locator(".logout-form")).to_have_count(0)
    assert_no_axe_violations(page)
