"""Comments on ideas: who may do what, bad input, moderation, and what the public sees."""

import re
from datetime import timedelta

import pytest
from django.contrib.auth.models import Group as StaffGroup
from django.core import mail
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from directory.models import Representative
from ideas.models import Comment, CommentReport, Follow
from ideas.services import moderate_comments
from portal import roles
from tests.factories import make_editor, make_idea, make_organisation

pytestmark = pytest.mark.django_db


def _rep(organisation, username="rep", **names):
    from django.contrib.auth.models import User

    user = User.objects.create_user(
        username, f"{username}@example.org", "korrekt-hast-1", first_name=names.get("first", "Rut"),
        last_name=names.get("last", "Rep"),
    )  # fmt: skip
    representative = Representative.objects.create(user=user)
    representative.organisations.add(organisation)
    return user


@pytest.fixture
def org():
    return make_organisation(name="RFHL", slug="rfhl")


@pytest.fixture
def other_org():
    return make_organisation(name="Attention", slug="attention")


@pytest.fixture
def idea():
    return make_idea(title="En SIP för alla", slug="en-sip")


@pytest.fixture
def rep(org):
    return _rep(org)


@pytest.fixture
def moderator(django_user_model):
    user = django_user_model.objects.create_user("moderator", "mod@example.org", is_staff=True)
    user.groups.add(StaffGroup.objects.get(name=roles.MODERATOR))
    return user


def _post(client, idea, **data):
    return client.post(reverse("ideas:comment", args=[idea.slug]), data)


def _comment(idea, author, organisation, state=Comment.State.APPROVED, **fields):
    fields.setdefault("body", "Bra förslag!")
    return Comment.objects.create(
        idea=idea, author=author, organisation=organisation, state=state, **fields
    )


# Writing


def test_representative_comments_and_sees_it_waiting(client, rep, org, idea):
    client.force_login(rep)
    response = _post(client, idea, organisation=org.pk, body="Vi stöder förslaget.")
    comment = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/ideer/en-sip/#kommentar-{comment.pk}"
    assert comment.state == Comment.State.PENDING and comment.organisation == org
    page = client.get(idea.get_absolute_url()).text
    assert "Vi stöder förslaget." in page and "Väntar på granskning" in page


def test_the_public_sees_nothing_until_a_moderator_approves(client, rep, org, idea):
    _comment(idea, rep, org, state=Comment.State.PENDING, body="Väntande text")
    assert "Väntande text" not in client.get(idea.get_absolute_url()).text
    Comment.objects.update(state=Comment.State.APPROVED)
    page = client.get(idea.get_absolute_url()).text
    assert "Väntande text" in page
    assert '<a href="/organisationer/rfhl/" lang="sv">RFHL</a>' in page
    assert "Rut Rep" in page


def test_without_premoderation_comments_are_public_at_once(client, rep, org, idea, settings):
    settings.COMMENTS_PREMODERATION = False
    client.force_login(rep)
    _post(client, idea, organisation=org.pk, body="Direkt synlig")
    assert Comment.objects.get().state == Comment.State.APPROVED


def test_the_form_states_the_rules_before_writing(client, rep, idea):
    client.force_login(rep)
    page = client.get(idea.get_absolute_url()).text
    form = page[page.index('id="skriv-kommentar"') :]
    assert "allmänna handlingar" in form
    assert "enskilda personers förhållanden" in form
    assert f'href="{reverse("directory:privacy")}"' in form


