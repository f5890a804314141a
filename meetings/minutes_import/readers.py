"""Minutes files read into blocks: headings, paragraphs and list items, in document order.

Each format is read by the library made for it, not by hand: python-docx for Word's .docx,
odfpy for OpenDocument's .odt (LibreOffice, Google Docs' download), pdfminer.six for the text
of a .pdf. A PDF keeps no structure worth trusting, so its text goes the way of pasted text
(meetings/minutes_import/structure.py); a .docx or .odt keeps its heading styles, bold lines,
lists and links.

A file that cannot be read raises `Unreadable` with a message for the editor, in Swedish under
the Swedish locale: never a half-read file.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

# Larger than any set of minutes; an archive's scanned annual report is not one.
MAX_BYTES = 20 * 1024 * 1024
MAX_PDF_PAGES = 200


# The first bytes of a Compound File: Word's .doc, and a .docx once it has a password.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class Unreadable(Exception):
    """A file the importer refuses, with the reason for the editor."""


@dataclass
class Block:
    kind: str  # "heading", "paragraph", "bullet" or "number"
    text: str  # Markdown: a link as [label](address)
    bold: bool = False  # the whole block is bold, as a heading typed without a heading style
    level: int = 0  # a heading's level: 0 for a document's title, 1 for Heading 1, …


def read(data: bytes, name: str) -> list[Block] | str:
    """The blocks of a .docx or .odt, or the text of a .pdf or .txt (to be split as pasted
    text is)."""
    if len(data) > MAX_BYTES:
        raise Unreadable(
            _("The file is larger than %(mb)d MB: is it really one set of minutes?")
            % {"mb": MAX_BYTES // (1024 * 1024)}
        )
    if not data.strip():
        raise Unreadable(_("The file is empty."))
    suffix = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if data.startswith(b"%PDF"):
        return _pdf(data)
    if data.startswith(b"PK"):
        return _office(data, suffix)
    if data.startswith(_OLE):  # a password-protected Office file, or Word's old .doc
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise Unreadable(_("The file is protected by a password. Save it without one."))
        raise Unreadable(
            _("The file is an old Word document (.doc). Save it as .docx in Word or "
              "LibreOffice and import that.")
        )  # fmt: skip
    if suffix in ("docx", "odt", "pdf", "doc"):
        raise Unreadable(
            _("The file is not a .%(suffix)s, whatever its name says.") % {"suffix": suffix}
        )
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise Unreadable(
            _("The file is neither a .docx, .odt or .pdf nor text. An old .doc can be saved "
              "as .docx in Word or LibreOffice.")
        ) from None  # fmt: skip


def _office(data: bytes, suffix: str) -> list[Block]:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        names = set(archive.namelist())
    except zipfile.BadZipFile:
        raise Unreadable(_("The file is damaged: it could not be opened.")) from None
    if "word/document.xml" in names:
        return _docx(data)
    if "content.xml" in names:
        if b"manifest:encryption-data" in archive.read("META-INF/manifest.xml"):
            raise Unreadable(_("The file is protected by a password. Save it without one."))
        return _odt(data)
    raise Unreadable(_("The file is neither a .docx, .odt or .pdf."))


def _docx(data: bytes) -> list[Block]:
    import docx  # python-docx
    from docx.text.hyperlink import Hyperlink

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises several kinds for a damaged package
        raise Unreadable(_("The file is damaged: it could not be opened.")) from error
    blocks = []
    for paragraph in document.paragraphs:
        parts, bold = [], []
        for part in paragraph.iter_inner_content():
            if isinstance(part, Hyperlink):
                parts.append(_link(part.text, part.address or ""))
            else:
                parts.append(part.text)
                if part.text.strip():
                    bold.append(bool(part.bold))
        text = "".join(parts).strip()
        if not text:
            continue
        style = (paragraph.style.name if paragraph.style is not None else "").lower()
        properties = paragraph._p.pPr
        numbered = properties is not None and properties.numPr is not None
        level = 0
        if style.startswith(("heading", "rubrik", "title")):
            kind = "heading"
            level = int(digits[0]) if (digits := re.findall(r"\d", style)) else 0
        elif numbered or style.startswith(("list", "liststycke")):
            kind = "number" if "number" in style else "bullet"
        else:
            kind = "paragraph"
        blocks.append(Block(kind, text, bold=bool(bold) and all(bold), level=level))
    return blocks


def _odt(data: bytes) -> list[Block]:
    from odf import opendocument, teletype
    from odf.namespaces import TEXTNS, XLINKNS

    try:
        document = opendocument.load(io.BytesIO(data))
    except Exception as error:  # odfpy raises what its XML parser raises
        raise Unreadable(_("The file is damaged: it could not be opened.")) from error

    def text_of(element) -> str:
        parts = []
        for node in element.childNodes:
            if node.nodeType == node.TEXT_NODE:
                parts.append(str(node.data))
            elif node.qname == (TEXTNS, "a"):
                parts.append(_link(teletype.extractText(node), node.getAttrNS(XLINKNS, "href")))
            elif node.qname == (TEXTNS, "s"):
                parts.append(" " * int(node.getAttrNS(TEXTNS, "c") or 1))
            elif node.qname in ((TEXTNS, "tab"), (TEXTNS, "line-break")):
                parts.append(" ")
            else:
                parts.append(text_of(node))
        return "".join(parts)

    blocks = []

    def walk(element, in_list: str = "") -> None:
        for node in element.childNodes:
            name = getattr(node, "qname", None)
            if name == (TEXTNS, "h"):
                if text := text_of(node).strip():
                    level = int(node.getAttrNS(TEXTNS, "outline-level") or 1)
                    blocks.append(Block("heading", text, level=level))
            elif name == (TEXTNS, "p"):
                if text := text_of(node).strip():
                    blocks.append(Block(in_list or "paragraph", text))
            elif name == (TEXTNS, "list"):
                style = (node.getAttrNS(TEXTNS, "style-name") or "").lower()
                walk(node, "number" if "numbering" in style or "num" in style else "bullet")
            elif name is not None and node.nodeType == node.ELEMENT_NODE:
                walk(node, in_list)

    walk(document.text)
    return blocks


def _pdf(data: bytes) -> str:
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psparser import PSException

    try:
        text = _pdf_text(data)
    except (PDFEncryptionError, PDFPasswordIncorrect):
        raise Unreadable(_("The file is protected by a password. Save it without one.")) from None
    except Unreadable:
        raise
    except (PSException, ValueError, TypeError, KeyError, AssertionError) as error:
        raise Unreadable(_("The file is damaged: it could not be opened.")) from error
    if not text.strip():
        raise Unreadable(
            _("The PDF holds no text, only images: it was probably scanned. Import the "
              "document it was printed from, or paste the text.")
        )  # fmt: skip
    return text


# Characters up to four widths apart are one line, so a list item's bullet stays on its line
# (pdfminer's default of two put the bullets of LibreOffice's lists on lines of their own).
_LAYOUT = {"char_margin": 4.0}


def _pdf_text(data: bytes) -> str:
    """The PDF's text as pdfminer lays it out: a blank line between paragraphs, a line per
    line, and a link's address after the text it is on (a PDF keeps links apart from text)."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams, LTTextBox
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    resources = PDFResourceManager()
    device = PDFPageAggregator(resources, laparams=LAParams(**_LAYOUT))
    interpreter = PDFPageInterpreter(resources, device)
    pages = []
    for number, page in enumerate(PDFPage.get_pages(io.BytesIO(data)), start=1):
        if number > MAX_PDF_PAGES:
            raise Unreadable(
                _("The PDF has more than %(pages)d pages: is it really one set of minutes?")
                % {"pages": MAX_PDF_PAGES}
            )
        interpreter.process_page(page)
        links = _pdf_links(page)
        boxes = []
        for box in device.get_result():
            if isinstance(box, LTTextBox):
                boxes.append("\n".join(_pdf_line(line, links) for line in box))
        pages.append("\n\n".join(boxes))
    return "\n\f\n".join(pages)


