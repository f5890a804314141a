"""A representative is invited, comments, is moderated and hears of the idea's next status.

All of it as people do it in Chromium: the editor and the moderator in the admin, the
representative and an anonymous visitor on the public site. Then, on their own: a comment sent
without JavaScript, and one written and sent with the keyboard alone.

Background tasks run at once in tests (ImmediateBackend), in the live server's thread of this
process, so their e-mail lands in the same django.core.mail.outbox the test reads.
"""

import re
import time
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group as StaffGroup
from django.contrib.auth.models import User
from django.core import mail
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from directory.models import Representative
from ideas.models import Comment, Follow, Status
from portal import roles
from tests.browser.conftest import _console_logs, log_in_to_admin, logged_in, visit
from tests.factories import make_editor, make_idea, make_organisation, make_representative

SWEDISH = {"locale": "sv-SE", "timezone_id": "Europe/Stockholm"}
PASSWORD = "korrekt-hast-batteri-1"
CHOSEN_PASSWORD = "ett-eget-och-langt-losenord-42"
EMAIL = "rut.ek@example.org"
TITLE = "Kvällsöppet på mottagningen"
BODY = "Vi stöder förslaget: kvällstider hjälper alla som arbetar dagtid och inte kan ta ledigt."
EXPLANATION = "Socialnämnden beslutade att mottagningen har öppet till kl. 19 två dagar i veckan."
WAITING = "Väntar på granskning"
SEND = "Skicka kommentaren"
EMPTY_ERROR = "Skriv en kommentar innan du skickar."


