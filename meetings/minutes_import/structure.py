"""Blocks or pasted text made into a meeting's agenda items, recordings and attendees.

Agenda items start at headings: Word's or LibreOffice's heading styles, a numbered line
standing alone ("1. Besök av …", continuing the items' numbering), or else a bold line or a
short line standing alone. Paragraphs are kept, wrapped lines (a PDF's) are joined, bullets
(•, –, -, *, 1), 1.) become Markdown lists, bare web and e-mail addresses become links, a line
that only labels a recording ("Del 1: Inledning https://bambuser.com/…") becomes a recording,
and a list of those present ("Närvarande:") becomes suggested attendees.
"""

import re
from dataclasses import dataclass, field

from meetings.minutes_import.readers import Block
from portal.dates import find_date
from portal.markup import link_addresses

# Where recordings of meetings are kept: Bambuser, YouTube, Vimeo, SVT Play, Teams (Stream on
# SharePoint, or a video shared from OneDrive or SharePoint: ":v:", where ":w:" is a Word file;
# OneDrive's short links mark a video "/v/" the same way) and Zoom.
RECORDING = re.compile(
    r"https?://(?:[\w-]+\.)*(?:bambuser\.com|youtube\.com|youtu\.be|vimeo\.com|svtplay\.se"
    r"|zoom\.us/rec|teams\.microsoft\.com/l/meetup-recording|microsoftstream\.com"
    r"|sharepoint\.com/[^\s]*stream\.aspx|sharepoint\.com/:v:/|1drv\.ms/v/)[^\s)\]>]*",
    re.IGNORECASE,
)
# A bullet: a bullet sign, or a star or dash with a space after it ("*Del 1*" is emphasis).
_BULLET = re.compile(r"^\s*(?:[•●▪◦·‣∙○■□➢►]|[*–—-](?=\s))\s*")
_NUMBERED = re.compile(r"^\s*(\d{1,2})([.)])\s+(?=\S)")
_PRESENT = re.compile(r"^(?:närvarande|deltagare|närvarade|deltog|present)\b", re.IGNORECASE)
SHORT_LINE = 80  # a line standing alone up to this long may be a heading


@dataclass
class Item:
    heading: str
    paragraphs: list[str] = field(default_factory=list)

    @property
    def body(self) -> str:
        return "\n\n".join(self.paragraphs)


@dataclass
class Minutes:
    items: list[Item]
    recordings: list[tuple[str, str]]  # (label, address)
    attendees: list[str]  # "Anna Berg, RSMH" as written; matched to organisations later
    preamble: list[str] = field(default_factory=list)  # text before the first heading


def structure(source: list[Block] | str) -> Minutes:
    blocks = from_text(source) if isinstance(source, str) else source
    headings = _headings(blocks)
    minutes = Minutes(items=[], recordings=[], attendees=[])
    in_present = False
    for index, block in enumerate(blocks):
        text = block.text.strip()
        if block.kind == "heading" and index not in headings and minutes.items:
            minutes.items[-1].paragraphs.append(f"### {text}")  # a heading inside an item
            continue
        if index in headings:
            heading = _NUMBERED.sub("", text).strip().rstrip(":").strip("*").strip()
            in_present = bool(_PRESENT.match(heading))
            if not in_present:
                minutes.items.append(Item(heading))
            continue
        if _PRESENT.match(text) and len(text) < SHORT_LINE * 4:
            in_present = True
            names = text.split(":", 1)[1] if ":" in text else ""
            minutes.attendees += [n.strip() for n in re.split(r";|\s–\s", names) if n.strip()]
            continue
        if (
            in_present
            and block.kind in ("bullet", "number", "paragraph")
            and len(text) < SHORT_LINE
        ):
            minutes.attendees.append(_BULLET.sub("", text).strip())
            continue
        if block.kind == "heading":  # the title, above the first item
            minutes.preamble.append(text)
            continue
        in_present = False
        target = minutes.items[-1].paragraphs if minutes.items else minutes.preamble
        if recording := _recording(text):
            label, address, before = recording
            minutes.recordings.append((label, address))
            if before:
                target.append(link_addresses(before))
            continue
        _append(target, *_kind(block.kind, text))
    _title_is_no_item(minutes)
    return minutes


def _title_is_no_item(minutes: Minutes) -> None:
    """A first "item" that only names the meeting and its date ("Innovationsgruppen", then
    "Möte 2025-11-20, Drop-in-lokalen") is the document's title: its text goes to the
    preamble, where the date and place are looked for."""
    if len(minutes.items) < 2:
        return
    first = minutes.items[0]
    text = " ".join([first.heading, *first.paragraphs])
    if len(first.body) <= 200 and find_date(text):
        minutes.preamble += [first.heading, *first.paragraphs]
        del minutes.items[0]


