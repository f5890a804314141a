"""Minutes imported from the files staff have: three sets of minutes, each as LibreOffice wrote
it in .docx, .odt and .pdf (tests/fixtures/minutes/, remade by scripts/make-minutes-fixtures),
the example's text as a PDF gives it, and files the importer must refuse."""

import io
import zipfile
from datetime import date
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.utils import translation

from directory.models import Organisation
from meetings.minutes_import import (
    Draft,
    Suggested,
    Unreadable,
    find_date,
    read_minutes,
    save_draft,
)
from meetings.minutes_import.structure import Item, Minutes
from meetings.models import Meeting
from portal.templatetags.portal import markdown
from tests.factories import make_group, make_organisation

FILES = Path(__file__).resolve().parent.parent / "fixtures" / "minutes"
EXAMPLE = Path(__file__).resolve().parents[3] / "shared" / "examples"
FORMATS = ["docx", "odt", "pdf"]

SOCIAL_SERVICES = "Socialförvaltningen"


def _read(name: str):
    return read_minutes((FILES / name).read_bytes(), name)


@pytest.fixture
def directory(db):
    return make_organisation(name=SOCIAL_SERVICES)


@pytest.mark.parametrize("suffix", FORMATS)
def test_numbered_bold_headings_split_the_minutes_and_bullets_make_one_list(directory, suffix):
    draft = _read(f"brukarsamverkan.{suffix}")
    items = draft.minutes.items

    assert [item.heading for item in items] == [
        "Besök av Professor Per Skålén",
        "Bildandet av ett gemensamt utvecklingsprojekt",
    ]
    first, second = (markdown(item.body) for item in items)
    assert first.count("<p>") == 2  # the two paragraphs, wrapped lines joined
    assert "vid Karlstads universitet" in first
    assert 'href="mailto:david.bergstrom@helsingborg.se"' in _unescaped(first)
    assert second.count("<ul>") == 1 and second.count("<li>") == 10
    assert "<li>Det bör vara samma mall för Samordnad individuell plan (SIP) oavsett" in second
    assert "Varje person bör ha EN SIP" in second  # a bullet's wrapped line stays in it
    assert find_date(*draft.minutes.preamble) == date(2026, 1, 14)
    assert [
        (name, org.name if org else None, written, role)
        for name, org, written, role in draft.attendees
    ] == [
        ("Leif Redestig", SOCIAL_SERVICES, SOCIAL_SERVICES, "ordförande"),
        ("David Bergström", SOCIAL_SERVICES, SOCIAL_SERVICES, "sekreterare"),
        ("Anna Lind", None, "RSMH Helsingborg", ""),
        ("Omar Said", None, "Verdandi Helsingborg", "vice ordförande"),
    ]


@pytest.mark.parametrize("suffix", FORMATS)
def test_heading_styles_lists_links_and_recordings(directory, suffix):
    draft = _read(f"funktionshinder.{suffix}")
    items = draft.minutes.items

    assert [item.heading for item in items] == [
        "Mötet öppnas och dagordningen godkänns",
        "Samordnad individuell plan (SIP)",
        "Tillgänglighet i lokalerna",
        "Inspelningar",
        "Nästa möte",
    ]  # the title and "Närvarande" are no agenda items
    sip = _unescaped(markdown(items[1].body))
    assert '<a href="http://i-nod.se/sip/"' in sip  # a bare address, broken over lines in a PDF
    assert '<a href="https://www.helsingborg.se/sip"' in sip
    assert sip.count("<ol>") == 1 and sip.count("<li>") == 3  # 1) 2) 3) typed by hand
    assert "<li>Den enskilde ska få en kopia av planen.</li>" in sip
    assert 'href="mailto:funktionshinder@helsingborg.se"' in _unescaped(markdown(items[2].body))
    assert draft.minutes.recordings == [
        ("Del 1: Inledning och SIP", "https://bambuser.com/v/4711001"),
        ("Del 2: Tillgänglighet", "https://bambuser.com/v/4711002"),
    ]
    assert "bambuser" not in items[3].body
    assert [(a.name, a.written, a.role) for a in draft.attendees] == [
        ("Maria Holm", SOCIAL_SERVICES, "enhetschef"),
        ("Jonas Ek", "Autism- och Aspergerföreningen", ""),
        ("Sara Nilsson", "Föreningen för hörselskadade", ""),
    ]
    assert draft.attendees[0].organisation == directory
    assert find_date(*draft.minutes.preamble) == date(2026, 3, 13)