def test_invited_representative_comments_is_moderated_and_hears_of_the_decision(new_page):
    vagen = make_organisation(name="Brukarföreningen Vägen", slug="vagen")
    relatives = make_organisation(name="Anhörigföreningen", slug="anhoriga")
    make_organisation(name="Föreningen Gemenskap", slug="gemenskap")
    idea = make_idea(title=TITLE, slug="kvallsoppet", raised_on=_days_ago(30))
    make_editor("redaktor", PASSWORD)
    moderator = User.objects.create_user(
        "moderator", "moderator@example.org", PASSWORD, is_staff=True
    )
    moderator.groups.add(StaffGroup.objects.get(name=roles.MODERATOR))

    # a. The editor invites the representative, for two of the organisations.
    editor = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    log_in_to_admin(editor, "redaktor", PASSWORD)
    visit(editor, "/admin/directory/representative/add/")
    editor.locator("#id_first_name").fill("Rut")
    editor.locator("#id_last_name").fill("Ek")
    editor.locator("#id_email").fill(EMAIL)
    editor.get_by_label(vagen.name, exact=True).check()
    editor.get_by_label(relatives.name, exact=True).check()
    editor.locator("input[name=_save]").click()
    expect(editor.locator(".messagelist .success").first).to_be_visible()
    expect(editor.locator(".messagelist")).to_contain_text(f"Inbjudan skickas till {EMAIL}")
    assert not editor.locator(".errornote, .errorlist li").all_inner_texts()
    representative = Representative.objects.get(user__email=EMAIL)
    assert set(representative.organisations.all()) == {vagen, relatives}
    assert not representative.user.has_usable_password()

    (invitation,) = _wait_for_mail(lambda message: message.to == [EMAIL])
    link = re.search(r"/konto/inbjudan/[^/\s]+/[^/\s]+/", invitation.body)
    assert link, f"no invitation link in the e-mail:\n{invitation.body}"

    # b. The representative follows the link, chooses a password and is logged in.
    writer = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    visit(writer, link.group())
    expect(writer).to_have_url(re.compile(r"/konto/inbjudan/[^/]+/set-password/$"))
    writer.locator("#id_new_password1").fill(CHOSEN_PASSWORD)
    writer.locator("#id_new_password2").fill(CHOSEN_PASSWORD)
    writer.locator("main form button[type=submit]").click()
    expect(writer).to_have_url(re.compile(r"/konto/$"))
    expect(writer.locator(".messages")).to_be_visible()
    expect(writer.locator(".account-link")).to_contain_text("Rut Ek")
    representative.user.refresh_from_db()
    assert representative.user.check_password(CHOSEN_PASSWORD)

    # c. They follow the idea and comment for one of their organisations, all through htmx.
    visit(writer, idea.get_absolute_url())
    writer.evaluate("window.__marker = 1")
    with writer.expect_response(lambda r: r.url.endswith("/folj/")) as answer:
        writer.get_by_role("button", name="Följ idén via e-post").click()
    assert answer.value.request.headers.get("hx-request") == "true"
    expect(writer.locator("#follow")).to_contain_text("Du följer idén")
    assert Follow.objects.filter(user=representative.user, idea=idea).exists()

    form = writer.locator("#skriv-kommentar")
    expect(form.locator("input[name=organisation]")).to_have_count(2)
    form.get_by_label(relatives.name, exact=True).check()
    form.get_by_label("Din kommentar").fill(BODY)
    with writer.expect_response(lambda r: r.url.endswith("/kommentarer/")) as answer:
        form.get_by_role("button", name=SEND).click()
    assert answer.value.request.headers.get("hx-request") == "true"
    assert answer.value.status == 200
    comment = Comment.objects.get()
    assert (comment.state, comment.organisation) == (Comment.State.PENDING, relatives)
    own = writer.locator(f"#kommentar-{comment.pk}")
    expect(own).to_contain_text(BODY)
    expect(own.locator(".badge")).to_contain_text(WAITING)
    expect(own.locator(".comment-by a")).to_have_text(relatives.name)
    expect(form.get_by_label("Din kommentar")).to_have_value("")
    assert writer.evaluate("window.__marker") == 1, "sending the comment reloaded the page"
    (waiting,) = _wait_for_mail(lambda message: message.to == [moderator.email])
    assert TITLE in waiting.subject
    assert BODY not in waiting.body, "the moderators' e-mail must not quote the comment"

    # d. An anonymous visitor does not see a comment that waits for moderation.
    visitor = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    visit(visitor, idea.get_absolute_url())
    expect(visitor.locator("#comments-heading")).to_be_visible()
    expect(visitor.get_by_text(BODY)).to_have_count(0)
    expect(visitor.locator("#comments-content .comment")).to_have_count(0)

    # e. The moderator approves it from the queue in the admin.
    moderation = new_page(locale="sv-SE", timezone_id="Europe/Stockholm")
    log_in_to_admin(moderation, "moderator", PASSWORD)
    visit(moderation, "/admin/ideas/comment/")
    row = moderation.locator("#result_list tbody tr", has_text=BODY[:60])
    expect(row).to_have_count(1)
    row.locator("input.action-select").check()
    moderation.locator("select[name=action]").select_option("approve")
    moderation.locator("button[name=index]").click()
    expect(moderation.locator(".messagelist .success")).to_have_text("1 kommentar godkändes.")
    comment.refresh_from_db()
    assert (comment.state, comment.moderated_by) == (Comment.State.APPROVED, moderator)

    # f. The visitor reloads and sees it, with the organisation and the writer's name.
    visitor.reload()
    public = visitor.locator(f"#kommentar-{comment.pk}")
    expect(public).to_contain_text(BODY)
    expect(public.locator(".badge")).to_have_count(0)
    expect(public.locator(".comment-by")).to_contain_text("Rut Ek")
    organisation_link = public.locator(".comment-by a")
    expect(organisation_link).to_have_text(relatives.name)
    expect(organisation_link).to_have_attribute("href", relatives.get_absolute_url())
    organisation_link.click()
    expect(visitor).to_have_url(re.compile(rf"{re.escape(relatives.get_absolute_url())}$"))
    expect(visitor.get_by_role("heading", level=1)).to_have_text(relatives.name)

    # g. The editor records the decision in the admin; the follower gets it by e-mail.
    before = len(mail.outbox)
    visit(editor, f"/admin/ideas/idea/{idea.pk}/change/")
    editor.locator("#id_trail-0-status").select_option(Status.DECIDED)
    editor.locator("#id_trail-0-decided_on").fill(timezone.localdate().isoformat())
    editor.locator("#id_trail-0-decided_by").fill("Socialnämnden")
    editor.locator("#id_trail-0-explanation").fill(EXPLANATION)
    editor.locator("input[name=_save]").click()
    expect(editor.locator(".messagelist .success").first).to_be_visible()
    assert not editor.locator(".errornote, .errorlist li").all_inner_texts()
    change = idea.trail.first()
    assert change.status == Status.DECIDED

    (news,) = _wait_for_mail(lambda message: message.to == [EMAIL], after=before)
    assert news.subject == f"”{TITLE}”: Beslutad – genomförs"
    assert EXPLANATION in news.body
    assert "Socialnämnden" in news.body
    assert news.body.count(f"{idea.get_absolute_url()}#andring-{change.pk}") == 1
    time.sleep(0.2)  # nobody else follows the idea: no second message may turn up
    assert [m.to for m in mail.outbox[before:]] == [[EMAIL]]


