import io
import re
from pathlib import Path

import pytest
from django.contrib.auth import authenticate
from django.contrib.auth.models import User
from django.core.management import call_command
from django.core.management.base import CommandError

from directory.models import Group, Organisation
from meetings.management.commands import load_demo
from meetings.models import AgendaItem, Attendee, Meeting, MeetingLink
from tests.factories import make_group, make_meeting, make_organisation

SIP_ITEM = (
    "- Det bör vara samma mall för Samordnad individuell plan (SIP) oavsett ingångskontakt. "
    "Varje person bör ha EN SIP som gäller för alla myndigheter."
)


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Each test loads the demo and so hashes two passwords; the real hasher takes a second."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _load_demo(*args) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    models = (Organisation, Group, Meeting, AgendaItem, Attendee, MeetingLink, User)
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
    ]


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
    shipped = Path(load_demo.__file__).resolve().parents[2] / "demo" / load_demo.MINUTES_FILE
    assert load_demo.MINUTES_PATHS[0] == shipped
    assert shipped.exists()


def test_parser_keeps_a_wrapped_numbered_line_as_text():
    text = " 1. Punkt ett \n\nEn rad som bryts efter\n2. kvartalet fortsätter.\n\n2. Punkt två\n"
    assert load_demo._parse_minutes(text) == [
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
    assert set(passwords) == {"admin", "redaktor"}
    assert "http://127.0.0.1:8123/admin/" in out
    assert "manage.py changepassword admin" in out
    admin = authenticate(username="admin", password=passwords["admin"])
    assert admin is not None
    assert admin.is_superuser
    editor = authenticate(username="redaktor", password=passwords["redaktor"])
    assert editor is not None
    assert editor.is_staff
    assert not editor.is_superuser
    assert list(editor.groups.values_list("name", flat=True)) == ["Redaktör"]
    assert editor.has_perm("meetings.change_meeting")


@pytest.mark.parametrize(
    "make_content",
    [make_organisation, make_group, make_meeting, lambda: User.objects.create_user("someone")],
    ids=["organisation", "group", "meeting", "user"],
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
    _load_demo()
    first = _snapshot()
    Meeting.objects.all().delete()
    Group.objects.all().delete()
    Organisation.objects.all().delete()
    User.objects.all().delete()
    _load_demo()
    assert _snapshot() == first
