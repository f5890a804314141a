"""A group's embeddable page inside a frame on the municipality's site, in Chromium."""

import threading
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from ideas.models import Status
from tests.browser.conftest import assert_no_axe_violations, visit
from tests.factories import change_status, make_group, make_idea, make_meeting

EMBED = "/inbaddning/grupper/brukarrad-missbruk/"


@pytest.fixture
def group():
    group = make_group(name="Brukarråd missbruk", slug="brukarrad-missbruk")
    make_meeting(group=group, title="Vårens möte", starts_at=timezone.now() + timedelta(days=3))
    change_status(make_idea(group=group, title="Fler platser på härbärget"), Status.DECIDED)
    return group


@pytest.fixture
def municipality(live_server):
    """The municipality's site on an origin of its own: a small web server on the loopback
    address that serves one page with the documented snippet, framing the path it is given.
    A real server, as the portal is: Chromium does not let a page it cannot place on the
    network frame a local one."""
    framed = {}

    class Site(BaseHTTPRequestHandler):
        def do_GET(self):
            snippet = (
                f'<iframe src="{live_server.url}{framed["path"]}" '
                'title="Nytt från Brukarråd missbruk" '
                'style="width: 100%; height: 30em; border: 0" loading="lazy"></iframe>'
            )
            body = (
                "<!doctype html><html lang=sv><meta charset=utf-8><title>Kommunen</title>"
                f"<main>{snippet}</main></html>"
            ).encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Site)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield SimpleNamespace(origin=f"http://127.0.0.1:{server.server_port}", framed=framed)
    server.shutdown()
    server.server_close()


def _municipality_page(browser, municipality, path: str):
    """The municipality's start page with the portal's `path` in a frame, and what the
    browser's console said."""
    municipality.framed["path"] = path
    context = browser.new_context()
    context.set_default_timeout(5_000)
    page = context.new_page()
    console = []
    page.on("console", lambda message: console.append(message.text))
    page.goto(f"{municipality.origin}/")
    return page, console


def test_the_municipality_frames_the_groups_news(
    browser, live_server, settings, group, municipality
):
    settings.EMBED_ORIGINS = [municipality.origin]
    page, console = _municipality_page(browser, municipality, EMBED)
    frame = page.frame_locator("iframe")
    expect(frame.get_by_role("heading", name="Brukarråd missbruk")).to_be_visible()
    expect(frame.get_by_role("link", name="Vårens möte")).to_be_visible()
    expect(frame.get_by_text("Fler platser på härbärget")).to_be_visible()
    # A link opens the portal in the whole window, not inside the municipality's frame.
    frame.get_by_role("link", name="Fler platser på härbärget").click()
    change = group.ideas.get().trail.get(status=Status.DECIDED)
    expect(page).to_have_url(f"{live_server.url}{change.get_absolute_url()}")
    assert not [text for text in console if "Content Security Policy" in text]
    page.context.close()


def test_an_origin_not_configured_gets_no_frame(
    browser, live_server, settings, group, municipality
):
    settings.EMBED_ORIGINS = ["https://annan.example"]
    page, console = _municipality_page(browser, municipality, EMBED)
    page.wait_for_load_state("load")
    expect(page.frame_locator("iframe").get_by_role("heading")).to_have_count(0)
    assert any("frame-ancestors" in text for text in console)
    page.context.close()


def test_other_pages_are_never_framed(browser, live_server, settings, group, municipality):
    settings.EMBED_ORIGINS = [municipality.origin]
    page, console = _municipality_page(browser, municipality, "/grupper/brukarrad-missbruk/")
    page.wait_for_load_state("load")
    expect(page.frame_locator("iframe").get_by_role("heading")).to_have_count(0)
    assert any("frame-ancestors" in text or "X-Frame-Options" in text for text in console)
    page.context.close()


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_the_embedded_page_is_accessible(page, group, prefix):
    visit(page, f"{prefix}{EMBED}")
    expect(page.get_by_role("main")).to_be_visible()
    assert_no_axe_violations(page)
    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Vårens möte")).to_be_focused()