def _pdf_links(page) -> list[tuple[tuple[float, float, float, float], str]]:
    from pdfminer.pdftypes import resolve1

    links = []
    for annotation in resolve1(page.annots) or []:
        annotation = resolve1(annotation)
        action = resolve1(annotation.get("A")) if isinstance(annotation, dict) else None
        address = resolve1(action.get("URI")) if isinstance(action, dict) else None
        if isinstance(address, bytes) and annotation.get("Rect"):
            links.append((tuple(resolve1(annotation["Rect"])), address.decode("latin-1")))
    return links


def _pdf_line(line, links) -> str:
    """A line's text, the part of it a link covers as a Markdown link to its address."""
    text = line.get_text().rstrip()
    middle = (line.y0 + line.y1) / 2
    for (x0, y0, x1, y1), address in links:
        if not min(y0, y1) <= middle <= max(y0, y1) or address in text:
            continue
        left, right = min(x0, x1), max(x0, x1)
        inside = [hasattr(c, "x0") and left <= (c.x0 + c.x1) / 2 <= right for c in line]
        if any(inside):
            first = inside.index(True)
            last = len(inside) - inside[::-1].index(True)
            characters = [c.get_text() for c in line]
            label = "".join(characters[first:last]).strip()
            before, after = "".join(characters[:first]), "".join(characters[last:]).rstrip()
            return f"{before}[{label}]({address}){after}"
    return text


def _link(label: str, address: str) -> str:
    label = label.strip()
    if not address or address == label or address == f"mailto:{label}":
        return label or address
    return f"[{label}]({address})"
