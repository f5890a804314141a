"""The real minutes the demo ships (devtools/content/demo/), split into agenda items."""

import re

from django.core.management.base import CommandError

from devtools.content import FOLDER

MINUTES_FILE = "minnesanteckningar-brukarsamverkan.txt"
MINUTES_PATH = FOLDER / "demo" / MINUTES_FILE

_HEADING = re.compile(r"\d+\.\s+(\S.*)")


def read_minutes() -> list[tuple[str, str]]:
    if not MINUTES_PATH.exists():
        raise CommandError(f"Hittade inte {MINUTES_FILE} i {MINUTES_PATH.parent}.")
    items = parse_minutes(MINUTES_PATH.read_text(encoding="utf-8"))
    if not items:
        raise CommandError(f"Hittade inga numrerade dagordningspunkter i {MINUTES_PATH}.")
    return items


def parse_minutes(text: str) -> list[tuple[str, str]]:
    """(heading, Markdown body) for each numbered item of minutes as text from a PDF.

    A PDF breaks lines wherever the page is full, so only blank lines end a paragraph; a "•" line
    starts a list item, which the next lines continue until a blank line or the next "•".
    """
    items: list[tuple[str, list[tuple[str, list[str]]]]] = []
    block: tuple[str, list[str]] | None = None  # (Markdown prefix, lines) being collected
    for raw in text.splitlines():
        line = raw.strip()
        heading = _HEADING.fullmatch(line)
        if not line:
            block = None
        elif heading and block is None:
            # Only after a blank line, so a wrapped line that starts with "2. " stays text.
            items.append((heading[1], []))
        elif not items:
            continue  # A title or a list of those present, before item 1, is no agenda item.
        elif line.startswith("•"):
            block = ("- ", [line.removeprefix("•").strip()])
            items[-1][1].append(block)
        elif block is None:
            block = ("", [line])
            items[-1][1].append(block)
        else:
            block[1].append(line)
    return [(heading, _markdown(blocks)) for heading, blocks in items]


def _markdown(blocks: list[tuple[str, list[str]]]) -> str:
    text = ""
    previous = None
    for prefix, lines in blocks:
        if text:
            # Items of one list stay together; anything else is its own paragraph.
            text += "\n" if prefix and previous else "\n\n"
        text += prefix + " ".join(lines)
        previous = prefix
    return text
