"""Security headers on every kind of response, cookies, and the Mozilla HTTP Observatory score.

The production settings used here are the ones docs/deployment.md's production environment gives;
tests/test_deployment.py checks that the two agree.
"""

from html.parser import HTMLParser
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from ideas.models import Status
from tests.factories import (
    change_status,
    make_attachment,
    make_idea,
    make_meeting,
    make_representative,
    make_staff_user,
)

pytestmark = pytest.mark.django_db

# What SECURE_SSL_REDIRECT=true SECURE_COOKIES=true makes of the settings (docs/deployment.md).
PRODUCTION_SETTINGS = {
    "SECURE_SSL_REDIRECT": True,
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "LANGUAGE_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
}
ONE_YEAR = 31536000


@pytest.fixture
def production(settings):
    for name, value in PRODUCTION_SETTINGS.items():
        setattr(settings, name, value)
    # Tests have no collected static files; WhiteNoise then finds them where they are.
    settings.WHITENOISE_USE_FINDERS = True
    return settings


@pytest.fixture
def site():
    meeting = make_meeting(agenda_items=2)
    idea = make_idea()
    change_status(idea, Status.PREPARING)
    attachment = make_attachment(meeting)
    return {
        "meeting": meeting.get_absolute_url(),
        "group": meeting.group.get_absolute_url(),
        "idea": idea.get_absolute_url(),
        "idea_feed": reverse("ideas:idea_feed", args=[idea.slug]),
        "idea_alerts": reverse("alerts:idea", args=[idea.slug]),
        "group_alerts": reverse("alerts:group", args=[meeting.group.slug]),
        "attachment": attachment.get_absolute_url(),
    }


# The public page types and the other public answers: feeds, calendars, CSV, the API, files.
PUBLIC_PAGES = [
    "/",
    "/moten/",
    "{meeting}",
    "/grupper/",
    "{group}",
    "/organisationer/",
    "/ideer/",
    "{idea}",
    "/ideer/framsteg/",
    "/sok/?q=m%C3%B6te",
    "/integritet/",
    "/tillganglighet/",
    "/om/oppna-soc/",
    "/om/oppna-soc/lattlast/",
    "/lattlast/",
    "/oppna-data/",
    "/en/",
    "/en/ideer/",
    "{idea_alerts}",
    "{group_alerts}",
    "/bevakning/beslut/",
    "/en/bevakning/minnesanteckningar/",
    "/bevakning/skickat/",
]
OTHER_PUBLIC = [
    "/moten/flode/",
    "/ideer/flode/",
    "{idea_feed}",
    "/moten/kalender.ics",
    "/oppna-data/ideer.csv",
    "/oppna-data/statusandringar.csv",
    "/oppna-data/ideer.xlsx",
    "/api/",
    "/api/ideas/",
    "/api/openapi.json",
    "/api/ideas/finns-inte/",
    "/sitemap.xml",
    "/robots.txt",
    "{attachment}",
    "/static/css/site.css",
    "/finns-inte/",
    "/en/finns-inte/",
]


