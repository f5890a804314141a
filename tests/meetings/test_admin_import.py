"""The admin's minutes import: upload or paste, preview beside the source, adjust, save a draft."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group as StaffGroup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Meeting
from portal import roles
from tests.factories import make_editor, make_group, make_organisation

pytestmark = pytest.mark.django_db

FILES = Path(__file__).resolve().parent.parent / "fixtures" / "minutes"
IMPORT = reverse("admin:meetings_meeting_import")


@pytest.fixture
def editor(client):
    client.force_login(make_editor())
    return client


@pytest.fixture
def group():
    return make_group(name="Funktionshinderrådet", slug="funktionshinderradet")


def _upload(client, group, name: str, **fields):
    upload = SimpleUploadedFile(name, (FILES / name).read_bytes())
    return client.post(IMPORT, {"group": group.pk, "file": upload, **fields})


def _preview_fields(response) -> dict:
    """The preview form's fields as the browser would send them back."""
    html = response.content.decode()
    form = html[html.index('name="carried"') - 40 :]
    data = {}
    for name, value in re.findall(
        r'<input type="(?:hidden|text)" name="([^"]+)" value="([^"]*)"', form
    ):
        data[name] = value
    for name, value in re.findall(r'<textarea name="([^"]+)"[^>]*>\n?(.*?)</textarea>', form, re.S):
        data[name] = value
    import html as html_module

    return {key: html_module.unescape(value) for key, value in data.items()}


def test_the_meeting_list_offers_the_import_to_editors(editor):
    response = editor.get(reverse("admin:meetings_meeting_changelist"))
    assert f'href="{IMPORT}"' in response.content.decode()


def test_only_staff_who_may_add_meetings_import(client, django_user_model):
    assert client.get(IMPORT).status_code == 302  # to the login
    moderator = django_user_model.objects.create_user("moderator", is_staff=True)
    moderator.groups.add(StaffGroup.objects.get(name=roles.MODERATOR))
    client.force_login(moderator)
    assert client.get(IMPORT).status_code == 403


def test_a_file_is_previewed_beside_its_source_and_nothing_is_saved(editor, group):
    make_organisation(name="Socialförvaltningen")
    response = _upload(editor, group, "funktionshinder.docx")

    assert response.status_code == 200
    html = response.content.decode()
    assert "Funktionshinderrådet, 13 mars 2026" in html
    assert "5 punkter" in html
    assert "Samordnad individuell plan (SIP)" in html
    assert 'href="https://bambuser.com/v/4711001">Del 1: Inledning och SIP</a>' in html
    assert "Jonas Ek, Autism- och Aspergerföreningen (finns inte i katalogen" in html
    assert '<pre tabindex="0">Funktionshinderrådet, minnesanteckningar 13 mars 2026' in html
    assert Meeting.objects.count() == 0


def test_the_editor_renames_merges_and_splits_items_then_saves_a_draft(editor, group):
    make_organisation(name="Socialförvaltningen")
    data = _preview_fields(_upload(editor, group, "funktionshinder.odt"))
    data["form-0-heading"] = "Mötets öppnande"  # renamed
    data["form-3-merge"] = "on"  # "Inspelningar" into the item before
    data["form-1-body"] += "\n# Uppföljning\nRådet följer upp arbetet i höst."  # split
    again = editor.post(IMPORT, {**data, "again": "1"})
    assert Meeting.objects.count() == 0
    assert "Uppföljning" in again.content.decode()

    response = editor.post(IMPORT, {**_preview_fields(again), "save": "1"})

    meeting = Meeting.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:meetings_meeting_change", args=[meeting.pk])
    assert meeting.status == Meeting.Status.DRAFT
    assert meeting.starts_at.date().isoformat() == "2026-03-13"
    items = list(meeting.agenda_items.all())
    assert [item.heading for item in items] == [
        "Mötets öppnande",
        "Samordnad individuell plan (SIP)",
        "Uppföljning",
        "Tillgänglighet i lokalerna",
        "Nästa möte",
    ]
    assert items[2].body == "Rådet följer upp arbetet i höst."
    assert "### Inspelningar" in items[3].body
    assert [link.title for link in meeting.links.all()] == [
        "Del 1: Inledning och SIP",
        "Del 2: Tillgänglighet",
    ]
    assert [attendee.name for attendee in meeting.attendees.all()] == ["Maria Holm"]


