"""Every page type is valid HTML: the W3C Nu HTML checker (vnu) finds nothing, in sv and en.

The pages are rendered with the test client on a small site made with the factories, written
to a temporary folder and checked in one run of vnu, whose start is slow. It needs Java and
var/vnu/ (`make vnu`, which `make test` runs); without them the test is skipped, except in CI.
"""

import json
import os
import shutil
import subprocess
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.conf import settings
from django.db import OperationalError
from django.db.backends.postgresql.base import DatabaseWrapper
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from alerts import tokens as alert_tokens
from alerts.models import Subscriber, Subscription
from directory.tokens import invitation_tokens, password_reset_tokens
from ideas.models import Comment, Status
from pages.models import Page
from tests.factories import (
    change_status,
    make_attachment,
    make_comment,
    make_idea,
    make_meeting,
    make_representative,
    make_site,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = Path(
    os.environ.get("VNU_JAR", ROOT / "var" / "vnu" / "node_modules/vnu-jar/build/dist/vnu.jar")
)
LANGUAGES = {"sv": "", "en": "/en"}
CANARY = '<!doctype html><html lang="en"><title>Canary</title><form hx-get="/"></form></html>'


@pytest.fixture
def vnu() -> list[str]:
    """The command that runs vnu; skips the test where it is missing, fails it in CI."""
    java = shutil.which("java")
    missing = []
    if java is None:
        missing.append("a Java runtime (apt-get install default-jre-headless)")
    if not VNU_JAR.is_file():
        missing.append(str(VNU_JAR))
    if missing:
        reason = f"the Nu HTML checker needs {' and '.join(missing)}: run `make vnu`"
        if os.environ.get("CI", "").lower() in ("true", "1"):
            pytest.fail(f"In CI, {reason}")
        pytest.skip(reason)
    return [java, "-jar", str(VNU_JAR)]


@pytest.fixture
def site(monkeypatch):
    """The factories' site of every page type, and what only some pages show: pages of a list,
    an attachment, a corrected trail, comments in every state and a representative's own."""
    # Two to a page, so the lists show their pagination.
    monkeypatch.setattr("ideas.views.IDEAS_PER_PAGE", 2)
    monkeypatch.setattr("meetings.views.MEETINGS_PER_PAGE", 2)
    site = make_site()
    group, meeting, idea = site["group"], site["meeting"], site["idea"]
    make_attachment(meeting, title="Presentation")
    for days in (100, 500):
        make_meeting(group=group, starts_at=timezone.now() - timedelta(days=days))
    change_status(idea, Status.DECIDED, meeting=meeting, corrects=idea.trail.order_by("-pk")[0])
    change_status(make_idea(group=group, slug="busskort"), Status.REJECTED)
    for n in range(3):
        make_idea(group=group, title=f"Idé om boendestöd {n}")

    representative = make_representative(
        email="anna@example.org",
        first_name="Anna",
        last_name="Berg",
        organisations=[site["organisation"]],
    )
    comment = make_comment(
        idea,
        author=representative.user,
        organisation=site["organisation"],
        body="Vi stöder förslaget.",
    )
    make_comment(idea, parent=comment, body="Vi håller med.\n\nSe https://example.org/")
    make_comment(
        idea,
        author=make_staff_user(),
        organisation=None,
        is_official=True,
        body="Förvaltningen tar med förslaget i budgeten.",
    )
    make_comment(
        idea,
        author=representative.user,
        organisation=site["organisation"],
        state=Comment.State.PENDING,
    )
    make_comment(idea, state=Comment.State.WITHDRAWN)
    make_comment(idea, state=Comment.State.HIDDEN)
    return {**site, "representative": representative, "comment": comment}


def _public_pages(site) -> dict[str, str]:
    """Page type → address (without the language prefix), read by anyone."""
    group, year = site["group"].slug, site["meeting"].starts_at.year
    theme = site["idea"].theme.slug
    pages = {
        "home": "/",
        "meetings": "/moten/",
        "meetings-filtered": f"/moten/?grupp={group}&ar={year}",
        "meetings-page-2": "/moten/?sida=2",
        "meeting": site["meeting"].get_absolute_url(),
        "ideas": "/ideer/",
        "ideas-filtered": f"/ideer/?status=decided&grupp={group}&tema={theme}&ordning=nyast",
        "ideas-page-2": "/ideer/?sida=2",
        "ideas-none": "/ideer/?status=done",
        "progress": "/ideer/framsteg/",
        "idea": site["idea"].get_absolute_url(),
        "rejected-idea": "/ideer/busskort/",
        "groups": "/grupper/",
        "group": site["group"].get_absolute_url(),
        "group-embedded": f"/inbaddning/grupper/{group}/",
        "organisations": "/organisationer/",
        "organisation": site["organisation"].get_absolute_url(),
        "department": "/organisationer/socialforvaltningen/",
        "search": "/sok/",
        "search-results": "/sok/?q=mottagningen",
        "search-filtered": f"/sok/?q=mottagningen&typ=ideer&grupp={group}",
        "search-no-results": "/sok/?q=zebrafink",
        "search-too-long": "/sok/?q=" + "ord+" * 60,
        "open-data": "/oppna-data/",
        "reports": "/aterrapportering/",
        "report": f"/aterrapportering/{year}/",
        "easy-read": "/lattlast/",
        "accessibility-statement": "/tillganglighet/",
        "privacy": "/integritet/",
        "login": "/konto/logga-in/",
        "password-reset": "/konto/losenord/",
        "password-reset-sent": "/konto/losenord/skickat/",
        "password-reset-done": "/konto/losenord/klart/",
        "invitation": _one_time_path(
            make_representative(password=None).user, "inbjudan", invitation_tokens
        ),
        "invitation-expired": "/konto/inbjudan/MQ/fel-token/",
        "alerts-idea": reverse("alerts:idea", args=[site["idea"].slug]),
        "alerts-group": reverse("alerts:group", args=[group]),
        "alerts-decisions": reverse("alerts:decisions"),
        "alerts-sent": reverse("alerts:sent"),
        **_alert_pages(site),
    }
    for page in Page.objects.order_by("slug"):
        pages[f"about-{page.slug}"] = page.get_absolute_url()
        pages[f"about-{page.slug}-easy-read"] = page.get_easy_read_url()
    return pages


def _alert_pages(site) -> dict[str, str]:
    """The pages reached by the links in the alerts' mail: one confirmed subscription with
    comments, one waiting for its confirmation."""
    subscriber = Subscriber.objects.create(email="anna@example.org", language="sv")
    confirmed = Subscription.objects.create(
        subscriber=subscriber,
        topic=Subscription.Topic.IDEA,
        idea=site["idea"],
        comments=True,
        confirmed_at=timezone.now(),
    )
    waiting = Subscription.objects.create(subscriber=subscriber, topic=Subscription.Topic.DECISIONS)
    confirm = alert_tokens.confirm_token(waiting.pk, frequency="weekly", comments=False,
                                         language="sv")  # fmt: skip
    unsubscribe = alert_tokens.unsubscribe_token(subscriber.pk, [confirmed.pk])
    return {
        "alerts-confirm": reverse("alerts:confirm", args=[confirm]),
        "alerts-unsubscribe": reverse("alerts:unsubscribe", args=[unsubscribe]),
        "alerts-manage": reverse("alerts:manage", args=[alert_tokens.manage_token(subscriber.pk)]),
    }


def _one_time_path(user, address: str, tokens) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return f"/konto/{address}/{uid}/{tokens.make_token(user)}/"


def _render_all(site, monkeypatch) -> dict[str, tuple[str, str]]:
    """File name → (request, HTML) for every page type in both languages."""
    anonymous = Client(raise_request_exception=False)
    strict = Client(enforce_csrf_checks=True)
    representative = Client()
    representative.force_login(site["representative"].user)
    with translation.override("sv"):
        public = _public_pages(site)
        idea = site["idea"].get_absolute_url()
        report = reverse("ideas:report", args=[site["comment"].pk])
        reset = _one_time_path(site["representative"].user, "aterstall", password_reset_tokens)
    # With no one to receive it, a report is refused with a message above the form.
    monkeypatch.setattr("pages.forms.recipients", list)
    unsent = {"description": "Knappen Skicka går inte att nå med tangentbordet."}
    # (page type, client, method, address, form data, status)
    requests = [
        *((name, anonymous, "get", path, None, 200) for name, path in public.items()),
        ("not-found", anonymous, "get", "/finns-inte/", None, 404),
        ("password-reset-confirm", anonymous, "get", reset, None, 200),
        # Forms as they answer a mistake.
        ("login-error", anonymous, "post", "/konto/logga-in/", {"username": "a@b.se"}, 200),
        ("password-reset-error", anonymous, "post", "/konto/losenord/", {"email": ""}, 200),
        ("accessibility-report-error", anonymous, "post", "/tillganglighet/", {"page": ""}, 200),
        ("accessibility-report-unsent", anonymous, "post", "/tillganglighet/", unsent, 503),
        ("too-large", anonymous, "post", "/tillganglighet/", {"description": "x" * 70_000}, 413),
        ("alerts-error", anonymous, "post", public["alerts-idea"], {"email": "fel"}, 200),
        ("alerts-bad-link", anonymous, "get", "/bevakning/hantera/fel/", None, 404),
        ("csrf-refused", strict, "post", "/konto/logga-in/", {"username": "a@b.se"}, 403),
        ("idea-comment-error", representative, "post", f"{idea}kommentarer/", {"body": ""}, 422),
        ("comment-report-error", representative, "post", report, {"reason": ""}, 422),
        # What a logged-in representative sees.
        ("account", representative, "get", "/konto/", None, 200),
        ("idea-comment-form", representative, "get", idea, None, 200),
        ("idea-reply-form", representative, "get", f"{idea}?svara={site['comment'].pk}", None, 200),
        ("comment-report", representative, "get", report, None, 200),
    ]
    rendered: dict[str, tuple[str, str]] = {}
    for language, prefix in LANGUAGES.items():
        for name, client, method, path, data, status in requests:
            response = getattr(client, method)(prefix + path, data, follow=method == "get")
            assert response.status_code == status, (prefix + path, response.status_code)
            assert response["Content-Type"].startswith("text/html"), path
            rendered[f"{language}-{name}.html"] = (
                f"{method.upper()} {prefix}{path}",
                response.text,
            )
        # A visitor beyond a rate limit, and a download before its file is made.
        with monkeypatch.context() as patch:
            patch.setitem(settings.RATE_LIMITS, "search", "0/m")
            patch.setattr("opendata.tasks.schedule", lambda **kwargs: None)
            for name, path, status in [
                ("too-many-requests", "/sok/?q=vård", 429),
                ("export-being-made", "/oppna-data/ideer.csv", 503),
            ]:
                response = anonymous.get(prefix + path)
                assert response.status_code == status, path
                rendered[f"{language}-{name}.html"] = (f"GET {prefix}{path}", response.text)
        # The 503 and 500 pages, with a database that refuses or a bug.
        for name, failure, status in [("unavailable", _refuse, 503), ("server-error", _crash, 500)]:
            with monkeypatch.context() as patch:
                patch.setattr(DatabaseWrapper, "ensure_connection", failure)
                response = anonymous.get(f"{prefix}/moten/")
            assert response.status_code == status
            rendered[f"{language}-{name}.html"] = (f"GET {prefix}/moten/", response.text)
    return rendered


def _refuse(self):
    raise OperationalError("connection refused")


def _crash(self):
    raise RuntimeError("a bug, not the database")


def _run(vnu: list[str], files: list[Path]) -> list[dict]:
    result = subprocess.run(
        [*vnu, "--format", "json", "--stdout", "--exit-zero-always", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)["messages"]


def test_every_page_type_is_valid_html_in_both_languages(vnu, site, monkeypatch, tmp_path):
    rendered = _render_all(site, monkeypatch)
    folder = tmp_path / "pages"
    folder.mkdir()
    for name, (_request, html) in rendered.items():
        (folder / name).write_text(html, encoding="utf-8")
    # A page with one known error proves that vnu read the files and reports what it finds.
    (folder / "canary.html").write_text(CANARY, encoding="utf-8")

    messages = _run(vnu, sorted(folder.iterdir()))

    found, canary = [], []
    for message in messages:
        name = Path(unquote(urlsplit(message.get("url", "")).path)).name
        if name == "canary.html":
            canary.append(message["message"])
            continue
        page = f"{name.removesuffix('.html')} ({rendered[name][0]})" if name in rendered else name
        line = message.get("firstLine", message.get("lastLine", "?"))
        kind = message.get("subType", message["type"])
        extract = " ".join(message.get("extract", "").split())
        found.append(f"{page}, line {line}: {kind}: {message['message']}\n    {extract}")
    assert canary == ["Attribute “hx-get” not allowed on element “form” at this point."]
    if found:
        pytest.fail(f"vnu found {len(found)} problems:\n" + "\n".join(found), pytrace=False)