def test_comment_without_javascript_keeps_the_choice_and_returns_to_the_comment(
    new_page, live_server
):
    vagen = make_organisation(name="Brukarföreningen Vägen", slug="vagen")
    relatives = make_organisation(name="Anhörigföreningen", slug="anhoriga")
    representative = make_representative(
        first_name="Rut", last_name="Ek", organisations=[vagen, relatives], password=None
    )
    idea = make_idea(title=TITLE, slug="kvallsoppet")
    page = logged_in(
        new_page, live_server, representative.user, **SWEDISH, java_script_enabled=False
    )
    visit(page, idea.get_absolute_url())
    action = f"{live_server.url}{idea.get_absolute_url()}kommentarer/"

    # Empty: refused, with the error in the summary and at the field; the choice is kept.
    page.get_by_label(relatives.name, exact=True).check()
    _console_logs[page].expect_status(action, 422)
    with page.expect_response(action) as answer:
        page.get_by_role("button", name=SEND).click()
    assert answer.value.status == 422
    page.wait_for_load_state()
    summary = page.locator(".error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("Kommentaren skickades inte")
    # Focused, so in view and read out, though the form is at the foot of a long page.
    expect(summary).to_be_focused()
    expect(summary).to_be_in_viewport()
    expect(summary.get_by_role("link")).to_have_text([EMPTY_ERROR])
    expect(summary.get_by_role("link")).to_have_attribute("href", "#id_body")
    expect(page.locator("#id_body-error")).to_have_text(EMPTY_ERROR)
    expect(page.locator("#id_body")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label(relatives.name, exact=True)).to_be_checked()
    expect(page.get_by_label(vagen.name, exact=True)).not_to_be_checked()
    assert not Comment.objects.exists()

    # Written: saved, and the browser is sent back to the comment in the idea's page.
    page.locator("#id_body").fill(BODY)
    page.get_by_role("button", name=SEND).click()
    page.wait_for_load_state()
    comment = Comment.objects.get()
    assert (comment.organisation, comment.body) == (relatives, BODY)
    expect(page).to_have_url(
        re.compile(rf"{re.escape(idea.get_absolute_url())}#kommentar-{comment.pk}$")
    )
    shown = page.locator(f"#kommentar-{comment.pk}")
    expect(shown).to_contain_text(BODY)
    expect(shown.locator(".badge")).to_contain_text(WAITING)
    expect(shown.locator(".comment-by a")).to_have_text(relatives.name)
    expect(page.locator(".error-summary")).to_have_count(0)


def test_comment_written_and_sent_with_the_keyboard_alone(new_page, live_server):
    organisations = [
        make_organisation(name="Anhörigföreningen", slug="anhoriga"),
        make_organisation(name="Brukarföreningen Vägen", slug="vagen"),
    ]
    representative = make_representative(organisations=organisations, password=None)
    idea = make_idea(title=TITLE, slug="kvallsoppet")
    page = logged_in(new_page, live_server, representative.user, **SWEDISH)
    visit(page, idea.get_absolute_url())
    textarea = page.locator("#id_body")
    send = page.get_by_role("button", name=SEND)

    _press_until_focused(page, "Tab", textarea, limit=40)
    page.keyboard.type(BODY)
    # Back into the organisations, which Tab went past while none was chosen; Space picks one.
    page.keyboard.press("Shift+Tab")
    radio = page.locator("#skriv-kommentar input[name=organisation]:focus")
    expect(radio).to_have_count(1)
    _assert_focus_visible(page)
    radio_id = radio.get_attribute("id")
    page.keyboard.press("Space")
    expect(page.locator(f"#{radio_id}")).to_be_checked()
    chosen = page.locator(f"label[for='{radio_id}']").inner_text()
    _press(page, "Tab", textarea)
    expect(textarea).to_have_value(BODY)
    _press(page, "Tab", send)

    with page.expect_response(lambda r: r.url.endswith("/kommentarer/")) as answer:
        page.keyboard.press("Enter")
    assert answer.value.request.headers.get("hx-request") == "true"
    comment = Comment.objects.get()
    assert (comment.organisation.name, comment.body) == (chosen, BODY)
    shown = page.locator(f"#kommentar-{comment.pk}")
    expect(shown).to_contain_text(BODY)
    expect(shown.locator(".badge")).to_contain_text(WAITING)
    expect(shown.locator(".comment-by a")).to_have_text(chosen)
    # The form was swapped for a fresh one; focus stays on its send button, not lost.
    expect(send).to_be_focused()
    expect(textarea).to_have_value("")


def _days_ago(days: int):
    return timezone.localdate() - timedelta(days=days)


def _wait_for_mail(wanted, after: int = 0, timeout: float = 5.0) -> list:
    """The messages in the outbox (from index `after`) that are `wanted`, once there are any."""
    deadline = time.monotonic() + timeout
    while True:
        found = [message for message in mail.outbox[after:] if wanted(message)]
        if found:
            return found
        if time.monotonic() > deadline:
            sent = [(message.to, message.subject) for message in mail.outbox]
            pytest.fail(f"the e-mail did not arrive within {timeout} s; the outbox: {sent}")
        time.sleep(0.05)


def _assert_focus_visible(page: Page) -> None:
    focused = page.locator(":focus")
    expect(focused).to_have_count(1)
    assert focused.evaluate("e => e.matches(':focus-visible')")
    style = focused.evaluate(
        "e => { const s = getComputedStyle(e);"
        " return {outline: s.outlineStyle, width: s.outlineWidth, shadow: s.boxShadow}; }"
    )
    visible_outline = style["outline"] != "none" and style["width"] != "0px"
    assert visible_outline or style["shadow"] != "none", (
        f"{focused.evaluate('e => e.outerHTML.slice(0, 120)')} has no visible focus: {style}"
    )


def _press(page: Page, key: str, target: Locator) -> None:
    page.keyboard.press(key)
    expect(target).to_be_focused()
    _assert_focus_visible(page)


def _press_until_focused(page: Page, key: str, target: Locator, limit: int) -> None:
    for _ in range(limit):
        page.keyboard.press(key)
        _assert_focus_visible(page)
        if target.evaluate("e => e === document.activeElement"):
            return
    pytest.fail(f"{limit} presses of {key} did not reach {target}")