def test_pasted_text_is_imported_too(editor, group):
    text = (FILES / "utan-datum.txt").read_text()
    response = editor.post(IMPORT, {"group": group.pk, "text": text, "day": "13/3 2026"})
    assert "2 punkter" in response.content.decode()
    editor.post(IMPORT, {**_preview_fields(response), "save": "1"})
    assert [i.heading for i in Meeting.objects.get().agenda_items.all()] == [
        "Välkommen",
        "Kommande aktiviteter",
    ]


def test_a_file_it_cannot_read_says_why_and_keeps_what_was_typed(editor, group):
    response = _upload(editor, group, "losenord.pdf", title="Rådets möte i mars")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Filen är skyddad med lösenord. Spara den utan lösenord." in html
    assert 'value="Rådets möte i mars"' in html
    assert Meeting.objects.count() == 0


def test_no_date_anywhere_asks_for_one_and_keeps_the_text(editor, group):
    text = (FILES / "utan-datum.txt").read_text()
    response = editor.post(IMPORT, {"group": group.pk, "text": text})
    html = response.content.decode()
    assert "Minnesanteckningarna säger inte datumet" in html
    assert "Studiebesök i Malmö" in html  # the pasted text, kept
    response = editor.post(IMPORT, {"group": group.pk, "text": text, "day": "i morgon"})
    assert (
        "Skriv datumet som 2026-03-13, 13/3 2026 eller 13 mars 2026." in response.content.decode()
    )


def test_nothing_chosen_says_what_is_missing(editor, group):
    response = editor.post(IMPORT, {"group": group.pk})
    assert "Välj en fil eller klistra in texten" in response.content.decode()


def test_a_changed_hidden_field_is_refused(editor, group):
    data = _preview_fields(_upload(editor, group, "innovation.docx"))
    payload, signature = data["carried"].rsplit(":", 1)
    changed = "y" if payload[-2] == "x" else "x"  # a real change whatever the payload holds
    data["carried"] = f"{payload[:-2]}{changed}{payload[-1]}:{signature}"
    assert editor.post(IMPORT, {**data, "save": "1"}).status_code == 403
    assert Meeting.objects.count() == 0


def test_an_empty_heading_is_refused_with_the_items_kept(editor, group):
    data = _preview_fields(_upload(editor, group, "innovation.docx"))
    data["form-1-heading"] = ""
    response = editor.post(IMPORT, {**data, "save": "1"})
    assert response.status_code == 200
    assert "Detta fält måste fyllas i." in response.content.decode()
    assert "Nya idéer sedan förra mötet" in response.content.decode()
    assert Meeting.objects.count() == 0


def test_minutes_are_imported_into_an_existing_draft_after_its_items(editor, group):
    from tests.factories import make_agenda_item, make_meeting, stockholm

    meeting = make_meeting(
        group=group, published=False, title="Rådet i mars", starts_at=stockholm(2026, 3, 13)
    )
    make_agenda_item(meeting, position=1, heading="Dagordning", body="Godkändes.")
    change = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    into = f"{IMPORT}?mote={meeting.pk}"
    assert f'href="{into}"' in editor.get(change).content.decode()  # offered on the draft

    page = editor.get(into).content.decode()
    assert "Rådet i mars" in page and 'name="group"' not in page  # its group and date stay
    upload = SimpleUploadedFile("funktionshinder.odt", (FILES / "funktionshinder.odt").read_bytes())
    preview = editor.post(into, {"file": upload})
    response = editor.post(into, {**_preview_fields(preview), "save": "1"})

    assert response.status_code == 302 and response["Location"] == change
    meeting.refresh_from_db()
    assert Meeting.objects.count() == 1
    assert (meeting.title, meeting.status) == ("Rådet i mars", Meeting.Status.DRAFT)
    headings = [item.heading for item in meeting.agenda_items.all()]
    assert headings[0] == "Dagordning" and len(headings) == 6
    assert [item.position for item in meeting.agenda_items.all()] == [1, 2, 3, 4, 5, 6]


def test_a_published_meeting_or_another_meetings_preview_is_refused(editor, group):
    from tests.factories import make_meeting

    published = make_meeting(group=group, published=True)
    assert editor.get(f"{IMPORT}?mote={published.pk}").status_code == 403
    assert editor.get(f"{IMPORT}?mote=999999").status_code == 404
    draft = make_meeting(group=group, published=False)
    other = make_meeting(group=group, published=False)
    upload = SimpleUploadedFile("innovation.docx", (FILES / "innovation.docx").read_bytes())
    preview = editor.post(f"{IMPORT}?mote={draft.pk}", {"file": upload})
    response = editor.post(f"{IMPORT}?mote={other.pk}", {**_preview_fields(preview), "save": "1"})
    assert response.status_code == 403
    assert not other.agenda_items.exists() and not draft.agenda_items.exists()
