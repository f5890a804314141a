"""Text as staff write or paste it, made the Markdown that the minutes' help text promises.

Python-Markdown knows lists only as `-`, `*`, `+` or `1.` after a blank line, and no bare
addresses. Staff paste from Word: `•` and `–` bullets, `1)` numbers, a list straight under its
lead-in line, `http://i-nod.se/sip/` written out. `as_markdown()` turns those into the Markdown
forms before `portal.templatetags.portal.markdown` renders the text; the minutes importer
(meetings/minutes_import/) uses `link_addresses()` too. Fenced code is left as written.
"""

import re

# A bullet Word or a typist uses that Markdown does not know as one.
_BULLET = re.compile(r"^(\s*)(?:[•●▪◦·‣∙○■□➢►]|[–—](?=[ \t]))[ \t]*(?=\S)")
_NUMBER = re.compile(r"^(\s*)(\d{1,3})\)[ \t]+(?=\S)")
_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,3}\.)[ \t]+\S")
# A bare address: not already a link's target, an autolink, a link's text or an attribute.
_ADDRESS = re.compile(
    r"(?<![(<\[/@\w.\"'=])(?:https?://[^\s<>()\]\"']+[^\s<>()\]\"'.,;:!?]"
    r"|www\.[\w-]+\.[^\s<>()\]\"']*[\w/]|[\w.+-]+@[\w-]+(?:\.[\w-]+)+)"
)


def as_markdown(text: str) -> str:
    lines, fenced = [], False
    for line in (text or "").replace("\r\n", "\n").split("\n"):
        if line.lstrip().startswith("```"):
            fenced = not fenced
        if fenced or line.lstrip().startswith("```"):
            lines.append(line)
            continue
        line = _NUMBER.sub(r"\1\2. ", _BULLET.sub(r"\1- ", line))
        previous = lines[-1] if lines else ""
        lead_in = previous.strip() and not previous.startswith((" ", "\t"))
        if _ITEM.match(line) and lead_in and not _ITEM.match(previous):
            lines.append("")  # a list straight under its lead-in line needs a blank line

        lines.append(link_addresses(line))
    return "\n".join(lines)


def link_addresses(text: str) -> str:
    """Bare web and e-mail addresses as Markdown links."""

    def link(match: re.Match) -> str:
        address = match.group(0)
        if address.startswith("www."):
            return f"[{address}](https://{address})"
        return f"<{address}>"

    return _ADDRESS.sub(link, text)