@pytest.mark.parametrize("suffix", FORMATS)
def test_bold_lines_typed_bullets_and_a_labelled_recording(db, suffix):
    draft = _read(f"innovation.{suffix}")
    items = draft.minutes.items

    assert [item.heading for item in items] == [
        "Nya idéer sedan förra mötet",
        "Beslut om kamratstöd",
        "Film från brukarrådets konferens",
        "Övriga frågor",
    ]  # the group's name and the date above them are the title, no item
    ideas = markdown(items[0].body)
    assert ideas.count("<li>") == 3 and "<li>Kamratstödjare i väntrummet.</li>" in ideas
    assert "•" not in ideas
    assert draft.minutes.recordings == [
        ("Konferensen om beroendevård 2025", "https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    ]
    assert items[2].body == "Konferensen finns inspelad:"
    assert find_date(*draft.minutes.preamble) == date(2025, 11, 20)


def test_pasted_text_from_a_pdf_as_the_example_gives_it(db):
    text = (EXAMPLE / "minnesanteckningar-brukarsamverkan.txt").read_bytes()
    items = read_minutes(text, "inklistrat.txt").minutes.items

    assert [item.heading for item in items] == [
        "Besök av Professor Per Skålén",
        "Bildandet av ett gemensamt utvecklingsprojekt",
    ]
    assert markdown(items[1].body).count("<li>") == 10


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("losenord.pdf", "skyddad med lösenord"),
        ("losenord.docx", "skyddad med lösenord"),
        ("skannad.pdf", "bara bilder, ingen text. Den är troligen skannad"),
        ("gammal.doc", r"gammalt Word-dokument \(\.doc\)"),
    ],
)
def test_files_it_cannot_read_are_refused_with_the_reason(name, message):
    with pytest.raises(Unreadable, match=message):
        _read(name)


def test_refusals_are_in_english_under_the_english_locale():
    with translation.override("en"), pytest.raises(Unreadable, match="protected by a password"):
        _read("losenord.pdf")


def test_damaged_empty_misnamed_and_huge_files_are_refused():
    real = (FILES / "innovation.docx").read_bytes()
    with pytest.raises(Unreadable, match="skadad"):
        read_minutes(real[: len(real) // 2], "avklippt.docx")
    with pytest.raises(Unreadable, match="skadad"):
        read_minutes((FILES / "innovation.pdf").read_bytes()[:4000], "avklippt.pdf")
    with pytest.raises(Unreadable, match="tom"):
        read_minutes(b"  \n", "tom.txt")
    with pytest.raises(Unreadable, match=r"inte en \.docx"):
        read_minutes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "bild.docx")
    with pytest.raises(Unreadable, match=r"större än 20 MB"):
        read_minutes(b"x" * (20 * 1024 * 1024 + 1), "stor.txt")
    other_zip = io.BytesIO()
    with zipfile.ZipFile(other_zip, "w") as archive:
        archive.writestr("bild.png", b"")
    with pytest.raises(Unreadable, match="varken"):
        read_minutes(other_zip.getvalue(), "arkiv.docx")


def test_a_file_without_headings_is_refused_rather_than_made_one_item(db):
    text = "Mötet diskuterade mycket. Alla var överens om att ses igen.\n".encode()
    with pytest.raises(Unreadable, match="Inga punkter"):
        read_minutes(text * 3, "text.txt")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("Möte 2026-03-13", date(2026, 3, 13)),
        ("den 13 mars 2026 kl. 13", date(2026, 3, 13)),
        ("13/3 2026", date(2026, 3, 13)),
        ("31/2 2026, sedan 1 april 2026", date(2026, 4, 1)),  # no 31 February
        ("inget datum här", None),
    ],
)
def test_dates_as_swedes_write_them(written, expected):
    assert find_date(written) == expected


# The command: an archive of old minutes made into draft meetings.


