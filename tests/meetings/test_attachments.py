import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from meetings.models import Attachment, validate_attachment
from tests.factories import make_editor, make_group, make_meeting
from tests.meetings.test_admin import _add_form

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 100


def _zip(*members: tuple[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members:
            archive.writestr(name, content)
    return buffer.getvalue()


def _ooxml(folder: str, *extra: tuple[str, bytes]) -> bytes:
    """The smallest zip that looks like an Office Open XML document (docx: "word/")."""
    return _zip(("[Content_Types].xml", b"<Types/>"), (f"{folder}document.xml", b"<x/>"), *extra)


DOCX = _ooxml("word/")
XLSX = _ooxml("xl/")
ODT = _zip(("mimetype", b"application/vnd.oasis.opendocument.text"), ("content.xml", b"<x/>"))


def _attach(meeting, name="protokoll.pdf", content=PDF) -> Attachment:
    attachment = Attachment(meeting=meeting, title="Bilaga", file=SimpleUploadedFile(name, content))
    attachment.full_clean()
    attachment.save()
    return attachment


@pytest.mark.parametrize(
    "name,content",
    [
        ("a.pdf", PDF),
        ("b.DOCX", DOCX),
        ("c.xlsx", XLSX),
        ("d.odt", ODT),
        ("e.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"),
    ],
)
def test_pdf_and_office_files_are_accepted(name, content):
    validate_attachment(SimpleUploadedFile(name, content))


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("virus.exe", b"MZ\x90\x00", "Bara PDF och kontorsdokument"),
        ("bild.png", b"\x89PNG\r\n", "Bara PDF och kontorsdokument"),
        ("sida.html", b"<script>", "Bara PDF och kontorsdokument"),
        ("utan-andelse", PDF, "Bara PDF och kontorsdokument"),
        ("faktura.pdf", b"MZ\x90\x00 not a pdf", "inte ett PDF-dokument"),
        ("brev.docx", PDF, "inte ett DOCX-dokument"),
    ],
)
def test_wrong_types_and_misleading_names_are_refused(name, content, message):
    with pytest.raises(ValidationError) as error:
        validate_attachment(SimpleUploadedFile(name, content))
    assert message in " ".join(error.value.messages)


def test_files_over_the_limit_are_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        validate_attachment(SimpleUploadedFile("stor.pdf", PDF + b"0" * 2000))
    assert "högst 1,0\xa0kB" in error.value.messages[0]


def test_pdf_is_served_inline_with_its_type(client):
    attachment = _attach(make_meeting())
    response = client.get(attachment.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    assert attachment.size == len(PDF)


def test_office_file_is_served_as_a_download(client):
    attachment = _attach(make_meeting(), name="underlag.docx", content=DOCX)
    response = client.get(attachment.get_absolute_url())
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].startswith("attachment")


def test_a_drafts_attachment_is_not_public(client):
    attachment = _attach(make_meeting(published=False))
    assert client.get(attachment.get_absolute_url()).status_code == 404


# Uploads through the admin, as an editor does them.

REFUSED = [
    ("program.exe", EXE, "Bara PDF och kontorsdokument kan bifogas"),
    ("rapport.pdf.exe", PDF, "Bara PDF och kontorsdokument kan bifogas"),
    ("rapport.pdf ", PDF, "Bara PDF och kontorsdokument kan bifogas"),
    ("rapport．pdf", PDF, "Bara PDF och kontorsdokument kan bifogas"),  # a full-width dot
    ("bild.svg", b"<svg onload=alert(1)>", "Bara PDF och kontorsdokument kan bifogas"),
    ("sida.html", b"<script>alert(1)</script>", "Bara PDF och kontorsdokument kan bifogas"),
    ("rapport.exe.pdf", EXE, "Filens innehåll är inte ett PDF-dokument"),
    ("faktura.pdf", EXE, "Filens innehåll är inte ett PDF-dokument"),
    ("sida.pdf", b"<html><script>alert(1)</script>", "Filens innehåll är inte ett PDF-dokument"),
    ("brev.docx", PDF, "Filens innehåll är inte ett DOCX-dokument"),
    ("arkiv.docx", _zip(("program.exe", EXE)), "Filens innehåll är inte ett DOCX-dokument"),
    ("kalkyl.docx", XLSX, "Filens innehåll är inte ett DOCX-dokument"),
    ("trasig.docx", b"PK\x03\x04" + b"\x00" * 100, "Filens innehåll är inte ett DOCX-dokument"),
    ("text.ods", ODT, "Filens innehåll är inte ett ODS-dokument"),
    ("makro.docx", _ooxml("word/", ("word/vbaProject.bin", b"x")), "innehåller makron"),
    ("\u202egnp.exe", EXE, "Bara PDF och kontorsdokument kan bifogas"),  # shown as "exe.png"
    ("tom.pdf", b"", "Den skickade filen är tom."),
]


