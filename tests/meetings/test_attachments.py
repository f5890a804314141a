import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from meetings.models import Attachment, validate_attachment
from tests.factories import make_meeting

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
DOCX = b"PK\x03\x04" + b"\x00" * 100


def _attach(meeting, name="protokoll.pdf", content=PDF) -> Attachment:
    attachment = Attachment(meeting=meeting, title="Bilaga", file=SimpleUploadedFile(name, content))
    attachment.full_clean()
    attachment.save()
    return attachment


@pytest.mark.parametrize("name,content", [("a.pdf", PDF), ("b.DOCX", DOCX), ("c.odt", DOCX)])
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