def _csp(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for directive in policy.split(";"):
        name, *values = directive.split()
        directives[name.lower()] = values
    return directives


def _assert_security_headers(response, *, https: bool):
    where = f"{response.request['PATH_INFO']} ({response.status_code})"
    csp = _csp(response)
    assert csp["default-src"] == ["'none'"], where
    for values in csp.values():
        assert "'unsafe-inline'" not in values and "'unsafe-eval'" not in values, where
    assert csp["frame-ancestors"] == ["'none'"], where
    assert csp["base-uri"] == ["'self'"] and csp["form-action"] == ["'self'"], where
    assert csp["object-src"] == ["'none'"], where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin", where
    assert response["Cross-Origin-Opener-Policy"] == "same-origin", where
    assert response["Cross-Origin-Resource-Policy"] == "same-origin", where
    assert "camera=()" in response["Permissions-Policy"], where
    assert response["X-Request-ID"], where
    if https:
        hsts = response["Strict-Transport-Security"]
        assert hsts == f"max-age={ONE_YEAR}; includeSubDomains", where
    else:
        # HSTS over http means nothing to a browser, and Django does not send it.
        assert "Strict-Transport-Security" not in response, where


@pytest.mark.parametrize("path", PUBLIC_PAGES + OTHER_PUBLIC)
def test_every_public_answer_carries_the_security_headers(client, production, site, path):
    response = client.get(path.format(**site), secure=True)
    assert response.status_code == (404 if "finns-inte" in path else 200), path
    _assert_security_headers(response, https=True)


def test_the_redirect_to_https_carries_the_headers_but_no_hsts(client, production):
    response = client.get("/ideer/?status=beslutad", secure=False)
    assert response.status_code == 301
    assert response["Location"] == "https://testserver/ideer/?status=beslutad"
    _assert_security_headers(response, https=False)


@pytest.mark.parametrize(
    "path",
    [
        "/moten",  # a missing slash
        "/konto/",  # logged out: to the login page
        "/admin/",  # logged out: to the admin's login page
    ],
)
def test_redirects_carry_the_security_headers(client, production, path):
    response = client.get(path, secure=True)
    assert response.status_code in (301, 302), path
    _assert_security_headers(response, https=True)


@pytest.mark.parametrize(
    "path", ["/admin/", "/admin/meetings/meeting/", "/admin/meetings/meeting/add/"]
)
def test_the_admin_carries_the_same_policy(client, production, path):
    staff = make_staff_user()
    staff.is_superuser = True
    staff.save()
    client.force_login(staff)
    response = client.get(path, secure=True)
    assert response.status_code == 200
    _assert_security_headers(response, https=True)
    # Django's admin has no inline scripts: only files, and JSON data blocks that never run.
    for script in _scripts(response.text):
        assert script.get("src") or script.get("type") == "application/json", script


def test_the_admin_login_page_carries_the_same_policy(client, production):
    response = client.get("/admin/login/", secure=True)
    assert response.status_code == 200
    _assert_security_headers(response, https=True)


# Cookies


@pytest.mark.parametrize("path", PUBLIC_PAGES + OTHER_PUBLIC)
def test_anonymous_visitors_get_no_cookie(client, production, site, path):
    response = client.get(path.format(**site), secure=True)
    assert response.cookies == {}, path
    assert "Set-Cookie" not in response


def test_a_whole_anonymous_visit_leaves_no_cookie(client, production, site):
    for path in PUBLIC_PAGES + OTHER_PUBLIC:
        client.get(path.format(**site), secure=True)
    assert client.cookies == {}


def test_session_and_csrf_cookies_are_secure_httponly_and_samesite(client, production):
    representative = make_representative(password="korrekt-hast-batteri-1")
    form = client.get("/konto/logga-in/", secure=True)
    csrf = form.cookies["csrftoken"]
    response = client.post(
        "/konto/logga-in/",
        {"username": representative.user.email, "password": "korrekt-hast-batteri-1"},
        secure=True,
    )
    assert response.status_code == 302
    session = response.cookies["sessionid"]
    for cookie in (csrf, session):
        assert cookie["secure"] is True, cookie.key
        assert cookie["httponly"] is True, cookie.key
        assert cookie["samesite"] == "Lax", cookie.key


def test_htmx_forms_send_the_csrf_token_from_the_page_not_from_the_cookie(client):
    """The CSRF cookie is HttpOnly, so no script may need it: every htmx form carries the token."""
    representative = make_representative()
    idea = make_idea()
    client.force_login(representative.user)
    page = client.get(idea.get_absolute_url()).text
    forms = page.split("<form")[1:]
    posting = [form for form in forms if "data-hx-post" in form.split(">")[0]]
    assert posting
    for form in posting:
        assert 'name="csrfmiddlewaretoken"' in form.split("</form>")[0]


# Mozilla HTTP Observatory


class _Scripts(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found: list[dict] = []

    def handle_starttag(self, tag, attrs):
        if tag == "script":
            self.found.append(dict(attrs))


def _scripts(html: str) -> list[dict]:
    parser = _Scripts()
    parser.feed(html)
    return parser.found


_BROAD = {"ftp:", "http:", "https:", "*", "http://*", "http://*.*", "https://*", "https://*.*"}
_UNSAFE_INLINE = {"'unsafe-inline'", "data:"}


def _score_csp(response) -> tuple[str, int]:
    if "Content-Security-Policy" not in response:
        return "csp-not-implemented", -25
    try:
        csp = {name: set(values) for name, values in _csp(response).items()}
    except ValueError:
        return "csp-header-invalid", -25
    default = csp.get("default-src")
    script = set(csp.get("script-src") or default or {"*"})
    style = set(csp.get("style-src") or default or {"*"})
    objects = csp.get("object-src") or default or {"*"}
    for sources in (script, style):
        if any(s.startswith(("'nonce-", "'sha256-", "'sha384-", "'sha512-")) for s in sources):
            sources.discard("'unsafe-inline'")
    if "'strict-dynamic'" in script:
        if not any(s.startswith(("'nonce-", "'sha")) for s in script):
            return "csp-header-invalid", -25
        script = {s for s in script if s not in ("'self'", "'unsafe-inline'") | _BROAD}
    active = [
        s for name, values in csp.items() if name not in ("img-src", "media-src") for s in values
    ]
    passive = [s for name in ("img-src", "media-src") for s in (csp.get(name) or default or ())]
    if script & (_BROAD | _UNSAFE_INLINE) or objects & _BROAD:
        return "csp-implemented-with-unsafe-inline", -20
    if any(s.startswith(("http:", "ftp:")) for s in active):
        return "csp-implemented-with-insecure-scheme", -20
    if "'unsafe-eval'" in script | style:
        return "csp-implemented-with-unsafe-eval", -10
    if any(s.startswith(("http:", "ftp:")) for s in passive):
        return "csp-implemented-with-insecure-scheme-in-passive-content-only", -10
    if style & (_BROAD | _UNSAFE_INLINE):
        return "csp-implemented-with-unsafe-inline-in-style-src-only", 0
    if default == {"'none'"}:
        return "csp-implemented-with-no-unsafe-default-src-none", 10
    return "csp-implemented-with-no-unsafe", 5


# From best to worst: a cookie's result only replaces a better one.
_COOKIE_RESULTS = [
    ("cookies-without-secure-flag-but-protected-by-hsts", -5),
    ("cookies-without-secure-flag", -20),
    ("cookies-session-without-secure-flag-but-protected-by-hsts", -10),
    ("cookies-samesite-flag-invalid", -20),
    ("cookies-anticsrf-without-samesite-flag", -20),
    ("cookies-session-without-httponly-flag", -30),
    ("cookies-session-without-secure-flag", -40),
]


def _score_cookies(response, hsts_ok: bool) -> tuple[str, int]:
    if not response.cookies:
        return "cookies-not-found", 0
    found: set[str] = set()
    missing_samesite = False
    for name, cookie in response.cookies.items():
        session = "login" in name.lower() or "sess" in name.lower()
        samesite = str(cookie["samesite"]).lower()
        if samesite and samesite not in ("lax", "strict", "none"):
            found.add("cookies-samesite-flag-invalid")
        if not cookie["secure"]:
            if samesite == "none":
                found.add("cookies-samesite-flag-invalid")
            found.add(
                "cookies-without-secure-flag-but-protected-by-hsts"
                if hsts_ok
                else "cookies-without-secure-flag"
            )
            if session:
                found.add(
                    "cookies-session-without-secure-flag-but-protected-by-hsts"
                    if hsts_ok
                    else "cookies-session-without-secure-flag"
                )
        if "csrf" in name.lower() and not samesite:
            found.add("cookies-anticsrf-without-samesite-flag")
        if session and not cookie["httponly"]:
            found.add("cookies-session-without-httponly-flag")
        missing_samesite = missing_samesite or not samesite
    if found:
        return next(result for result in reversed(_COOKIE_RESULTS) if result[0] in found)
    if missing_samesite:
        return "cookies-secure-with-httponly-sessions", 0
    return "cookies-secure-with-httponly-sessions-and-samesite", 5


def _score_cors(response, origin: str) -> tuple[str, int]:
    allowed = response.get("Access-Control-Allow-Origin")
    if not allowed:
        return "cross-origin-resource-sharing-not-implemented", 0
    if allowed.strip().lower() == "*":
        return "cross-origin-resource-sharing-implemented-with-public-access", 0
    credentials = response.get("Access-Control-Allow-Credentials", "").strip().lower()
    if allowed == origin and credentials == "true":
        return "cross-origin-resource-sharing-implemented-with-universal-access", -50
    return "cross-origin-resource-sharing-implemented-with-restricted-access", 0


def _score_redirection(route: list[str]) -> tuple[str, int]:
    if len(route) == 1:
        return "redirection-missing", -20
    first, second, last = (urlsplit(url) for url in (route[0], route[1], route[-1]))
    if last.scheme != "https":
        return "redirection-not-to-https", -20
    if second.scheme == "http":
        return "redirection-not-to-https-on-initial-redirection", -10
    if first.hostname != second.hostname:
        return "redirection-off-host-from-http", -5
    return "redirection-to-https", 0


def _score_referrer(response) -> tuple[str, int]:
    good = ["no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"]
    bad = ["origin", "origin-when-cross-origin", "unsafe-url", "no-referrer-when-downgrade"]
    if "Referrer-Policy" not in response:
        return "referrer-policy-not-implemented", 0
    values = [v.strip().lower() for v in response["Referrer-Policy"].split(",")]
    valid = [v for v in values if v in good + bad]
    if valid and valid[-1] in good:
        return "referrer-policy-private", 5
    if valid:
        return "referrer-policy-unsafe", -5
    return "referrer-policy-header-invalid", -5


def _score_hsts(response) -> tuple[str, int]:
    """Whether the host is on the browsers' preload list is not something a test can know; a
    listed host would get 5 more."""
    header = response.get("Strict-Transport-Security")
    if not header:
        return "hsts-not-implemented", -20
    max_age = None
    for parameter in (p.strip().lower() for p in header.split(";")):
        if parameter.startswith("max-age="):
            max_age = int(parameter[8:])
    if "," in header or max_age is None:
        return "hsts-header-invalid", -20
    if max_age < 15552000:
        return "hsts-implemented-max-age-less-than-six-months", -10
    return "hsts-implemented-max-age-at-least-six-months", 0


def _score_sri(response, host: str) -> tuple[str, int]:
    if not response["Content-Type"].startswith(("text/html", "application/xhtml+xml")):
        return "sri-not-implemented-response-not-html", 0
    scripts = _scripts(response.content.decode())
    if not scripts:
        return "sri-not-implemented-but-no-scripts-loaded", 0
    result = None
    foreign = False
    for script in scripts:
        src = script.get("src")
        if not src:
            continue
        url = urlsplit(src)
        if url.netloc in ("", host) and not src.startswith("//"):
            if script.get("integrity") and result is None:
                result = ("sri-implemented-and-all-scripts-loaded-securely", 5)
            continue
        foreign = True
        secure = url.scheme == "https"
        if script.get("integrity") and not secure:
            return "sri-implemented-but-external-scripts-not-loaded-securely", -20
        if not script.get("integrity"):
            if not secure:
                return "sri-not-implemented-and-external-scripts-not-loaded-securely", -50
            result = ("sri-not-implemented-but-external-scripts-loaded-securely", -5)
    if result:
        return result
    if foreign:
        return "sri-implemented-and-external-scripts-loaded-securely", 5
    return "sri-not-implemented-but-all-scripts-loaded-from-secure-origin", 0


def _score_nosniff(response) -> tuple[str, int]:
    value = response.get("X-Content-Type-Options")
    if value is None:
        return "x-content-type-options-not-implemented", -5
    if value.strip().lower() == "nosniff":
        return "x-content-type-options-nosniff", 0
    return "x-content-type-options-header-invalid", -5


def _score_framing(response) -> tuple[str, int]:
    if "Content-Security-Policy" in response and "frame-ancestors" in _csp(response):
        return "x-frame-options-implemented-via-csp", 5
    value = response.get("X-Frame-Options", "").strip().lower()
    if value in ("deny", "sameorigin") or value.startswith("allow-from"):
        return "x-frame-options-sameorigin-or-deny", 0
    if not value:
        return "x-frame-options-not-implemented", -20
    return "x-frame-options-header-invalid", -20


def _score_corp(response) -> tuple[str, int]:
    value = response.get("Cross-Origin-Resource-Policy", "").strip().lower()
    if not value:
        return "cross-origin-resource-policy-not-implemented", 0
    return {
        "same-origin": ("cross-origin-resource-policy-implemented-with-same-origin", 10),
        "same-site": ("cross-origin-resource-policy-implemented-with-same-site", 10),
        "cross-origin": ("cross-origin-resource-policy-implemented-with-cross-origin", 0),
    }.get(value, ("cross-origin-resource-policy-header-invalid", -5))


def observatory_score(client, path: str) -> tuple[int, dict[str, tuple[str, int]]]:
    """Scores `path` by the rules of Mozilla's HTTP Observatory.

    The rules and modifiers are the published ones: "HTTP Observatory scoring methodology",
    https://developer.mozilla.org/en-US/observatory/docs/tests_and_scoring, as implemented in
    https://github.com/mdn/mdn-http-observatory (src/analyzer/tests/*.js, src/grader/charts.js,
    src/scanner/index.js). Every site starts at 100; the penalties are taken off; only if the
    result is 90 or more (an A) are the bonuses added. 100 or more is the top grade, A+.

    As the scanner does: the page over https (and again with an Origin header, for CORS), and
    the same address over http, following its redirects.
    """
    origin = "https://http-observatory.security.mozilla.org"
    https = client.get(path, secure=True)
    assert https.status_code == 200, path
    cors = client.get(path, secure=True, headers={"Origin": origin})
    http = client.get(path, secure=False, follow=True)
    route = [f"http://testserver{path}"] + [url for url, _ in http.redirect_chain]
    hsts = _score_hsts(https)
    results = {
        "content-security-policy": _score_csp(https),
        "cookies": _score_cookies(https, hsts_ok=hsts[1] == 0),
        "cross-origin-resource-sharing": _score_cors(cors, origin),
        "redirection": _score_redirection(route),
        "referrer-policy": _score_referrer(https),
        "strict-transport-security": hsts,
        "subresource-integrity": _score_sri(https, "testserver"),
        "x-content-type-options": _score_nosniff(https),
        "x-frame-options": _score_framing(https),
        "cross-origin-resource-policy": _score_corp(https),
    }
    penalties = sum(modifier for _, modifier in results.values() if modifier < 0)
    bonuses = sum(modifier for _, modifier in results.values() if modifier > 0)
    score = 100 + penalties
    if score >= 90:
        score += bonuses
    return max(score, 0), results


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/moten/",
        "{meeting}",
        "{group}",
        "/ideer/",
        "{idea}",
        "/sok/?q=m%C3%B6te",
        "/tillganglighet/",
        "/oppna-data/",
        "/en/",
        "/konto/logga-in/",
        "/api/ideas/",
        "/moten/flode/",
    ],
)
def test_main_pages_get_the_observatorys_top_grade(client, production, site, path):
    """The figure docs/security.md gives: 100, +10 CSP with default-src 'none', +5 Referrer-Policy,
    +5 frame-ancestors, +10 Cross-Origin-Resource-Policy. The login page also sets a cookie that
    is Secure, HttpOnly and SameSite: +5 more."""
    score, results = observatory_score(client, path.format(**site))
    # Nothing is taken off anywhere.
    assert all(modifier >= 0 for _, modifier in results.values()), results
    assert score == (135 if path == "/konto/logga-in/" else 130), results


