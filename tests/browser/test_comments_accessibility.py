"""Comments: no axe violations (WCAG 2.1 A/AA) in either language, on every state they show.

The idea's page with the comment form, empty and with errors; with comments in every state,
replies and an official answer; the reply form; the report page, empty and with errors; and the
account page. The representative's session is set in the browser directly: logging in has its
own tests.
"""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import User
from django.utils import timezone
from playwright.sync_api import expect

from ideas.models import Comment, Follow
from tests.browser.conftest import _console_logs, assert_no_axe_violations, logged_in, visit
from tests.factories import make_idea, make_organisation, make_representative

LANGUAGES = {"sv": "", "en": "/en"}
SEND = {"sv": "Skicka kommentaren", "en": "Send the comment"}
SEND_REPORT = {"sv": "Skicka anmälan", "en": "Send the report"}
WAITING = {"sv": "Väntar på granskning", "en": "Waiting for a moderator"}
HIDDEN_REASON = "Kommentaren berättade om en enskild persons situation."


@pytest.fixture
def site():
    """A representative of two organisations, an idea without comments and one with many."""
    vagen = make_organisation(name="Brukarföreningen Vägen", slug="vagen")
    relatives = make_organisation(name="Anhörigföreningen", slug="anhoriga")
    # No password: they are logged in by their session cookie (and hashing one is slow).
    writer = make_representative(
        first_name="Rut", last_name="Ek", organisations=[vagen, relatives], password=None
    ).user
    other = make_representative(
        first_name="Per", last_name="Lund", organisations=[relatives], password=None
    ).user
    official = User.objects.create_user(
        "karin.berg", "karin.berg@example.org", first_name="Karin", last_name="Berg", is_staff=True
    )
    quiet = make_idea(title="Brev på lätt svenska", slug="brev-pa-latt-svenska")
    busy = make_idea(title="Kvällsöppet på mottagningen", slug="kvallsoppet")
    Follow.objects.create(user=writer, idea=busy)

    start = timezone.now() - timedelta(days=5)

    def comment(author, organisation, state, hours, **fields):
        fields.setdefault("body", "Vi stöder förslaget.\n\nLäs mer på https://example.org/kvall")
        return Comment.objects.create(
            idea=busy,
            author=author,
            organisation=organisation,
            state=state,
            created_at=start + timedelta(hours=hours),
            **fields,
        )

    approved = comment(other, relatives, Comment.State.APPROVED, 1)
    comment(
        official,
        None,
        Comment.State.APPROVED,
        2,
        parent=approved,
        is_official=True,
        body="Förvaltningen utreder kostnaden och återkommer i juni.",
    )
    comment(writer, vagen, Comment.State.APPROVED, 3, parent=approved, body="Vi håller med.")
    comment(other, relatives, Comment.State.HIDDEN, 4, hidden_reason=HIDDEN_REASON)
    comment(other, relatives, Comment.State.WITHDRAWN, 5)
    comment(writer, vagen, Comment.State.PENDING, 6, body="Gärna även på lördagar.")
    return {"writer": writer, "quiet": quiet, "busy": busy, "approved": approved}


@pytest.mark.parametrize("language", LANGUAGES)
def test_comment_form_empty_and_with_errors(new_page, live_server, site, language):
    prefix = LANGUAGES[language]
    idea = site["quiet"]
    page = logged_in(new_page, live_server, site["writer"])
    visit(page, prefix + idea.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", language)
    form = page.locator("#skriv-kommentar")
    expect(form.locator("input[name=organisation]")).to_have_count(2)
    expect(form.locator("#id_body")).to_be_visible()
    assert_no_axe_violations(page)

    # Sent empty, with no organisation chosen: htmx swaps in the form with both errors.
    page.evaluate("window.__marker = 1")
    action = f"{live_server.url}{prefix}{idea.get_absolute_url()}kommentarer/"
    # The browser logs the 422 as an error of the page that made the request.
    _console_logs[page].expect_status(page.url, 422)
    with page.expect_response(action) as answer:
        form.get_by_role("button", name=SEND[language]).click()
    assert answer.value.status == 422
    assert answer.value.request.headers.get("hx-request") == "true"
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_count(2)
    for href in links.evaluate_all("links => links.map(a => a.getAttribute('href'))"):
        expect(page.locator(href), f"the summary links to {href}").to_have_count(1)
    expect(page.locator("#id_body")).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_body")).to_have_accessible_description(
        re.compile(re.escape(page.locator("#id_body-error").inner_text()))
    )
    expect(page.locator("#skriv-kommentar fieldset")).to_have_accessible_description(
        page.locator("#id_organisation-error").inner_text()
    )
    assert page.evaluate("window.__marker") == 1, "the form was not sent through htmx"
    assert not Comment.objects.filter(idea=idea).exists()
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_axe_violations(page)

    # The summary's link to the organisations leads to the first of them.
    links.first.click()
    expect(page.locator("#skriv-kommentar input[name=organisation]").first).to_be_focused()


