"""The refusal pages as people meet them in Chromium: the site's own, in their language, and
without axe violations.

A moderator opening a form of the admin that is not theirs, an account that may not comment
posting one, and a form sent without the cookie that proves it came from the site.
"""

import re

import pytest
from django.contrib.auth.models import User
from playwright.sync_api import Page, expect

from tests.browser.conftest import _console_logs, assert_no_axe_violations, visit
from tests.factories import make_idea, make_moderator

PASSWORD = "korrekt-hast-batteri-1"


def _expect_site_page(page: Page, language: str, heading: str) -> None:
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect(
        page.get_by_role("navigation", name="Huvudmeny" if language == "sv" else "Main menu")
    ).to_be_visible()
    expect(page.locator("body")).not_to_contain_text("Forbidden")
    assert_no_axe_violations(page)


def test_a_moderator_refused_in_the_admin_gets_the_sites_page(new_page):
    make_moderator(username="moderator", password=PASSWORD)
    moderator = new_page(locale="sv-SE")
    visit(moderator, "/admin/")
    moderator.locator("#id_username").fill("moderator")
    moderator.locator("#id_password").fill(PASSWORD)
    moderator.locator("#login-form [type=submit]").click()
    expect(moderator).to_have_url(re.compile(r"/admin/$"))

    visit(moderator, "/admin/meetings/meeting/add/", 403)
    _expect_site_page(moderator, "sv", "Du får inte göra det här")
    expect(moderator.locator("main")).to_contain_text("Inget ändrades.")
    # The admin is in one language: no link to an English admin that does not exist.
    expect(moderator.locator(".language-link")).to_have_count(0)
    moderator.get_by_role("link", name="gå tillbaka till administrationen").click()
    expect(moderator).to_have_url(re.compile(r"/admin/$"))


@pytest.mark.parametrize(
    ("prefix", "language", "heading", "send"),
    [
        ("", "sv", "Du får inte göra det här", "Skicka"),
        ("/en", "en", "You may not do this", "Send"),
    ],
)
def test_an_account_that_may_not_comment_gets_the_sites_page(
    new_page, prefix, language, heading, send
):
    idea = make_idea()
    User.objects.create_user("lasare@example.org", "lasare@example.org", PASSWORD)
    reader = new_page(locale="sv-SE" if language == "sv" else "en-GB")
    visit(reader, f"{prefix}/konto/logga-in/")
    reader.locator("#id_username").fill("lasare@example.org")
    reader.locator("#id_password").fill(PASSWORD)
    reader.locator("main form [type=submit]").click()
    expect(reader.locator(".logout-form")).to_be_visible()
    visit(reader, f"{prefix}{idea.get_absolute_url()}")
    # The page offers no comment form to this account; post one as a crafted form would, with
    # the page's own CSRF token (from the log-out form).
    token = reader.locator(".logout-form [name=csrfmiddlewaretoken]").get_attribute("value")
    with reader.expect_navigation() as navigation:
        reader.evaluate(
            """([action, token]) => {
                const form = document.createElement("form");
                form.method = "post";
                form.action = action;
                for (const [name, value] of [["csrfmiddlewaretoken", token], ["body", "Hej"]]) {
                    const input = document.createElement("input");
                    input.type = "hidden";
                    input.name = name;
                    input.value = value;
                    form.append(input);
                }
                document.body.append(form);
                form.submit();
            }""",
            [f"{prefix}{idea.get_absolute_url()}kommentarer/", token],
        )
    assert navigation.value.status == 403
    _console_logs[reader].expect_status(navigation.value.url, 403)
    _expect_site_page(reader, language, heading)


@pytest.mark.parametrize(
    ("prefix", "language", "heading"),
    [("", "sv", "Formuläret kunde inte skickas"), ("/en", "en", "The form could not be sent")],
)
def test_a_form_sent_without_its_cookie_gets_the_sites_page(new_page, prefix, language, heading):
    visitor = new_page(locale="sv-SE" if language == "sv" else "en-GB")
    visit(visitor, f"{prefix}/konto/logga-in/")
    # As when the browser blocks cookies, or the page was open for very long.
    visitor.context.clear_cookies()
    visitor.locator("#id_username").fill("någon@example.org")
    visitor.locator("#id_password").fill("fel-losenord")
    with visitor.expect_navigation() as navigation:
        visitor.locator("main form [type=submit]").click()
    assert navigation.value.status == 403
    _console_logs[visitor].expect_status(navigation.value.url, 403)
    _expect_site_page(visitor, language, heading)