def _upload(client, name: str, content: bytes):
    if "_auth_user_id" not in client.session:
        client.force_login(make_editor())
    form = _add_form(make_group()) | {
        "attachments-TOTAL_FORMS": "1",
        "attachments-0-position": "1",
        "attachments-0-title": "Underlag",
        "attachments-0-file": SimpleUploadedFile(name, content),
    }
    return client.post(reverse("admin:meetings_meeting_add"), form)


@pytest.mark.parametrize("name,content,message", REFUSED)
def test_the_admin_refuses_bad_files_with_a_clear_message(client, settings, name, content, message):
    response = _upload(client, name, content)
    assert response.status_code == 200
    assert message in response.text
    assert 'value="Underlag"' in response.text  # the rest of the form is kept
    assert not Attachment.objects.exists()
    assert not any(Path(settings.MEDIA_ROOT).rglob("*.*"))


def test_the_admin_refuses_a_file_over_the_limit(client, settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    response = _upload(client, "stor.pdf", PDF + b"0" * 2000)
    assert "Filen är 2,0\xa0kB. Den får vara högst 1,0\xa0kB." in response.text
    assert not Attachment.objects.exists()


@pytest.mark.parametrize(
    "name,stored",
    [
        ("../../../etc/passwd.pdf", "passwd.pdf"),
        ("..\\..\\windows\\system.pdf", "system.pdf"),
        ("faktura\u202efdp.pdf", "fakturafdp.pdf"),  # right-to-left override removed
        ('rapport "2024"; filename=x.html.pdf', "rapport_2024_filenamex.html.pdf"),
        ("protokoll år 2024.pdf", "protokoll_år_2024.pdf"),
    ],
)
def test_the_admin_stores_a_file_under_a_safe_name(client, name, stored):
    assert _upload(client, name, PDF).status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.file.name.startswith("moten/")
    assert attachment.filename == stored
    assert Path(attachment.file.path).read_bytes() == PDF


def test_the_admin_keeps_a_very_long_file_name_within_the_field(client):
    response = _upload(client, "a" * 290 + ".pdf", PDF)
    assert response.status_code in (200, 302)
    if response.status_code == 302:
        attachment = Attachment.objects.get()
        assert len(attachment.file.name) <= 300
        assert attachment.filename.endswith(".pdf")


def test_a_file_is_served_with_a_safe_name_in_its_header(client):
    _upload(client, 'rapport "2024"; filename=x.html.pdf', PDF)
    response = client.get(Attachment.objects.get().get_absolute_url())
    assert response["Content-Disposition"] == ('inline; filename="rapport_2024_filenamex.html.pdf"')
    _upload(client, "protokoll år.docx", DOCX)
    docx = Attachment.objects.get(file__endswith=".docx")
    response = client.get(docx.get_absolute_url())
    assert response["Content-Disposition"] == (
        "attachment; filename*=utf-8''protokoll_%C3%A5r.docx"
    )


def test_an_older_file_of_an_unknown_kind_is_only_a_download(client):
    """Files stored before the checks (or by hand) are never shown in the browser."""
    meeting = make_meeting()
    old = Attachment.objects.create(
        meeting=meeting, title="Gammal", file=ContentFile(b"<script>alert(1)</script>", "x.html")
    )
    response = client.get(old.get_absolute_url())
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"] == 'attachment; filename="x.html"'
    assert response["X-Content-Type-Options"] == "nosniff"


def test_another_name_in_the_address_leads_to_the_files_own(client):
    attachment = _attach(make_meeting())
    response = client.get(f"/bilagor/{attachment.pk}/annat-namn.html")
    assert response.status_code == 302
    assert response["Location"] == attachment.get_absolute_url()


def test_editing_a_meeting_whose_file_is_missing_still_works(client):
    """Regression: a stored file was checked again on every save, and a missing one was a 500."""
    attachment = _attach(make_meeting())
    Path(attachment.file.path).unlink()
    attachment.full_clean()