@pytest.mark.parametrize("language", LANGUAGES)
def test_comments_in_every_state_and_the_reply_form(new_page, live_server, site, language):
    prefix = LANGUAGES[language]
    idea = site["busy"]
    page = logged_in(new_page, live_server, site["writer"])
    visit(page, prefix + idea.get_absolute_url())
    expect(page.locator("html")).to_have_attribute("lang", language)
    # What makes the page worth checking is there.
    threads = page.locator("#comments-content > .comment-list > li")
    expect(threads).to_have_count(4)
    expect(threads.nth(0).locator(".replies .comment")).to_have_count(2)
    expect(page.locator(".comment-official")).to_have_count(1)
    expect(page.locator(".comment-note")).to_have_count(2)
    expect(page.get_by_text(HIDDEN_REASON)).to_be_visible()
    expect(page.locator(".comment .badge")).to_have_text([re.compile(WAITING[language])])
    expect(page.locator(".comment-actions button")).to_have_count(2)  # withdraw the own two
    assert_no_axe_violations(page)

    reply = page.locator(f"#kommentar-{site['approved'].pk} .comment-actions a").first
    reply.click()
    expect(page).to_have_url(re.compile(rf"\?svara={site['approved'].pk}#skriv-kommentar$"))
    expect(page.locator("#skriv-kommentar input[name=parent]")).to_have_value(
        str(site["approved"].pk)
    )
    expect(page.locator("#comment-form-heading")).to_contain_text("Anhörigföreningen")
    assert_no_axe_violations(page)


LATER = {"sv": "Senare kommentarer", "en": "Later comments"}
EARLIER = {"sv": "Tidigare kommentarer", "en": "Earlier comments"}


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_discussion_page_by_page_with_the_keyboard(new_page, live_server, site, language):
    """45 threads: twenty a page, the next page reached with the keyboard alone, at the top
    of the comments, and no axe violations on either page."""
    prefix = LANGUAGES[language]
    idea = site["quiet"]
    relatives = site["approved"].organisation
    start = timezone.now() - timedelta(days=50)
    for n in range(1, 46):
        Comment.objects.create(
            idea=idea,
            author=site["approved"].author,
            organisation=relatives,
            state=Comment.State.APPROVED,
            body=f"Tråd nummer {n}.",
            created_at=start + timedelta(days=n),
        )
    page = new_page()
    visit(page, prefix + idea.get_absolute_url())
    threads = page.locator("#comments-content > .comment-list > li")
    expect(threads).to_have_count(20)
    pages = page.get_by_role("navigation", name=re.compile("kommentarer|comments"))
    expect(pages.locator("[aria-current=page]")).to_contain_text("1")
    assert_no_axe_violations(page)

    later = pages.get_by_role("link", name=LATER[language])
    later.focus()
    expect(later).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"\?sida=2#kommentarer$"))
    expect(threads).to_have_count(20)
    expect(threads.first).to_contain_text("Tråd nummer 21.")
    expect(pages.get_by_role("link", name=EARLIER[language])).to_be_visible()
    expect(page.locator("html")).to_have_attribute("lang", language)
    assert_no_axe_violations(page)


@pytest.mark.parametrize("language", LANGUAGES)
def test_report_page_empty_and_with_errors_and_the_account_page(
    new_page, live_server, site, language
):
    prefix = LANGUAGES[language]
    approved = site["approved"]
    page = logged_in(new_page, live_server, site["writer"])
    report = f"{prefix}/kommentarer/{approved.pk}/anmal/"
    visit(page, report)
    expect(page.locator("html")).to_have_attribute("lang", language)
    expect(page.locator("#id_reason")).to_be_visible()
    assert_no_axe_violations(page)

    _console_logs[page].expect_status(f"{live_server.url}{report}", 422)
    with page.expect_response(f"{live_server.url}{report}") as answer:
        page.get_by_role("button", name=SEND_REPORT[language]).click()
    assert answer.value.status == 422
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_reason")
    expect(page.locator("#id_reason")).to_have_attribute("aria-invalid", "true")
    assert not approved.reports.exists()
    assert_no_axe_violations(page)

    visit(page, f"{prefix}/konto/")
    expect(page.locator("html")).to_have_attribute("lang", language)
    followed = page.locator(f"main a[href='{prefix}{site['busy'].get_absolute_url()}']")
    expect(followed).to_be_visible()
    expect(page.locator("input[name=notify]")).to_have_count(3)
    assert_no_axe_violations(page)
