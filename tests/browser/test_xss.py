"""The XSS payloads in Chromium, with the Content-Security-Policy switched off: none runs.

The CSP alone would stop inline scripts; this proves the escaping and the Markdown cleaning
hold without it. Each payload would set `window.__xss`, open a dialog, load something or leave
the page if it ran; the DOM that Chromium's own parser built is searched for what could run.
"""

import pytest
from playwright.sync_api import Page

from ideas.models import Comment
from pages.models import Page as AboutPage
from tests.browser.conftest import visit
from tests.factories import make_agenda_item, make_comment, make_idea, make_meeting
from tests.hostile import XSS_PAYLOADS

ALL = "\n\n".join(XSS_PAYLOADS)

# Everything in the DOM that could run or load code, as Chromium parsed the page.
FIND_CODE = """() => {
  const found = [];
  const scheme = /^(javascript|vbscript|data):/i;
  for (const el of document.querySelectorAll("*")) {
    const tag = el.tagName.toLowerCase();
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      if (name.startsWith("on") || name.startsWith("hx-on") || name.startsWith("data-hx-on")
          || name === "style" || name === "srcdoc") found.push(`${tag} ${name}`);
      if (["href", "src", "action", "formaction", "data", "xlink:href"].includes(name)) {
        const url = (el[name] && typeof el[name] === "string") ? el[name] : attr.value;
        if (scheme.test(url.trim().replace(/[\\t\\n\\r]/g, "")) && url !== "data:,")
          found.push(`${tag} ${name}=${url}`);
      }
    }
    if (["iframe", "frame", "object", "embed", "base", "style", "math"].includes(tag))
      found.push(tag);
    if (tag === "script" && !(el.getAttribute("src") || "").startsWith("/static/"))
      found.push("script");
  }
  return found;
}"""


@pytest.fixture
def payloads_everywhere(settings):
    settings.SECURE_CSP = {}  # no policy: only the escaping and cleaning stand between
    meeting = make_meeting(notice=ALL)
    make_agenda_item(meeting, body=ALL)
    idea = make_idea(problem=ALL, proposal=ALL, easy_read=ALL)
    for payload in XSS_PAYLOADS:
        make_comment(idea, body=payload)
    AboutPage.objects.create(
        title="Om", slug="xss", body=ALL, easy_read_title="Lätt", easy_read_body=ALL
    )
    assert Comment.objects.filter(idea=idea).count() == len(XSS_PAYLOADS)
    return [
        meeting.get_absolute_url(),
        idea.get_absolute_url(),
        "/om/xss/",
        "/om/xss/lattlast/",
        "/sok/?q=klicka",
    ]


def test_no_payload_runs_in_a_browser(page: Page, payloads_everywhere):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    for path in payloads_everywhere:
        response = visit(page, path)
        assert "content-security-policy" not in response.headers
        page.wait_for_timeout(200)  # time for an onload, an onerror or a refresh
        assert page.url.endswith(path), f"{path} left for {page.url}"
        assert page.evaluate("window.__xss") is None, path
        assert page.evaluate(FIND_CODE) == [], path
        # Focus and hover everything focusable: autofocus and mouse handlers would fire now.
        page.keyboard.press("Tab")
        page.mouse.move(200, 300)
        assert page.evaluate("window.__xss") is None, path
    assert dialogs == []
    assert not [url for url in requests if "evil.example" in url or url.startswith("data:")]