def test_htmx_post_returns_the_updated_comment_list(client, rep, org, idea):
    client.force_login(rep)
    response = client.post(
        reverse("ideas:comment", args=[idea.slug]),
        {"organisation": org.pk, "body": "Via htmx"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="comments-content"' in response.text and "Via htmx" in response.text


def test_staff_answer_officially_and_are_published_at_once(client, idea):
    client.force_login(make_editor())
    _post(client, idea, body="Förvaltningen svarar.")
    comment = Comment.objects.get()
    assert comment.is_official and comment.organisation is None
    assert comment.state == Comment.State.APPROVED
    assert "Officiellt svar från socialförvaltningen" in client.get(idea.get_absolute_url()).text


def test_reply_one_level_deep(client, rep, org, idea):
    parent = _comment(idea, rep, org)
    client.force_login(rep)
    _post(client, idea, organisation=org.pk, body="Ett svar", parent=parent.pk)
    reply = Comment.objects.get(parent=parent)
    assert reply.body == "Ett svar"
    response = _post(client, idea, organisation=org.pk, body="Svar på svar", parent=reply.pk)
    assert response.status_code == 404
    assert not Comment.objects.filter(body="Svar på svar").exists()


# A long discussion, a page of threads at a time


def _threads(idea, rep, org, count: int) -> list[Comment]:
    start = timezone.now() - timedelta(days=count)
    return [
        _comment(idea, rep, org, body=f"Tråd nummer {n}.", created_at=start + timedelta(days=n))
        for n in range(1, count + 1)
    ]


def _shown(html: str) -> list[int]:
    return [int(n) for n in re.findall(r"Tråd nummer (\d+)\.", html)]


def test_a_long_discussion_is_shown_twenty_threads_a_page(client, rep, org, idea):
    threads = _threads(idea, rep, org, 45)
    reply = _comment(idea, rep, org, body="Ett svar i tråd 25.", parent=threads[24])

    first = client.get("/ideer/en-sip/").content.decode()
    assert _shown(first) == list(range(1, 21))
    assert "Sida 1 av 3" in first
    assert 'href="?sida=2#kommentarer" rel="next">Senare kommentarer' in first
    assert 'aria-label="Sidor med kommentarer"' in first

    second = client.get("/ideer/en-sip/?sida=2").content.decode()
    assert _shown(second) == list(range(21, 41))
    # Said under the heading too: a visitor who arrives at #kommentarer hears it first.
    assert re.search(r'id="comments-heading">[^<]*</h2>\s*<p class="meta">Sida 2 av 3</p>', second)
    assert f'id="kommentar-{reply.pk}"' in second
    assert 'href="?sida=1#kommentarer" rel="prev">Tidigare kommentarer' in second
    assert _shown(client.get("/ideer/en-sip/?sida=3").content.decode()) == list(range(41, 46))
    for page in ["4", "0", "x", "2.5"]:
        assert client.get(f"/ideer/en-sip/?sida={page}").status_code == 404


def test_a_short_discussion_has_no_pages(client, rep, org, idea):
    _threads(idea, rep, org, 20)
    html = client.get("/ideer/en-sip/").content.decode()
    assert _shown(html) == list(range(1, 21))
    assert "Sidor med kommentarer" not in html


def test_a_comments_permanent_address_leads_to_the_page_that_shows_it(client, rep, org, idea):
    threads = _threads(idea, rep, org, 45)
    reply = _comment(idea, rep, org, body="Ett svar.", parent=threads[24])
    pending = _comment(idea, rep, org, state=Comment.State.PENDING)

    def followed(comment):
        return client.get(comment.get_absolute_url())

    assert (
        threads[0].get_absolute_url() == f"/kommentarer/{threads[0].pk}/#kommentar-{threads[0].pk}"
    )
    assert followed(threads[0])["Location"] == f"/ideer/en-sip/#kommentar-{threads[0].pk}"
    assert followed(threads[29])["Location"] == f"/ideer/en-sip/?sida=2#kommentar-{threads[29].pk}"
    assert followed(reply)["Location"] == f"/ideer/en-sip/?sida=2#kommentar-{reply.pk}"
    assert followed(pending).status_code == 404  # only its writer sees it
    client.force_login(rep)
    assert followed(pending)["Location"] == f"/ideer/en-sip/?sida=3#kommentar-{pending.pk}"


def test_a_comment_posted_to_a_long_discussion_is_shown_on_its_page(client, rep, org, idea):
    threads = _threads(idea, rep, org, 40)
    client.force_login(rep)

    response = _post(client, idea, organisation=org.pk, body="Den fyrtioförsta.")
    comment = Comment.objects.get(body="Den fyrtioförsta.")
    assert response["Location"] == f"/ideer/en-sip/?sida=3#kommentar-{comment.pk}"

    reply = _post(client, idea, organisation=org.pk, body="Ett svar.", parent=threads[30].pk)
    answer = Comment.objects.get(body="Ett svar.")
    assert reply["Location"] == f"/ideer/en-sip/?sida=2#kommentar-{answer.pk}"


def test_the_reply_link_keeps_the_page(client, rep, org, idea):
    threads = _threads(idea, rep, org, 25)
    client.force_login(rep)
    html = client.get("/ideer/en-sip/?sida=2").content.decode()
    assert f'href="?sida=2&amp;svara={threads[22].pk}#skriv-kommentar"' in html
    form = client.get(f"/ideer/en-sip/?sida=2&svara={threads[22].pk}").content.decode()
    assert _shown(form) == list(range(21, 26))
    assert f'name="parent" value="{threads[22].pk}"' in form


def test_a_page_of_comments_costs_the_same_queries_whatever_its_length(client, rep, org, idea):
    _threads(idea, rep, org, 3)
    with CaptureQueriesContext(connection) as short:
        client.get("/ideer/en-sip/")
    threads = _threads(idea, rep, org, 60)
    for thread in threads[:30]:
        _comment(idea, rep, org, parent=thread)
    with CaptureQueriesContext(connection) as long:
        client.get("/ideer/en-sip/?sida=2")
    assert len(long) == len(short)


# Bad input: a clear refusal, the text kept, nothing executable on a page


def _refused(response, text, message):
    assert response.status_code in (422, 429)
    page = response.text
    assert message in page
    assert text in page or not text  # what was typed is still in the form
    return page


def test_empty_comment_is_refused(client, rep, org, idea):
    client.force_login(rep)
    _refused(_post(client, idea, organisation=org.pk, body="   "), "", "Skriv en kommentar")
    assert not Comment.objects.exists()


def test_comment_over_the_limit_is_refused_and_kept(client, rep, org, idea):
    client.force_login(rep)
    text = "Lång text. " * 250
    page = _refused(
        _post(client, idea, organisation=org.pk, body=text), text.strip()[:500], "högst 2000"
    )
    assert not Comment.objects.exists()
    assert page.count("Lång text.") >= 200


def test_script_and_javascript_links_never_reach_a_page_as_code(client, rep, org, idea):
    client.force_login(rep)
    body = (
        '<script>alert("x")</script> [klick](javascript:alert(1)) '
        '<a href="javascript:alert(2)">x</a> javascript:alert(3)'
    )
    _post(client, idea, organisation=org.pk, body=body)
    Comment.objects.update(state=Comment.State.APPROVED)
    page = client.get(idea.get_absolute_url()).text
    assert "<script>alert" not in page
    assert 'href="javascript:' not in page
    assert "&lt;script&gt;alert" in page  # shown as text, harmlessly


def test_closed_idea_refuses_new_comments(client, rep, org, idea):
    idea.open_for_comments = False
    idea.save()
    client.force_login(rep)
    page = _refused(
        _post(client, idea, organisation=org.pk, body="Sent"), "Sent", "stängd för kommentarer"
    )
    assert not Comment.objects.exists()
    assert 'id="skriv-kommentar"' not in client.get(idea.get_absolute_url()).text
    assert page


def test_repeated_post_is_refused(client, rep, org, idea):
    client.force_login(rep)
    _post(client, idea, organisation=org.pk, body="Samma text")
    _refused(
        _post(client, idea, organisation=org.pk, body="Samma text"), "Samma text", "redan skickat"
    )
    assert Comment.objects.count() == 1


def test_forged_organisation_is_refused(client, rep, other_org, idea):
    client.force_login(rep)
    page = _refused(
        _post(client, idea, organisation=other_org.pk, body="Smugglad"), "Smugglad", "giltigt"
    )
    assert not Comment.objects.exists()
    assert page


def test_rate_limit_gives_a_clear_message_and_429_for_htmx(client, rep, org, idea, settings):
    settings.COMMENT_RATE_LIMIT = 2
    client.force_login(rep)
    _post(client, idea, organisation=org.pk, body="Ett")
    _post(client, idea, organisation=org.pk, body="Två")
    response = client.post(
        reverse("ideas:comment", args=[idea.slug]),
        {"organisation": org.pk, "body": "Tre"},
        headers={"HX-Request": "true"},
    )
    _refused(response, "Tre", "Vänta några minuter")
    assert response.status_code == 429
    assert Comment.objects.count() == 2


# Withdrawing, reporting, following


def test_writer_withdraws_and_a_note_stays(client, rep, org, idea):
    comment = _comment(idea, rep, org, body="Ångrad text")
    client.force_login(rep)
    response = client.post(reverse("ideas:withdraw", args=[comment.pk]))
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.state == Comment.State.WITHDRAWN
    client.logout()
    page = client.get(idea.get_absolute_url()).text
    assert "Ångrad text" not in page
    assert "Tillbakadragen av skribenten." in page


def test_hidden_comment_leaves_a_public_note_with_the_reason(client, rep, org, idea):
    _comment(
        idea, rep, org, body="Namn och diagnos", state=Comment.State.HIDDEN,
        hidden_reason="den innehöll uppgifter om en privatperson",
    )  # fmt: skip
    page = client.get(idea.get_absolute_url()).text
    assert "Namn och diagnos" not in page
    assert "Dold av en moderator:" in page and "uppgifter om en privatperson" in page


def test_report_reaches_the_queue_and_moderators_by_e_mail(
    client, rep, org, other_org, idea, moderator, django_capture_on_commit_callbacks
):
    comment = _comment(idea, _rep(other_org, "annan"), other_org)
    client.force_login(rep)
    url = reverse("ideas:report", args=[comment.pk])
    assert client.get(url).status_code == 200
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 422
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"reason": "Den nämner en person vid namn."})
    assert response.status_code == 302
    assert CommentReport.objects.get().reason == "Den nämner en person vid namn."
    assert any("mod@example.org" in m.to for m in mail.outbox)