def test_the_command_makes_a_draft_meeting_of_each_file(directory, capsys):
    group = make_group(slug="funktionshinderradet")
    call_command(
        "import_minutes",
        str(FILES / "funktionshinder.docx"),
        str(FILES / "innovation.pdf"),
        "--group",
        "funktionshinderradet",
    )

    meetings = Meeting.objects.filter(group=group).order_by("starts_at")
    assert [(m.status, m.starts_at.date()) for m in meetings] == [
        (Meeting.Status.DRAFT, date(2025, 11, 20)),
        (Meeting.Status.DRAFT, date(2026, 3, 13)),
    ]
    council = meetings[1]
    assert [item.heading for item in council.agenda_items.all()][:2] == [
        "Mötet öppnas och dagordningen godkänns",
        "Samordnad individuell plan (SIP)",
    ]
    assert [(link.title, link.url) for link in council.links.all()] == [
        ("Del 1: Inledning och SIP", "https://bambuser.com/v/4711001"),
        ("Del 2: Tillgänglighet", "https://bambuser.com/v/4711002"),
    ]
    # Attendees whose organisation is in the directory; the others are named in the report.
    assert [(a.name, a.role, a.organisation.name) for a in council.attendees.all()] == [
        ("Maria Holm", "enhetschef", SOCIAL_SERVICES)
    ]
    out = capsys.readouterr().out
    assert "funktionshinder.docx: 2026-03-13, 5 punkter" in out
    assert "Inspelning: Del 1: Inledning och SIP <https://bambuser.com/v/4711001>" in out
    assert f"Närvarande: Maria Holm (enhetschef), {SOCIAL_SERVICES}" in out
    assert (
        "Utelämnad: Jonas Ek, Autism- och Aspergerföreningen: organisationen finns inte i katalogen"
        in out
    )
    assert "Sparat som utkast" in out
    assert (
        "Inte i katalogen, deras närvarande utelämnade: Autism- och Aspergerföreningen, "
        "Föreningen för hörselskadade. Lägg till organisationerna och personerna på mötenas "
        "sidor, eller importera med --add-organisations." in out
    )
    assert Organisation.objects.count() == 1


def test_the_command_adds_the_organisations_not_in_the_directory_when_asked(directory, capsys):
    make_group(slug="funktionshinderradet")
    args = [str(FILES / "funktionshinder.pdf"), "--group", "funktionshinderradet"]
    call_command("import_minutes", *args, "--add-organisations", "--dry-run")
    assert "Närvarande: Jonas Ek, Autism- och Aspergerföreningen (läggs till i katalogen)" in (
        capsys.readouterr().out
    )
    assert Organisation.objects.count() == 1  # a dry run adds nothing

    call_command("import_minutes", *args, "--add-organisations")

    out = capsys.readouterr().out
    assert "Inte i katalogen" not in out and "Utelämnad" not in out
    assert sorted(Meeting.objects.get().attendees.values_list("name", "organisation__name")) == [
        ("Jonas Ek", "Autism- och Aspergerföreningen"),
        ("Maria Holm", SOCIAL_SERVICES),
        ("Sara Nilsson", "Föreningen för hörselskadade"),
    ]


PRESENT_WITH_ROLES = """Brukarrådet 13 mars 2026

Närvarande

- Anna Berg, ordförande, RSMH
- Bo Ek (sekreterare), Föreningen Ombud
- Cia Al – Verdandi
- Dan Ny, RSMH, Helsingborg
- Eva Ström, enhetschef
- Fia Ek, brukarrepresentant (RSMH), vice ordförande

1. Välkommen

Ordföranden hälsade alla välkomna.
"""


def test_a_role_written_beside_the_name_is_the_role_not_the_organisation(db):
    agents = make_organisation(name="Föreningen Ombud")  # a name that ends as a role does

    draft = read_minutes(PRESENT_WITH_ROLES.encode(), "brukarradet.txt")

    assert [(a.name, a.written, a.role) for a in draft.attendees] == [
        ("Anna Berg", "RSMH", "ordförande"),
        ("Bo Ek", "Föreningen Ombud", "sekreterare"),
        ("Cia Al", "Verdandi", ""),
        ("Dan Ny", "RSMH, Helsingborg", ""),
        ("Eva Ström", "", "enhetschef"),
        ("Fia Ek", "RSMH", "brukarrepresentant, vice ordförande"),
    ]
    assert draft.attendees[1].organisation == agents

    meeting = save_draft(draft, group=make_group(), day=date(2026, 3, 13), add_organisations=True)
    assert sorted(meeting.attendees.values_list("name", "role", "organisation__name")) == [
        ("Anna Berg", "ordförande", "RSMH"),
        ("Bo Ek", "sekreterare", "Föreningen Ombud"),
        ("Cia Al", "", "Verdandi"),
        ("Dan Ny", "", "RSMH, Helsingborg"),
        ("Fia Ek", "brukarrepresentant, vice ordförande", "RSMH"),
    ]  # Eva Ström names no organisation: left out


