"""The admin's minutes import: upload or paste, preview beside the source, adjust, save a draft."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import Group as StaffGroup
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from directory.models import Organisation
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
    for name in re.findall(r'<input type="checkbox" name="([^"]+)"[^>]* checked', form):
        data[name] = "on"
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        data[name] = re.search(r'<option value="([^"]*)" selected', options).group(1)
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
    assert 'value="Jonas Ek"' in html and "Autism- och Aspergerföreningen" in html
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
    assert sorted(meeting.attendees.values_list("name", "organisation__name")) == [
        ("Jonas Ek", "Autism- och Aspergerföreningen"),
        ("Maria Holm", "Socialförvaltningen"),
        ("Sara Nilsson", "Föreningen för hörselskadade"),
    ]


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


# The attendees the minutes name: each a row the editor keeps or drops.

PRESENT = """Samverkansmöte 13 mars 2026

Närvarande: Anna Lind, RSMH Helsingborg; Omar Said, rsmh helsingborg; \
Kim Berg, ordförande, Socialförvaltningen; Eva Ström; Lars Ek, Verdandi

1. Välkommen

Ordföranden hälsade alla välkomna.

2. Övrigt

Inget att ta upp.
"""


def _paste(client, group, url=IMPORT):
    return client.post(url, {"group": group.pk, "text": PRESENT})


def test_each_attendee_found_is_a_row_kept_by_default_with_its_organisation(editor, group):
    social = make_organisation(name="Socialförvaltningen")
    html = _paste(editor, group).content.decode()

    assert '<th scope="col">Ta med</th>' in html
    assert 'for="id_attendees-0-keep" class="visually-hidden">Ta med Anna Lind</label>' in html
    assert html.count('type="checkbox" name="attendees-') == 5
    assert html.count("checked") == 5
    data = _preview_fields(_paste(editor, group))
    assert data["attendees-0-organisation"] == "ny"  # RSMH Helsingborg: added on saving
    assert data["attendees-2-organisation"] == str(social.pk)  # found in the directory
    assert data["attendees-3-organisation"] == ""  # Eva Ström: none written
    assert "Lägg till ”RSMH Helsingborg” i katalogen" in html
    assert "I texten: Socialförvaltningen. Finns i katalogen: Socialförvaltningen." in html
    assert "I texten: RSMH Helsingborg. Finns inte i katalogen." in html
    assert "Texten anger ingen organisation, och en närvarande hör till en: välj en" in html


def test_kept_rows_are_saved_and_a_new_organisation_is_added_once(editor, group):
    make_organisation(name="Socialförvaltningen")
    data = _preview_fields(_paste(editor, group))
    del data["attendees-3-keep"]  # Eva Ström, without an organisation: dropped
    del data["attendees-4-keep"]  # Lars Ek: dropped, so Verdandi is not added

    response = editor.post(IMPORT, {**data, "save": "1"})

    assert response.status_code == 302
    meeting = Meeting.objects.get()
    assert sorted(meeting.attendees.values_list("name", "organisation__name")) == [
        ("Anna Lind", "RSMH Helsingborg"),
        ("Kim Berg", "Socialförvaltningen"),
        ("Omar Said", "RSMH Helsingborg"),
    ]
    added = Organisation.objects.get(name="RSMH Helsingborg")
    assert (added.slug, added.kind) == ("rsmh-helsingborg", Organisation.Kind.USER_ORGANISATION)
    assert sorted(Organisation.objects.values_list("name", flat=True)) == [
        "RSMH Helsingborg",
        "Socialförvaltningen",
    ]


def test_the_role_written_is_a_field_of_its_row_saved_as_the_editor_leaves_it(editor, group):
    social = make_organisation(name="Socialförvaltningen")
    response = _paste(editor, group)
    html = response.content.decode()
    assert '<th scope="col">Roll</th>' in html
    assert 'class="visually-hidden">Kim Berg: roll</label>' in html
    data = _preview_fields(response)
    assert data["attendees-2-role"] == "ordförande"  # not part of the organisation's name
    assert data["attendees-2-organisation"] == str(social.pk)
    assert data.get("attendees-0-role", "") == ""

    data["attendees-0-role"] = "sekreterare"
    data["attendees-1-role"] = "Ledamot " * 30  # 239 characters without the last space
    refused = editor.post(IMPORT, {**data, "save": "1"})
    assert refused.status_code == 200 and not Meeting.objects.exists()
    assert (
        'id="id_attendees-1-role_error"><li>Säkerställ att detta värde har som mest 200 tecken '
        "(den har 239).</li>" in refused.content.decode()
    )
    data = _preview_fields(refused)  # everything typed is kept
    assert (data["attendees-0-role"], data["attendees-1-role"]) == ("sekreterare", "Ledamot " * 30)

    data["attendees-1-role"] = "ledamot"
    del data["attendees-3-keep"]  # Eva Ström, without an organisation
    assert editor.post(IMPORT, {**data, "save": "1"}).status_code == 302
    assert sorted(Meeting.objects.get().attendees.values_list("name", "role")) == [
        ("Anna Lind", "sekreterare"),
        ("Kim Berg", "ordförande"),
        ("Lars Ek", ""),
        ("Omar Said", "ledamot"),
    ]


def test_an_organisation_in_the_directory_can_be_chosen_instead(editor, group):
    make_organisation(name="Socialförvaltningen")
    rsmh = make_organisation(name="RSMH", slug="rsmh")
    data = _preview_fields(_paste(editor, group))
    data["attendees-0-organisation"] = str(rsmh.pk)
    data["attendees-1-organisation"] = str(rsmh.pk)
    data["attendees-3-organisation"] = str(rsmh.pk)  # Eva Ström gets one too
    data["attendees-4-name"] = "Lars Eklund"  # the name corrected
    editor.post(IMPORT, {**data, "save": "1"})

    assert sorted(Meeting.objects.get().attendees.values_list("name", "organisation__name")) == [
        ("Anna Lind", "RSMH"),
        ("Eva Ström", "RSMH"),
        ("Kim Berg", "Socialförvaltningen"),
        ("Lars Eklund", "Verdandi"),
        ("Omar Said", "RSMH"),
    ]
    assert not Organisation.objects.filter(name__icontains="Helsingborg").exists()


def test_a_kept_row_without_an_organisation_is_refused_beside_it_keeping_what_was_typed(
    editor, group
):
    make_organisation(name="Socialförvaltningen")
    data = _preview_fields(_paste(editor, group))
    data["form-0-heading"] = "Mötet öppnas"
    data["attendees-1-name"] = "Omar Saïd"
    del data["attendees-2-keep"]
    data["attendees-4-name"] = ""  # kept, without a name
    data["attendees-0-name"] = "Anna " + "L" * 196  # kept, too long: refused, never cut

    response = editor.post(IMPORT, {**data, "save": "1"})

    html = response.content.decode()
    assert response.status_code == 200
    assert Meeting.objects.count() == 0 and Organisation.objects.count() == 1
    assert "Rätta felen nedan." in html
    assert re.search(
        r'<ul class="errorlist" id="id_attendees-3-organisation_error"><li>En närvarande hör till',
        html,
    )
    assert 'aria-invalid="true" aria-describedby="id_attendees-3-organisation_helptext ' in html
    assert 'id="id_attendees-4-name_error"><li>Skriv namnet, eller ta inte med personen.' in html
    assert 'id="id_attendees-0-name_error"><li>Säkerställ att detta värde har som mest 200' in html
    again = _preview_fields(response)
    assert again["form-0-heading"] == "Mötet öppnas"
    assert again["attendees-1-name"] == "Omar Saïd"
    assert again["attendees-0-name"] == "Anna " + "L" * 196
    assert "attendees-2-keep" not in again  # still dropped
    assert again["attendees-0-organisation"] == "ny"


def test_a_dropped_row_is_not_checked(editor, group):
    make_organisation(name="Socialförvaltningen")
    data = _preview_fields(_paste(editor, group))
    del data["attendees-3-keep"]
    data["attendees-4-name"] = "L" * 201
    del data["attendees-4-keep"]
    assert editor.post(IMPORT, {**data, "save": "1"}).status_code == 302
    assert Meeting.objects.get().attendees.count() == 3


def test_no_attendee_is_added_twice_to_a_draft_that_lists_them(editor, group):
    from tests.factories import make_meeting

    social = make_organisation(name="Socialförvaltningen")
    rsmh = make_organisation(name="RSMH Helsingborg", slug="rsmh-helsingborg")
    meeting = make_meeting(group=group, published=False)
    meeting.attendees.create(name="Kim Berg", organisation=social)
    into = f"{IMPORT}?mote={meeting.pk}"
    preview = _paste(editor, group, into)
    assert "Finns i katalogen: Socialförvaltningen. Finns redan på mötet: sparas en gång." in (
        preview.content.decode()
    )
    data = _preview_fields(preview)
    assert data["attendees-0-organisation"] == str(rsmh.pk)  # found, whatever its case
    data["attendees-1-name"] = "Anna Lind"  # the same person twice in the file
    del data["attendees-3-keep"]
    del data["attendees-4-keep"]
    editor.post(into, {**data, "save": "1"})

    assert sorted(meeting.attendees.values_list("name", "organisation__name")) == [
        ("Anna Lind", "RSMH Helsingborg"),
        ("Kim Berg", "Socialförvaltningen"),
    ]
