"""Issue #15 §1 in a browser: anyone follows an idea by e-mail without an account.

The visitor asks on the idea's page, opens the confirmation link from the mail, gets the next
status change with its explanation by mail and stops it with one click; an address that never
confirms gets nothing. axe checks each new page, with and without errors, in both languages.

Tasks run at once in tests (ImmediateBackend), in the live server's thread or the test's, so the
mail lands in the django.core.mail.outbox read here.
"""

import re
import time

import pytest
from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from alerts import tokens
from alerts.models import Subscriber, Subscription
from ideas.models import Status
from tests.alerts.helpers import links
from tests.browser.conftest import assert_no_axe_violations, visit
from tests.factories import change_status, make_idea

SWEDISH = {"locale": "sv-SE", "timezone_id": "Europe/Stockholm"}
EXPLANATION = "Regionen ansvarar för tandvården, så förslaget går vidare dit."


def _wait_for_mail(to: str, after: int = 0, timeout: float = 5.0):
    deadline = time.monotonic() + timeout
    while True:
        found = [message for message in mail.outbox[after:] if message.to == [to]]
        if found:
            return found[-1]
        if time.monotonic() > deadline:
            pytest.fail(f"no e-mail to {to} within {timeout} s")
        time.sleep(0.05)


def _ask_on_the_idea_page(page, idea, email: str) -> None:
    visit(page, idea.get_absolute_url())
    page.get_by_label("Få e-post när något händer med idén").fill(email)
    page.get_by_role("button", name="Få e-post", exact=True).click()
    expect(page).to_have_url(re.compile(r"/bevakning/skickat/$"))


def test_a_visitor_follows_an_idea_by_email_and_stops_with_one_click(new_page):
    idea = make_idea(title="Ledsagning till tandläkaren")
    page = new_page(**SWEDISH)
    _ask_on_the_idea_page(page, idea, "anna@example.org")
    expect(page.get_by_role("heading", level=1)).to_have_text("Titta i din e-post")
    assert_no_axe_violations(page)
    assert page.context.cookies() == []

    stranger = new_page(**SWEDISH)  # asks for an address that never confirms
    _ask_on_the_idea_page(stranger, idea, "bertil@example.org")
    waiting = _wait_for_mail("bertil@example.org")

    confirmation = _wait_for_mail("anna@example.org")
    visit(page, links(confirmation)["bekrafta"])
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Ja, skicka e-post till mig").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Nu får du e-post")
    assert_no_axe_violations(page)

    before = len(mail.outbox)
    change_status(idea, Status.REJECTED, explanation=EXPLANATION)
    alert = _wait_for_mail("anna@example.org", after=before)
    assert EXPLANATION in alert.body
    assert alert.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert [message for message in mail.outbox if message.to == ["bertil@example.org"]] == [waiting]

    visit(page, links(alert)["hantera"])
    expect(page.get_by_role("heading", name="Idén ”Ledsagning till tandläkaren”")).to_be_visible()
    assert_no_axe_violations(page)

    visit(page, links(alert)["avsluta"])
    assert_no_axe_violations(page)
    page.get_by_role("button", name="Stoppa e-posten").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("E-posten är stoppad")
    assert_no_axe_violations(page)
    assert not Subscriber.objects.filter(email="anna@example.org").exists()
    assert Subscription.objects.filter(confirmed_at__isnull=False).count() == 0


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_form_and_its_errors_have_no_axe_violations(new_page, prefix):
    idea = make_idea()
    page = new_page(**SWEDISH)
    visit(page, f"{prefix}/bevakning/ide/{idea.slug}/")
    assert_no_axe_violations(page)
    page.locator("form.stacked-form button[type=submit]").click()
    summary = page.locator("#error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_be_focused()
    assert_no_axe_violations(page)
    page.locator("#id_email").fill("fel")
    page.locator("form.stacked-form button[type=submit]").click()
    expect(summary).to_be_visible()
    assert_no_axe_violations(page)
    for path in ["/bevakning/beslut/", "/bevakning/skickat/", "/bevakning/avsluta/fel/"]:
        visit(page, prefix + path, status=404 if "fel" in path else 200)
        assert_no_axe_violations(page)
    visit(page, f"{prefix}{idea.get_absolute_url()}")
    assert_no_axe_violations(page)


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_pages_behind_the_mails_links_have_no_axe_violations(new_page, prefix):
    idea = make_idea()
    subscriber = Subscriber.objects.create(email="anna@example.org", language="sv")
    confirmed = Subscription.objects.create(
        subscriber=subscriber,
        topic=Subscription.Topic.IDEA,
        idea=idea,
        confirmed_at=timezone.now(),
    )
    waiting = Subscription.objects.create(subscriber=subscriber, topic=Subscription.Topic.DECISIONS)
    page = new_page(**SWEDISH)
    manage = f"{prefix}/bevakning/hantera/{tokens.manage_token(subscriber.pk)}/"
    confirm = tokens.confirm_token(waiting.pk, frequency="weekly", comments=False, language="sv")
    unsubscribe = tokens.unsubscribe_token(subscriber.pk, [confirmed.pk])
    for path in [
        manage,
        f"{prefix}/bevakning/bekrafta/{confirm}/",
        f"{prefix}/bevakning/avsluta/{unsubscribe}/",
    ]:
        visit(page, path)
        assert_no_axe_violations(page)
        page.locator("main form button[type=submit]").first.click()
        expect(page.locator("[role=status]").first).to_be_visible()
        assert_no_axe_violations(page)
    visit(page, manage)
    page.get_by_role("button", name=re.compile("Stop all e-mail|Stoppa all e-post")).click()
    expect(page.locator("[role=status]")).to_be_visible()
    assert_no_axe_violations(page)
    assert not Subscriber.objects.exists()
