import io
import re
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

import devtools
from devtools.demo import minutes
from devtools.demo.ideas import REAL_ITEM
from directory.models import Group, Organisation
from ideas.models import NEEDS_EXPLANATION, Idea, Status, StatusChange, Theme
from meetings.models import AgendaItem, Attendee, Meeting, MeetingLink
from tests.factories import make_group, make_idea, make_meeting, make_organisation, make_theme

SIP_ITEM = (
    "- Det bör vara samma mall för Samordnad individuell plan (SIP) oavsett ingångskontakt. "
    "Varje person bör ha EN SIP som gäller för alla myndigheter."
)
REAL_MEETING = "Gemensam utvecklingsgrupp 15 januari"
# The proposals from the real minutes' discussion (the last one, treatment closer to home, was
# raised by the users' innovation group), and words each one's text must have.
REAL_MINUTES_IDEAS = {
    "en-sip-for-alla-myndigheter": ["SIP", "alla myndigheter"],
    "checklista-nar-nagon-blir-akut-sjuk": ["checklista", "brev", "husdjur", "räkningar"],
    "handlaggare-som-kan-missbruk-eller-psykisk-ohalsa": ["specialisera", "psykisk ohälsa"],
    "en-brukarorganisation-med-vid-forsta-kontakten": ["brukarorganisation", "första kontakten"],
    "behandling-pa-hemmaplan": ["nära hemmet", "annan ort"],
}
# Discussed under the real minutes' second item.
DISCUSSED_AT_REAL_MEETING = list(REAL_MINUTES_IDEAS)[:4]


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Each test loads the demo and so hashes two passwords; the real hasher takes a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _load_demo(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    models = (
        Organisation,
        Group,
        Meeting,
        AgendaItem,
        Attendee,
        MeetingLink,
        User,
        Theme,
        Idea,
        StatusChange,
    )
    return {model.__name__: model.objects.count() for model in models}


def _snapshot() -> list:
    return [
        (
            meeting.title,
            meeting.starts_at,
            meeting.status,
            [(item.heading, item.body) for item in meeting.agenda_items.all()],
            [(a.name, a.organisation.name, a.role) for a in meeting.attendees.all()],
            [(link.title, link.url) for link in meeting.links.all()],
        )
        for meeting in Meeting.objects.order_by("starts_at", "title")
    ] + [
        (
            idea.slug,
            idea.title,
            idea.theme.name,
            idea.group.name,
            idea.organisation and idea.organisation.name,
            idea.raised_on,
            idea.status,
            idea.open_for_comments,
            [
                (
                    entry.status,
                    entry.decided_on,
                    entry.decided_by,
                    entry.explanation,
                    entry.meeting and entry.meeting.title,
                    entry.agenda_item and entry.agenda_item.heading,
                    entry.corrects and entry.corrects.status,
                )
                for entry in idea.trail.order_by("pk")
            ],
            sorted(idea.agenda_items.values_list("meeting__title", "heading")),
        )
        for idea in Idea.objects.order_by("slug")
    ]


def _trail(idea: Idea) -> list[StatusChange]:
    """The idea's entries in the order they were recorded."""
    return list(idea.trail.order_by("pk"))


def test_demo_creates_organisations_and_groups(db):
    _load_demo()
    kinds = dict(Organisation.objects.values_list("name", "kind"))
    assert len(kinds) == 8
    assert kinds["Socialförvaltningen"] == Organisation.Kind.DEPARTMENT
    assert kinds["Region Skåne"] == Organisation.Kind.REGION
    assert {"RFHL", "Hela Människan", "Attention", "Ersta Vändpunkten"} <= set(kinds)
    assert Group.objects.count() == 4
    assert Group.objects.get(name="Gemensam utvecklingsgrupp").kind == Group.Kind.JOINT_DEVELOPMENT
    assert Group.objects.filter(kind=Group.Kind.INNOVATION).count() == 2
    assert Group.objects.get(name="Brukargruppen på Mötesplatsen").kind == Group.Kind.USER_GROUP


def test_every_group_section_is_filled(db):
    _load_demo()
    for group in Group.objects.all():
        for field in ("summary", "why", "who", "where", "when", "proposals", "contact_role"):
            assert getattr(group, field), (group, field)
        assert group.contact_name
        assert re.fullmatch(r"042-\d\d \d\d \d\d", group.contact_phone)
        assert group.contact_email.endswith(("@example.org", "@example.se"))
        assert group.organisations.exists()


def test_demo_has_past_meetings_with_minutes_and_upcoming_meetings(db):
    _load_demo()
    published = Meeting.objects.published()
    assert published.past().with_minutes().count() >= 10
    assert published.upcoming().count() >= 6
    for group in Group.objects.all():
        assert published.filter(group=group).past().exists(), group
        assert published.filter(group=group).upcoming().exists(), group
    assert Attendee.objects.filter(meeting__in=published.past()).exists()
    assert MeetingLink.objects.filter(
        title="Del 1: Inledning", url__startswith="https://example.org/"
    ).exists()


def test_upcoming_meetings_have_notice_and_agenda_without_minutes(db):
    _load_demo()
    upcoming = Meeting.objects.upcoming()
    assert upcoming.exists()
    for meeting in upcoming:
        assert meeting.notice
        assert meeting.agenda_items.exists()
        assert not meeting.has_written_minutes
        assert not meeting.attendees.exists()


def test_real_minutes_are_split_into_agenda_items(db):
    _load_demo()
    meeting = Meeting.objects.get(title="Gemensam utvecklingsgrupp 15 januari")
    assert meeting.is_published
    assert not meeting.is_upcoming
    first, second = meeting.agenda_items.all()
    assert first.heading == "Besök av Professor Per Skålén"
    assert second.heading == "Bildandet av ett gemensamt utvecklingsprojekt"
    # The PDF's line breaks are joined back into paragraphs.
    assert "Centrum för tjänsteforskning vid Karlstads universitet." in first.body
    lines = second.body.splitlines()
    assert SIP_ITEM in lines
    assert lines.index("Synpunkter och tankar:") < lines.index(SIP_ITEM)
    assert "Synpunkter och tankar:\n\n- Hur motverkar vi" in second.body
    assert "•" not in second.body
    assert len([line for line in lines if line.startswith("- ")]) == 10


def test_demo_ships_its_own_copy_of_the_minutes():
    shipped = Path(devtools.__file__).resolve().parent / "content" / "demo" / minutes.MINUTES_FILE
    assert shipped == minutes.MINUTES_PATH
    assert shipped.exists()


def test_parser_keeps_a_wrapped_numbered_line_as_text():
    text = " 1. Punkt ett \n\nEn rad som bryts efter\n2. kvartalet fortsätter.\n\n2. Punkt två\n"
    assert minutes.parse_minutes(text) == [
        ("Punkt ett", "En rad som bryts efter 2. kvartalet fortsätter."),
        ("Punkt två", ""),
    ]


def test_group_without_minutes_publishes_agenda_headings_only(db):
    _load_demo()
    past = Meeting.objects.published().past().filter(group__name="Brukargruppen på Mötesplatsen")
    assert past.exists()
    assert not past.with_minutes().exists()
    for meeting in past:
        assert meeting.agenda_items.exists()
        assert set(meeting.agenda_items.values_list("body", flat=True)) == {""}


def test_drafts_are_not_published(db):
    _load_demo()
    drafts = Meeting.objects.filter(status=Meeting.Status.DRAFT)
    assert 1 <= drafts.count() <= 2
    assert not Meeting.objects.published().filter(pk__in=drafts).exists()
    assert all(draft.published_at is None for draft in drafts)


def test_passwords_are_printed_and_work(db, monkeypatch):
    monkeypatch.setenv("PORT", "8123")
    out = _load_demo()
    passwords = dict(re.findall(r"som (\w+) med lösenordet (\S+)", out))
    assert set(passwords) == {"admin", "redaktor", "moderator"}
    for username in passwords:
        assert out.count(f"som {username} med") == 1
    assert "http://127.0.0.1:8123/admin/" in out
    assert "manage.py changepassword admin" in out
    admin = authenticate(RequestFactory().post("/"), username="admin", password=passwords["admin"])
    assert admin is not None
    assert admin.is_superuser
    editor = authenticate(
        RequestFactory().post("/"), username="redaktor", password=passwords["redaktor"]
    )
    assert editor is not None
    assert editor.is_staff
    assert not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == ["Redaktör"]
    assert editor.has_perm("meetings.change_meeting")
    moderator = authenticate(
        RequestFactory().post("/"), username="moderator", password=passwords["moderator"]
    )
    assert moderator is not None
    assert moderator.is_staff
    assert not moderator.is_superuser
    assert list(moderator.groups.values_list("name", flat=True)) == ["Moderator"]
    assert moderator.has_perm("ideas.change_comment")
    assert not moderator.has_perm("meetings.change_meeting")


@pytest.mark.parametrize(
    "make_content",
    [
        make_organisation,
        make_group,
        make_meeting,
        lambda: User.objects.create_user("someone"),
        make_theme,
        make_idea,
    ],
    ids=["organisation", "group", "meeting", "user", "theme", "idea"],
)
def test_refuses_a_database_with_content(db, make_content):
    make_content()
    before = _counts()
    with pytest.raises(CommandError, match="redan innehåll"):
        _load_demo()
    assert _counts() == before


def test_if_empty_leaves_a_database_with_content_untouched(db):
    make_meeting(agenda_items=2)
    User.objects.create_user("someone")
    before = _counts()
    out = _load_demo("--if-empty")
    assert _counts() == before
    assert len(out.strip().splitlines()) == 1
    assert "inte" in out
    assert "manage.py changepassword admin" in out


def test_if_empty_loads_an_empty_database(db):
    _load_demo("--if-empty")
    assert Meeting.objects.exists()


def test_demo_is_the_same_every_time(db):
    # The status trail cannot be deleted, so the first demo is rolled back instead.
    with transaction.atomic():
        _load_demo()
        first = _snapshot()
        transaction.set_rollback(True)
    assert not Idea.objects.exists()
    _load_demo()
    assert _snapshot() == first


def test_demo_has_themes_and_ideas_from_the_groups(db):
    out = _load_demo()
    ideas = Idea.objects.select_related("group", "organisation")
    assert 5 <= Theme.objects.count() <= 6
    assert 12 <= ideas.count() <= 15
    assert f"{ideas.count()} idéer." in out
    assert not Theme.objects.filter(ideas__isnull=True).exists()
    assert {idea.group.kind for idea in ideas} == {
        Group.Kind.INNOVATION,
        Group.Kind.JOINT_DEVELOPMENT,
    }
    assert ideas.filter(group__name="Brukarnas innovationsgrupp").exists()
    assert ideas.filter(group__name="Medarbetarnas innovationsgrupp").exists()
    assert 3 <= ideas.exclude(organisation=None).count() < ideas.count()
    for idea in ideas:
        for text in (idea.problem, idea.proposal):
            assert 2 <= text.count(". ") + 1 <= 4, (idea, text)  # sentences
            assert text.endswith("."), (idea, text)


def test_the_ideas_from_the_real_minutes_exist(db):
    _load_demo()
    for slug, words in REAL_MINUTES_IDEAS.items():
        idea = Idea.objects.get(slug=slug)
        text = f"{idea.title} {idea.problem} {idea.proposal}".lower()
        for word in words:
            assert word.lower() in text, (slug, word)


def test_every_ideas_status_is_its_latest_trail_entry(db):
    _load_demo()
    today = timezone.localdate()
    bodies = {
        "Gemensam utvecklingsgrupp",
        "Socialförvaltningens ledningsgrupp",
        "Socialnämnden",
        *Group.objects.values_list("name", flat=True),
    }
    for idea in Idea.objects.select_related("group"):
        trail = _trail(idea)
        first, last = trail[0], trail[-1]
        assert (first.status, first.decided_on, first.decided_by) == (
            Status.RECEIVED,
            idea.raised_on,
            idea.group.name,
        )
        assert (idea.status, idea.status_changed_on) == (last.status, last.decided_on)
        days = [entry.decided_on for entry in trail]
        assert days == sorted(set(days)), idea  # one entry a day, in order
        assert today - timedelta(days=366) <= idea.raised_on <= days[-1] <= today
        for entry in trail:
            assert entry.recorded_by.username == "redaktor"
            assert entry.decided_by in bodies, entry
    raised = set(Idea.objects.values_list("raised_on", flat=True))
    assert len({(day.year, day.month) for day in raised}) >= 6  # spread over the year
    assert {
        Status.DONE,
        Status.IN_PROGRESS,
        Status.PREPARING,
        Status.RECEIVED,
    } <= set(StatusChange.objects.values_list("status", flat=True))


def test_declined_paused_and_handed_over_ideas_say_why(db):
    _load_demo()
    entries = StatusChange.objects.filter(status__in=NEEDS_EXPLANATION)
    assert entries.exists()
    for entry in entries:
        assert len(entry.explanation.split()) >= 10, entry
    sip = Idea.objects.get(slug="en-sip-for-alla-myndigheter")
    handed_over = sip.trail.filter(status=Status.HANDED_OVER).first()
    if handed_over:  # a few weeks after the real minutes' meeting
        assert "Region Skåne" in handed_over.explanation


def test_some_ideas_are_waiting_for_an_answer(db):
    _load_demo()
    waiting = Idea.objects.waiting(90)
    assert waiting.exists()
    # Not only ideas being carried out: some still wait for their first answer.
    assert waiting.filter(status__in=[Status.RECEIVED, Status.PREPARING]).count() >= 2


def test_a_mistaken_entry_is_corrected_by_a_new_one(db):
    _load_demo()
    fix = StatusChange.objects.get(corrects__isnull=False)
    wrong = fix.corrects
    assert fix.idea == wrong.idea
    assert fix.explanation.startswith("Rättelse: ")
    assert fix.status != wrong.status
    assert fix.decided_on > wrong.decided_on
    assert _trail(fix.idea).index(fix) == _trail(fix.idea).index(wrong) + 1


def test_the_real_minutes_meeting_links_the_ideas_it_discussed(db):
    _load_demo()
    meeting = Meeting.objects.get(title=REAL_MEETING)
    item = meeting.agenda_items.get(heading=REAL_ITEM)
    linked = set(item.ideas.values_list("slug", flat=True))
    assert len(linked) >= 3
    assert set(DISCUSSED_AT_REAL_MEETING) <= linked
    for slug in DISCUSSED_AT_REAL_MEETING:
        received = _trail(Idea.objects.get(slug=slug))[0]
        assert (received.meeting, received.agenda_item) == (meeting, item)
        assert received.decided_on == timezone.localdate(meeting.starts_at)


def test_ideas_refer_only_to_published_meetings_that_have_taken_place(db):
    _load_demo()
    assert Meeting.objects.filter(status=Meeting.Status.DRAFT).exists()
    assert not StatusChange.objects.filter(meeting__status=Meeting.Status.DRAFT).exists()
    assert not AgendaItem.objects.filter(
        ideas__isnull=False, meeting__status=Meeting.Status.DRAFT
    ).exists()
    decided = StatusChange.objects.exclude(meeting=None).select_related("meeting", "agenda_item")
    assert decided.exclude(status=Status.RECEIVED).exists()
    for entry in decided:
        assert entry.meeting.is_published
        assert not entry.meeting.is_upcoming
        assert entry.decided_on == timezone.localdate(entry.meeting.starts_at)
        if entry.agenda_item:
            assert entry.agenda_item.meeting == entry.meeting
            assert entry.idea.agenda_items.filter(pk=entry.agenda_item.pk).exists()
    linked = AgendaItem.objects.filter(ideas__isnull=False).select_related("meeting")
    assert linked.count() >= 10
    assert all(not item.meeting.is_upcoming for item in linked)


def test_ideas_that_are_closed_take_no_more_comments(db):
    _load_demo()
    ideas = Idea.objects.all()
    for idea in ideas:
        closed = idea.status in (Status.DONE, Status.REJECTED, Status.HANDED_OVER)
        assert idea.open_for_comments is not closed, idea
    assert ideas.filter(open_for_comments=True).count() > ideas.count() / 2