def test_the_scorer_takes_off_for_weak_headers(client, settings):
    """Development settings (no https, no HSTS, cookies not Secure) lose points as they should."""
    settings.SECURE_CSP = settings.SECURE_CSP | {"script-src": ["'self'", "'unsafe-inline'"]}
    score, results = observatory_score(client, "/konto/logga-in/")
    assert results["content-security-policy"][1] == -20
    assert results["strict-transport-security"][1] == -20
    assert results["redirection"][1] == -20
    assert results["cookies"][1] == -20
    assert score == 100 - 20 - 20 - 20 - 20


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("prefix", "language", "heading"),
    [("", "sv", "Formuläret kunde inte skickas"), ("/en", "en", "The form could not be sent")],
)
def test_a_refused_form_gets_the_sites_own_page_in_the_visitors_language(prefix, language, heading):
    """Not Django's page: English on a Swedish site, unstyled, with an inline style the policy
    blocks."""
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = client.post(f"{prefix}/konto/logga-in/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    assert f'<html lang="{language}">' in response.text
    assert f"<h1>{heading}</h1>" in response.text
    assert 'class="site-header"' in response.text
    assert "<style" not in response.text and " style=" not in response.text
    assert '<meta name="robots" content="noindex">' in response.text


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/", "/ideer/", "/en/moten/", "/ideer/flode/", "/oppna-data/"])
def test_pages_are_compressed_for_clients_that_accept_it(client, path):
    import gzip

    response = client.get(path, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200
    assert response["Content-Encoding"] == "gzip"
    assert "Accept-Encoding" in response["Vary"]
    plain = client.get(path).content
    assert len(response.content) < len(plain)
    assert gzip.decompress(response.content)[:300] == plain[:300]


@pytest.mark.django_db
def test_files_compressed_already_are_sent_as_they_are(client):
    """A workbook is a zip: compressing it again costs the server and gains nothing."""
    response = client.get("/oppna-data/ideer.xlsx", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert not response.has_header("Content-Encoding")
    assert b"".join(response.streaming_content)[:2] == b"PK"