def test_the_command_names_each_attendees_role(db, tmp_path, capsys):
    make_group(slug="brukarradet")
    make_organisation(name="RSMH")
    minutes = tmp_path / "brukarradet-2026-03-13.txt"
    minutes.write_text(PRESENT_WITH_ROLES)

    call_command("import_minutes", str(minutes), "--group", "brukarradet", "--dry-run")

    out = capsys.readouterr().out
    assert "Närvarande: Anna Berg (ordförande), RSMH\n" in out
    assert "Utelämnad: Eva Ström (enhetschef): ingen organisation angiven" in out


# Saving the draft: new organisations once, nothing when anything is refused.


def _draft(*attendees, heading="Välkommen"):
    """A draft of one item and the attendees, each (name, organisation, as written)."""
    suggested = [Suggested(*attendee) for attendee in attendees]
    return Draft(Minutes(items=[Item(heading)], recordings=[], attendees=[]), suggested)


def test_a_new_organisation_is_added_once_for_all_who_name_it(directory):
    make_organisation(name="Annan", slug="rsmh-helsingborg")  # its address name is taken
    group = make_group()
    draft = _draft(
        ("Anna Lind", None, "RSMH Helsingborg"),
        ("Omar Said", None, "rsmh  helsingborg"),
        ("Anna Lind", None, "RSMH Helsingborg"),  # twice in the file
        ("Eva Ström", None, ""),  # no organisation: left out
        ("Kim Berg", directory, SOCIAL_SERVICES),
    )

    meeting = save_draft(draft, group=group, day=date(2026, 3, 13), add_organisations=True)

    added = Organisation.objects.get(name="RSMH Helsingborg")
    assert added.slug == "rsmh-helsingborg-2"
    assert sorted(meeting.attendees.values_list("name", "organisation__name")) == [
        ("Anna Lind", "RSMH Helsingborg"),
        ("Kim Berg", SOCIAL_SERVICES),
        ("Omar Said", "RSMH Helsingborg"),
    ]
    again = save_draft(draft, group=group, day=date(2026, 3, 13), into=meeting)
    assert again.attendees.count() == 3  # nobody twice, and no organisation added


def test_a_refused_draft_adds_no_organisation_either(directory):
    draft = _draft(("Anna Lind", None, "RSMH Helsingborg"), heading="R" * 301)
    with pytest.raises(ValidationError):
        save_draft(draft, group=make_group(), day=date(2026, 3, 13), add_organisations=True)
    assert list(Organisation.objects.values_list("name", flat=True)) == [SOCIAL_SERVICES]
    assert Meeting.objects.count() == 0


def test_a_dry_run_saves_nothing(db, capsys):
    make_group(slug="innovation")
    call_command(
        "import_minutes", str(FILES / "innovation.odt"), "--group", "innovation", "--dry-run"
    )
    assert Meeting.objects.count() == 0
    out = capsys.readouterr().out
    assert "innovation.odt: 2025-11-20, 4 punkter" in out
    assert "1. Nya idéer sedan förra mötet" in out
    assert "provkörning: inget sparat" in out


def test_a_refused_file_is_named_with_its_reason_and_leaves_no_half_made_meeting(db, capsys):
    make_group(slug="innovation")
    with pytest.raises(CommandError, match="1 av 2 filer"):
        call_command(
            "import_minutes",
            str(FILES / "losenord.pdf"),
            str(FILES / "innovation.docx"),
            "--group",
            "innovation",
        )
    assert Meeting.objects.count() == 1  # the readable one
    assert "losenord.pdf: inte importerad: Filen är skyddad med lösenord" in capsys.readouterr().err


def test_a_file_without_a_date_needs_one_given(db, capsys):
    make_group(slug="innovation")
    pasted = FILES / "utan-datum.txt"
    with pytest.raises(CommandError):
        call_command("import_minutes", str(pasted), "--group", "innovation")
    assert "ange --date" in capsys.readouterr().err
    call_command("import_minutes", str(pasted), "--group", "innovation", "--date", "13/3 2026")
    assert Meeting.objects.get().starts_at.date() == date(2026, 3, 13)