def test_follow_and_unfollow(client, rep, idea):
    client.force_login(rep)
    client.post(reverse("ideas:follow", args=[idea.slug]))
    assert Follow.objects.filter(user=rep, idea=idea).exists()
    client.post(reverse("ideas:follow", args=[idea.slug]), {"folj": "nej"})
    assert not Follow.objects.exists()


# Permissions per role


@pytest.mark.parametrize("action", ["comment", "follow", "withdraw"])
def test_anonymous_visitors_are_sent_to_log_in(client, rep, org, idea, action):
    comment = _comment(idea, rep, org)
    args = [comment.pk] if action == "withdraw" else [idea.slug]
    response = client.post(reverse(f"ideas:{action}", args=args), {"body": "x"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("directory:login"))
    htmx = client.post(reverse(f"ideas:{action}", args=args), headers={"HX-Request": "true"})
    assert htmx["HX-Redirect"].startswith(reverse("directory:login"))
    assert Comment.objects.count() == 1 and not Follow.objects.exists()


def test_anonymous_report_is_sent_to_log_in(client, rep, org, idea):
    comment = _comment(idea, rep, org)
    response = client.get(reverse("ideas:report", args=[comment.pk]))
    assert response.status_code == 302 and "logga-in" in response["Location"]


def test_user_without_organisation_may_not_comment(client, django_user_model, idea):
    client.force_login(django_user_model.objects.create_user("vanlig"))
    assert _post(client, idea, body="Hej").status_code == 403


def test_representative_of_another_organisation_cannot_withdraw(client, rep, org, other_org, idea):
    comment = _comment(idea, rep, org)
    client.force_login(_rep(other_org, "annan"))
    assert client.post(reverse("ideas:withdraw", args=[comment.pk])).status_code == 403
    comment.refresh_from_db()
    assert comment.state == Comment.State.APPROVED


@pytest.mark.parametrize("role", ["editor", "moderator", "superuser"])
def test_staff_cannot_withdraw_someone_elses_comment(
    client, rep, org, idea, role, moderator, admin_user
):
    comment = _comment(idea, rep, org)
    user = {"editor": make_editor(), "moderator": moderator, "superuser": admin_user}[role]
    client.force_login(user)
    assert client.post(reverse("ideas:withdraw", args=[comment.pk])).status_code == 403


def test_withdraw_needs_post(client, rep, org, idea):
    comment = _comment(idea, rep, org)
    client.force_login(rep)
    assert client.get(reverse("ideas:withdraw", args=[comment.pk])).status_code == 405
    assert client.get(reverse("ideas:comment", args=[idea.slug])).status_code == 405


def test_moderator_approves_and_hides_in_the_admin(client, rep, org, idea, moderator):
    first = _comment(idea, rep, org, state=Comment.State.PENDING, body="Ett")
    second = _comment(idea, rep, org, state=Comment.State.PENDING, body="Två")
    client.force_login(moderator)
    changelist = reverse("admin:ideas_comment_changelist")
    client.post(changelist, {"action": "approve", "_selected_action": [first.pk]})
    first.refresh_from_db()
    assert first.state == Comment.State.APPROVED and first.moderated_by == moderator
    asked = client.post(changelist, {"action": "hide", "_selected_action": [second.pk]})
    assert asked.status_code == 200 and "Offentligt skäl" in asked.text  # asks for the reason
    client.post(
        changelist,
        {"action": "hide", "_selected_action": [second.pk], "apply": "1", "reason": "Privat"},
    )
    second.refresh_from_db()
    assert second.state == Comment.State.HIDDEN and second.hidden_reason == "Privat"


def test_a_withdrawn_comment_stays_withdrawn_whatever_the_moderator_does(
    client, rep, org, idea, moderator
):
    comment = _comment(idea, rep, org, state=Comment.State.WITHDRAWN)
    client.force_login(moderator)
    change = reverse("admin:ideas_comment_change", args=[comment.pk])
    response = client.post(change, {"state": Comment.State.APPROVED, "hidden_reason": ""})
    assert response.status_code in (200, 302)
    comment.refresh_from_db()
    assert comment.state == Comment.State.WITHDRAWN
    assert 'name="state"' not in client.get(change).text  # shown, not offered

    assert moderate_comments([comment], moderator=moderator, state=Comment.State.HIDDEN,
                             reason="Privat") == 0  # fmt: skip
    comment.refresh_from_db()
    assert comment.state == Comment.State.WITHDRAWN


def test_the_database_refuses_to_bring_back_a_withdrawn_comment(rep, org, idea):
    comment = _comment(idea, rep, org, state=Comment.State.WITHDRAWN)
    with pytest.raises(IntegrityError, match="stays withdrawn"), transaction.atomic():
        Comment.objects.filter(pk=comment.pk).update(state=Comment.State.APPROVED)
    Comment.objects.filter(pk=comment.pk).update(body="Ändrad text")  # other fields may change
    comment.refresh_from_db()
    assert comment.state == Comment.State.WITHDRAWN


@pytest.mark.parametrize("role", ["editor", "representative"])
def test_only_moderators_moderate(client, rep, org, idea, role):
    comment = _comment(idea, rep, org, state=Comment.State.PENDING)
    client.force_login(make_editor() if role == "editor" else rep)
    client.post(
        reverse("admin:ideas_comment_changelist"),
        {"action": "approve", "_selected_action": [comment.pk]},
    )
    comment.refresh_from_db()
    assert comment.state == Comment.State.PENDING


def test_idea_page_queries_do_not_grow_with_comments(client, rep, org, idea):
    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(idea.get_absolute_url()).status_code == 200
        return len(ctx.captured_queries)

    parent = _comment(idea, rep, org)
    _comment(idea, rep, org, parent=parent)
    client.force_login(rep)
    few = count()
    for _ in range(20):
        top = _comment(idea, rep, org)
        _comment(idea, rep, org, parent=top)
    assert count() == few


def test_reporter_sees_the_thank_you_on_the_idea_page(client, rep, org, other_org, idea):
    comment = _comment(idea, _rep(other_org, "annan"), other_org)
    client.force_login(rep)
    response = client.post(
        reverse("ideas:report", args=[comment.pk]), {"reason": "Personuppgifter"}, follow=True
    )
    messages = response.text[response.text.index('class="messages"') :]
    assert "Tack! En moderator kommer att titta på kommentaren." in messages


def test_idea_page_for_a_representative_stays_within_its_query_budget(
    client, rep, org, idea, django_assert_max_num_queries
):
    _comment(idea, rep, org)
    client.force_login(rep)
    client.get(idea.get_absolute_url())  # the session is loaded once the same way every time
    with django_assert_max_num_queries(11):  # was 13 before may_comment was asked once
        assert client.get(idea.get_absolute_url()).status_code == 200


def test_a_comment_and_its_notification_are_saved_together(client, settings, rep, org, idea):
    """The task queue is in the same database: the comment is kept only with its mail queued."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    settings.COMMENTS_PREMODERATION = True
    client.force_login(rep)
    # The queue may hold what was there before (a build of the open-data files, say).
    before = list(DBTaskResult.objects.values_list("pk", flat=True))

    response = _post(client, idea, body="Bra förslag.", organisation=org.pk)

    assert response.status_code == 302
    comment = Comment.objects.get()
    queued = DBTaskResult.objects.exclude(pk__in=before).get()
    assert queued.task_path == "ideas.tasks.notify_moderators"
    assert queued.args_kwargs["kwargs"] == {"comment_id": comment.pk}


def test_a_comment_whose_notification_cannot_be_queued_is_not_saved(
    client, settings, monkeypatch, rep, org, idea
):
    """Never "try again" for a comment that was in fact saved: both are there, or neither."""
    from django.db import OperationalError
    from django_tasks_db.backend import DatabaseBackend

    def queue_down(*args, **kwargs):
        raise OperationalError("the task queue could not be written")

    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    settings.COMMENTS_PREMODERATION = True
    monkeypatch.setattr(DatabaseBackend, "_task_to_db_task", queue_down)
    client.raise_request_exception = False
    client.force_login(rep)

    response = _post(client, idea, body="Bra förslag.", organisation=org.pk)

    assert response.status_code == 503
    assert not Comment.objects.exists()


_PIECES = [*"ab åö.:/@<>&\"'\nwcomrgt-_?=#", "www.", ".se", ".com", "http", "://", "org"]


@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join))
def test_a_comment_shows_exactly_what_urlize_would(text):
    """The shortcut past urlize for texts without an address changes nothing a reader sees."""
    from django.template.defaultfilters import urlize

    from portal.templatetags.portal import urlize_some

    assert urlize_some(text) == urlize(text)


def test_an_address_in_a_comment_is_a_link(client, rep, org, idea):
    body = "Läs mer på https://www.example.org/stod och skriv till info@example.org."
    Comment.objects.create(
        idea=idea, author=rep, organisation=org, body=body, state=Comment.State.APPROVED
    )
    html = client.get(idea.get_absolute_url()).content.decode()
    assert '<a href="https://www.example.org/stod"' in html
    assert 'href="mailto:info@example.org"' in html


def test_the_page_of_comments_shows_what_visible_to_allows_each_visitor(rep, org, idea):
    """ideas.discussion.page_of_threads reads the threads in SQL of its own; it shows each
    visitor the comments CommentQuerySet.visible_to() lets them see, replies under threads."""
    from django.contrib.auth.models import AnonymousUser

    from ideas.discussion import page_of_threads

    other = _rep(org, "annan")
    threads = []
    for state in Comment.State.values:
        for author in (rep, other):
            extra = {"hidden_reason": "Om en enskild."} if state == Comment.State.HIDDEN else {}
            threads.append(_comment(idea, author, org, state=state, **extra))
            for reply_state in Comment.State.values:
                extra = {"hidden_reason": "Om en enskild."} if reply_state == "hidden" else {}
                _comment(idea, author, org, state=reply_state, parent=threads[-1], **extra)
    for user in (AnonymousUser(), rep, other):
        page = page_of_threads(idea, user, 1)
        shown = {c.pk for c in page} | {r.pk for c in page for r in c.thread}
        visible = Comment.objects.visible_to(user).filter(idea=idea)
        roots = set(visible.filter(parent=None).values_list("pk", flat=True))
        # A reply shows in its thread: under a thread the visitor cannot see, it does not.
        replies = set(visible.filter(parent__in=roots).values_list("pk", flat=True))
        assert shown == roots | replies, user
        assert all(reply.parent_id == thread.pk for thread in page for reply in thread.thread)
        assert page.paginator.count == len([c for c in page])