def from_text(text: str) -> list[Block]:
    """Pasted text or a PDF's: blank lines end paragraphs, bullets and numbers start list items,
    any other line continues the block before it (a wrapped line)."""
    blocks: list[Block] = []
    open_block: Block | None = None
    for raw in text.replace("\r\n", "\n").replace("\f", "\n\n").split("\n"):
        line = raw.replace("\t", " ").strip()
        if not line:
            open_block = None
            continue
        if open_block is None and blocks and _continues(blocks[-1].text, line):
            open_block = blocks[-1]  # a PDF's wrapped line set apart: "… Varje" "person bör …"
        if _BULLET.match(line) and _BULLET.sub("", line):
            open_block = Block("bullet", _BULLET.sub("", line))
        elif _NUMBERED.match(line):
            open_block = Block("number", line)
        elif open_block is not None and not _recording(line):
            # An address broken at a hyphen goes on without a space ("http://i-" "nod.se/").
            broken = re.search(r"(?:https?://|www\.)\S*-$", open_block.text)
            open_block.text += line if broken else f" {line}"
            continue
        else:
            open_block = Block("paragraph", line)
        blocks.append(open_block)
    return blocks


def _kind(kind: str, text: str) -> tuple[str, str]:
    """The block's kind and its Markdown: a bullet or number typed by hand is a list item too."""
    if kind in ("paragraph", "bullet") and _BULLET.match(text) and _BULLET.sub("", text):
        return "bullet", link_addresses(_BULLET.sub("", text))
    if kind == "paragraph" and _NUMBERED.match(text):
        kind = "number"
    return kind, link_addresses(text)


def _continues(text: str, line: str) -> bool:
    """Whether `line` goes on with `text` across a blank line: it starts in lower case, as no
    Swedish sentence or heading does, and `text` ended without a full stop."""
    return line[0].islower() and not text.endswith((".", "!", "?", ":"))


def _headings(blocks: list[Block]) -> set[int]:
    """The indexes of the blocks that start agenda items, by the strongest sign the file has."""
    styled = [i for i, b in enumerate(blocks) if b.kind == "heading"]
    if styled:
        levels = [blocks[i].level for i in styled]
        # The document's title (Title, or the only Heading 1 above Heading 2s) is no item.
        if len(set(levels)) > 1 and levels.count(min(levels)) == 1 and levels[0] == min(levels):
            styled, levels = styled[1:], levels[1:]
        return {i for i, level in zip(styled, levels, strict=True) if level == min(levels)}
    numbered, expected = set(), 1
    for i, block in enumerate(blocks):
        match = _NUMBERED.match(block.text)
        if match and int(match.group(1)) == expected and _standing_alone(block.text):
            numbered.add(i)
            expected += 1
    if numbered:
        return numbered
    bold = {i for i, b in enumerate(blocks) if b.bold and _standing_alone(b.text)}
    if bold:
        return bold
    return {i for i, b in enumerate(blocks) if b.kind == "paragraph" and _standing_alone(b.text)}


def _standing_alone(text: str) -> bool:
    """Short, and not a sentence, the lead-in to a list or a recording ("1) Del 1: Inledning
    https://youtu.be/…" is no agenda item)."""
    text = text.strip()
    return (
        len(text) <= SHORT_LINE
        and not text.endswith((".", ":", ",", ";"))
        and "](" not in text
        and not _recording(text)
    )


def _recording(text: str) -> tuple[str, str, str] | None:
    """(label, address, the text before) when the line ends with a recording's address and
    holds at most its label ("Del 1: Inledning https://…") or a lead-in and a link to it. A list's
    bullet or number ("1) Del 1: …") is no part of the label."""
    text = _NUMBERED.sub("", _BULLET.sub("", text, count=1), count=1)
    markdown = re.search(r"\[([^\]]+)\]\((\S+)\)\s*$", text)
    if markdown and RECORDING.fullmatch(markdown.group(2)):
        return markdown.group(1).strip(), markdown.group(2), text[: markdown.start()].strip()
    found = RECORDING.search(text)
    if not found or found.end() != len(text.rstrip()):
        return None
    label = text[: found.start()].strip().rstrip(":–—-").strip()
    if len(label) > SHORT_LINE:
        return None
    return label or found.group(0), found.group(0), ""


def is_recording(address: str) -> bool:
    """Whether an address is a recording of a meeting (Bambuser, YouTube, Teams …): what the
    import makes a recording of, and what copying a meeting leaves behind."""
    return RECORDING.fullmatch(address.strip()) is not None


def _append(paragraphs: list[str], kind: str, text: str) -> None:
    """A block added as Markdown; consecutive list items of one kind make one list."""
    if kind == "paragraph":
        paragraphs.append(text)
        return
    if kind == "bullet":
        line, marker = f"- {text}", re.compile(r"- ")
    else:
        number = _NUMBERED.match(text)
        line = f"{number.group(1)}. {text[number.end() :]}" if number else f"1. {text}"
        marker = re.compile(r"\d+\. ")
    if paragraphs and marker.match(paragraphs[-1].rsplit("\n", 1)[-1]):
        paragraphs[-1] += f"\n{line}"
    else:
        paragraphs.append(line)