def test_an_unknown_group_or_date_is_refused_before_any_file_is_read(db):
    make_group(slug="innovation")
    with pytest.raises(CommandError, match="Ingen grupp"):
        call_command("import_minutes", "finns-inte.docx", "--group", "okand")
    with pytest.raises(CommandError, match="inget datum"):
        call_command(
            "import_minutes", "finns-inte.docx", "--group", "innovation", "--date", "i går"
        )


def _unescaped(html: str) -> str:
    """Python-Markdown writes an e-mail address as character references, against harvesters."""
    import html as html_module

    return html_module.unescape(html)


# Recording links from each service where meetings are recorded, in each way a list is written.

RECORDINGS = {
    "Bambuser": "https://bambuser.com/v/4711001",
    "YouTube": "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
    "YouTube, short": "https://youtu.be/dQw4w9WgXcQ",
    "Vimeo": "https://vimeo.com/123456789",
    "SVT Play": "https://www.svtplay.se/video/jXvZ1a2/brukarradet",
    "Teams": "https://teams.microsoft.com/l/meetup-recording?threadId=19%3Ameeting_abc",
    "Teams on Stream": "https://web.microsoftstream.com/video/1a2b3c4d",
    "Teams on SharePoint": "https://kommun.sharepoint.com/sites/Rad/_layouts/15/stream.aspx?id=%2Fa.mp4",
    # A Teams recording saved in OneDrive or SharePoint: ":v:" marks a video.
    "Teams on OneDrive": "https://kommun-my.sharepoint.com/:v:/g/personal/anna_kommun_se/EaBcDeF?e=xyz",
    "Zoom": "https://kommun.zoom.us/rec/share/AbC-dEf.GhI",
    # The same, shared by OneDrive's short link: "/v/" marks a video there.
    "Teams on OneDrive, short": "https://1drv.ms/v/c/4a1b2c3d4e5f6a7b/EaBcDeFgHiJ?e=xyz",
}
BULLETS = {
    "•": lambda n: "• ",
    "• and a tab": lambda n: "•\t",
    "–": lambda n: "– ",
    "-": lambda n: "- ",
    "*": lambda n: "* ",
    "1)": lambda n: f"{n}) ",
    "1.": lambda n: f"{n}. ",
}


@pytest.mark.parametrize("bullet", BULLETS.values(), ids=BULLETS.keys())
@pytest.mark.parametrize("address", RECORDINGS.values(), ids=RECORDINGS.keys())
def test_a_recording_in_a_list_is_a_recording_with_its_label(address, bullet):
    text = (
        "Brukarrådet 13 mars 2026\n\n"
        "Mötet öppnas\n\nOrdföranden hälsar alla välkomna.\n\n"
        f"Inspelningar\n\n{bullet(1)}Del 1: Inledning {address}\n"
        f"{bullet(2)}Bilderna finns hos sekreteraren.\n"
    )
    minutes = read_minutes(text.encode(), "inklistrat.txt").minutes

    assert [item.heading for item in minutes.items] == ["Mötet öppnas", "Inspelningar"]
    assert minutes.recordings == [("Del 1: Inledning", address)]
    rest = markdown(minutes.items[1].body)
    assert "<li>Bilderna finns hos sekreteraren.</li>" in rest and address not in rest


@pytest.mark.parametrize(
    "address",
    [
        "https://kommun-my.sharepoint.com/:w:/g/personal/anna/EaB?e=x",
        "https://1drv.ms/w/c/4a1b2c3d4e5f6a7b/EaBcDeF?e=x",  # a Word file, by the short link
    ],
)
def test_a_shared_file_that_is_no_video_is_no_recording(address):
    text = (
        "Brukarrådet 13 mars 2026\n\nMötet öppnas\n\nOrdföranden hälsar alla välkomna.\n\n"
        f"Handlingar\n\nProtokollet: {address}\n"
    )
    assert read_minutes(text.encode(), "inklistrat.txt").minutes.recordings == []


@pytest.mark.parametrize("bullet", ["", "* ", "- "])
def test_a_label_in_markdown_emphasis_keeps_both_its_stars(bullet):
    text = (
        "Brukarrådet 13 mars 2026\n\nMötet öppnas\n\nOrdföranden hälsar alla välkomna.\n\n"
        f"Inspelningar\n\n{bullet}*Del 1: Inledning* https://bambuser.com/v/4711001\n"
    )
    assert read_minutes(text.encode(), "inklistrat.txt").minutes.recordings == [
        ("*Del 1: Inledning*", "https://bambuser.com/v/4711001")
    ]
