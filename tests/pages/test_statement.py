"""The accessibility statement: all the law asks for, linked from every page, and its form."""

import logging
import re
import smtplib
from datetime import date

import pytest
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.urls import reverse

from pages.models import AccessibilityStatement
from tests.factories import make_editor, make_idea, make_meeting, make_organisation

pytestmark = pytest.mark.django_db

REPORT = {
    "page": "/moten/",
    "description": "Filtret går inte att använda med skärmläsare.",
    "name": "Eva Ek",
    "email": "eva@example.org",
}


@pytest.fixture(autouse=True)
def _contact(settings):
    settings.ACCESSIBILITY_CONTACT_EMAILS = ["webb@example.org", "tillganglighet@example.org"]
    settings.ADMINS = []


def test_the_statement_carries_every_part_the_law_asks_for(client):
    statement = AccessibilityStatement.objects.get()  # made by the data migration
    page = client.get("/tillganglighet/").text

    assert "<h1>Tillgänglighetsredogörelse</h1>" in page
    assert '<span lang="sv">Kommunens socialnämnd</span> står bakom' in page
    assert '<span lang="sv">Öppna soc</span>' in page
    assert 'Webbplatsen är <strong class="compliance">delvis förenlig</strong> med lagen' in page
    # What is not accessible and why, and how it was assessed, as the staff wrote it.
    assert "Dokument som bifogas till möten" in page
    assert "Inspelade möten" in page
    assert "verktyget axe" in page and "bara tangentbordet" in page
    assert '<time datetime="2026-11-22">22 november 2026</time>' in page
    updated = statement.updated_at.astimezone().date().isoformat()
    assert f'Redogörelsen uppdaterades senast den <time datetime="{updated}">' in page
    # A way to report that reaches staff, and the enforcement body.
    assert '<form class="stacked-form report-form" method="post"' in page
    assert 'name="description"' in page
    assert '<a href="https://www.digg.se/tdosanmalan">' in page
    assert '<h2 id="enforcement-heading">Tillsyn</h2>' in page


def test_each_compliance_level_is_named_as_the_law_names_it(client):
    statement = AccessibilityStatement.objects.get()
    for value, words in [("full", "helt förenlig"), ("none", "inte förenlig")]:
        statement.compliance = value
        statement.save()
        page = client.get("/tillganglighet/").text
        assert f'<strong class="compliance">{words}</strong>' in page
    assert "Bristerna beskrivs nedan." in page  # not fully compliant: says so
    statement.compliance = "full"
    statement.save()
    assert "Bristerna beskrivs nedan." not in client.get("/tillganglighet/").text


def test_the_date_of_the_last_update_follows_each_change(client):
    statement = AccessibilityStatement.objects.get()
    before = statement.updated_at
    statement.contact_phone = "042-10 50 00"
    statement.save()
    assert AccessibilityStatement.objects.get().updated_at > before


def test_contact_is_the_statements_own_or_else_the_departments(client):
    make_organisation(
        name="Socialförvaltningen",
        slug="socialforvaltningen",
        kind="department",
        contact_email="kontakt@example.org",
        contact_phone="042-10 50 00",
    )
    page = client.get("/tillganglighet/").text
    assert 'href="mailto:kontakt@example.org"' in page
    assert 'href="tel:042105000"' in page

    AccessibilityStatement.objects.update(contact_email="webb@example.org", contact_phone="")
    page = client.get("/tillganglighet/").text
    assert 'href="mailto:webb@example.org"' in page
    assert "kontakt@example.org" not in page


def test_without_any_contact_details_the_page_points_to_the_form(client):
    page = client.get("/tillganglighet/").text
    assert "Använd formuläret nedan, eller ring kommunens växel" in page


def test_english_statement_has_an_english_interface_and_swedish_content(client):
    response = client.get("/en/tillganglighet/")
    page = response.text
    assert response.status_code == 200
    assert '<html lang="en">' in page
    assert "<h1>Accessibility statement</h1>" in page
    assert 'The website is <strong class="compliance">partially compliant</strong>' in page
    assert '<div lang="sv"><h3>Bristande förenlighet med lagkraven</h3>' in page


def test_every_page_links_to_the_statement_in_its_footer(client):
    meeting = make_meeting()
    idea = make_idea()
    for path in ["/", "/moten/", meeting.get_absolute_url(), idea.get_absolute_url(), "/x/"]:
        page = client.get(path).text
        footer = page[page.index('<footer class="site-footer">') :]
        assert '<a href="/tillganglighet/">Tillgänglighetsredogörelse</a>' in footer, path
        assert '<a href="/om/oppna-soc/">Om Öppna soc</a>' in footer, path
        assert '<a href="/lattlast/">Lättläst</a>' in footer, path
    footer = client.get("/en/ideer/").text.split('<footer class="site-footer">')[1]
    assert '<a href="/en/tillganglighet/">Accessibility statement</a>' in footer


def test_the_statement_sets_no_cookie_and_refuses_other_methods(client):
    assert client.get("/tillganglighet/").cookies == {}
    assert client.put("/tillganglighet/").status_code == 405


def test_the_statement_page_uses_a_fixed_number_of_queries(client, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        client.get("/tillganglighet/")


# Reporting a problem


def test_a_report_emails_the_staff_and_thanks_the_visitor(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/tillganglighet/", REPORT)

    assert response.status_code == 302
    assert response["Location"] == "/tillganglighet/"
    [message] = mail.outbox
    assert message.to == ["webb@example.org", "tillganglighet@example.org"]
    assert message.reply_to == ["eva@example.org"]
    assert message.subject == "Tillgänglighetsproblem rapporterat på Öppna soc"
    assert "Filtret går inte att använda med skärmläsare." in message.body
    assert "Sida: /moten/" in message.body
    assert "Namn: Eva Ek" in message.body
    assert "Besökarens språk: svenska" in message.body
    assert "http://127.0.0.1:8000/tillganglighet/" in message.body

    page = client.get(response["Location"]).text
    assert "Tack! Din rapport har skickats till personalen" in page


def test_only_the_description_is_required(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/en/tillganglighet/", {"description": "Low contrast."})
    assert response.status_code == 302
    assert response["Location"] == "/en/tillganglighet/"
    [message] = mail.outbox
    assert message.reply_to == []
    assert "Sida: inte angivet" in message.body
    assert "Besökarens språk: engelska" in message.body  # staff read it in Swedish


def test_a_report_with_errors_keeps_the_text_and_lists_the_errors(client):
    response = client.post(
        "/tillganglighet/",
        {"page": "/ideer/", "description": "  ", "name": "Eva", "email": "inte-en-adress"},
    )
    page = response.text
    assert response.status_code == 200
    assert mail.outbox == []
    assert "<title>Fel: Tillgänglighetsredogörelse – Öppna soc</title>" in page
    assert '<div class="error-summary" id="error-summary" tabindex="-1" autofocus>' in page
    assert "<h3>Något behöver rättas</h3>" in page
    assert '<a href="#id_description">Beskriv problemet innan du skickar rapporten.</a>' in page
    assert '<a href="#id_email">Skriv e-postadressen som namn@exempel.se' in page
    assert 'value="/ideer/"' in page and 'value="Eva"' in page and 'value="inte-en-adress"' in page
    assert 'aria-invalid="true"' in page
    assert 'action="/tillganglighet/"' in page


def test_a_too_long_report_is_refused_with_its_length(client):
    response = client.post("/tillganglighet/", {"description": "x" * 3001})
    assert "Skriv högst 3000 tecken (du skrev 3001)." in response.text
    assert mail.outbox == []


def test_reports_go_to_the_admins_without_the_setting(
    client, settings, django_capture_on_commit_callbacks
):
    settings.ACCESSIBILITY_CONTACT_EMAILS = []
    settings.ADMINS = ["drift@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/tillganglighet/", REPORT)
    assert mail.outbox[0].to == ["drift@example.org"]


def test_reports_go_to_the_statements_contact_without_setting_or_admins(
    client, settings, django_capture_on_commit_callbacks, caplog
):
    settings.ACCESSIBILITY_CONTACT_EMAILS = []
    AccessibilityStatement.objects.update(contact_email="webb@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/tillganglighet/", REPORT)
    assert mail.outbox[0].to == ["webb@example.org"]


def test_without_anyone_to_receive_it_the_visitor_is_told_and_keeps_the_text(
    client, settings, django_capture_on_commit_callbacks
):
    """Never a thank-you for a report that reaches no one (check --deploy refuses this setup)."""
    settings.ACCESSIBILITY_CONTACT_EMAILS = []
    AccessibilityStatement.objects.update(contact_email="")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/tillganglighet/", REPORT)
    assert response.status_code == 503
    assert "Rapporten kunde inte skickas" in response.text
    assert "Tack!" not in response.text
    assert REPORT["description"] in response.text
    assert mail.outbox == []


def test_a_visitor_may_send_five_reports_an_hour(client, django_capture_on_commit_callbacks):
    """Counted per visitor: another visitor may still report."""
    with django_capture_on_commit_callbacks(execute=True):
        answers = [client.post("/tillganglighet/", REPORT).status_code for _ in range(6)]
        other = client.post("/tillganglighet/", REPORT, REMOTE_ADDR="198.51.100.7")
    assert answers == [302] * 5 + [429]
    assert other.status_code == 302
    assert len(mail.outbox) == 6

    response = client.post("/tillganglighet/", REPORT)
    assert response.status_code == 429
    assert "Vänta en timme och skicka igen" in response.text
    assert REPORT["description"] in response.text, "the text is kept"


def test_behind_the_proxy_reports_count_per_visitor(
    client, settings, django_capture_on_commit_callbacks
):
    settings.TRUSTED_PROXIES = 1
    proxy = {"REMOTE_ADDR": "10.0.0.2"}
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(5):
            client.post("/tillganglighet/", REPORT, HTTP_X_FORWARDED_FOR="203.0.113.5", **proxy)
        # Writing another address in front of the proxy's changes nothing.
        spoofed = client.post(
            "/tillganglighet/", REPORT, HTTP_X_FORWARDED_FOR="1.2.3.4, 203.0.113.5", **proxy
        )
        other = client.post(
            "/tillganglighet/", REPORT, HTTP_X_FORWARDED_FOR="198.51.100.7", **proxy
        )
    assert spoofed.status_code == 429
    assert other.status_code == 302


@pytest.mark.parametrize(
    "content_type",
    ["application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz"],
)
def test_a_large_body_is_refused_before_it_is_read(client, content_type):
    """A form of four short fields has no use for megabytes; they are not even read."""

    class Unreadable:
        def read(self, *args):
            raise AssertionError("the body was read")

        readline = read

    response = client.generic(
        "POST",
        "/tillganglighet/",
        content_type=content_type,
        CONTENT_LENGTH=str(100 * 1024 * 1024),
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 413
    assert "Inget har sparats" in response.text
    assert mail.outbox == []


def test_a_refused_report_is_retried_and_given_up_after_three_attempts(
    client, monkeypatch, django_capture_on_commit_callbacks, caplog
):
    attempts = []

    def refuse(self, messages):
        attempts.append(messages)
        raise smtplib.SMTPException("451 try again later")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    with (
        caplog.at_level(logging.WARNING, logger="portal.emails"),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post("/tillganglighet/", REPORT)
    assert response.status_code == 302  # the visitor is not bothered by the mail server
    assert len(attempts) == 3
    assert "attempt 1 of 3" in caplog.text and "Gave up" in caplog.text
    assert "eva@example.org" not in caplog.text


# The admin

_STATEMENT_FORM = {
    "organisation_name": "Socialnämnden i Exempelstad",
    "service_name": "Öppna soc",
    "published_on": "",
    "compliance": "partial",
    "inaccessible_content": "Några PDF-filer saknar taggar.",
    "assessed_on": "2026-12-01",
    "assessment_method": "Automatiska tester och tangentbord.",
    "contact_email": "webb@example.org",
    "contact_phone": "",
    "response_days": "5",
}


def test_editors_change_the_statement_but_cannot_add_a_second_or_delete_it(client):
    client.force_login(make_editor())
    statement = AccessibilityStatement.objects.get()
    url = reverse("admin:pages_accessibilitystatement_change", args=[statement.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _STATEMENT_FORM)
    assert response.status_code == 302
    page = client.get("/tillganglighet/").text
    assert "Socialnämnden i Exempelstad" in page
    assert "Några PDF-filer saknar taggar." in page
    assert "Vi svarar normalt inom 5 arbetsdagar." in page
    assert client.get(reverse("admin:pages_accessibilitystatement_add")).status_code == 403
    delete = reverse("admin:pages_accessibilitystatement_delete", args=[statement.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert AccessibilityStatement.objects.count() == 1


_DATE_FORMS = "Skriv datumet som 2026-03-13, 13/3 2026 eller 13 mars 2026."


@pytest.mark.parametrize("field", ["assessed_on", "published_on"])
def test_the_statement_dates_say_the_forms_they_take(client, field):
    client.force_login(make_editor())
    url = reverse("admin:pages_accessibilitystatement_change", args=[_statement().pk])
    page = client.get(url).text
    assert _DATE_FORMS in page.split(f'id="id_{field}_helptext"')[1].split("</div>")[0]
    tag = re.search(rf'<input [^>]*id="id_{field}"[^>]*>', page).group(0)
    assert f"id_{field}_helptext" in tag  # in its aria-describedby: read out with the field


@pytest.mark.parametrize("field", ["assessed_on", "published_on"])
@pytest.mark.parametrize("typed", ["2025-03-13", "13/3 2025", "13 mars 2025"])
def test_the_statement_dates_take_what_swedes_type(client, field, typed):
    client.force_login(make_editor())
    statement = _statement()
    url = reverse("admin:pages_accessibilitystatement_change", args=[statement.pk])
    response = client.post(url, {**_STATEMENT_FORM, field: typed})
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    statement.refresh_from_db()
    assert getattr(statement, field) == date(2025, 3, 13)


@pytest.mark.parametrize("field", ["assessed_on", "published_on"])
def test_a_statement_date_it_cannot_read_is_kept_and_says_the_forms(client, field):
    client.force_login(make_editor())
    statement = _statement()
    url = reverse("admin:pages_accessibilitystatement_change", args=[statement.pk])
    response = client.post(url, {**_STATEMENT_FORM, field: "första december"})
    assert response.status_code == 200
    assert _DATE_FORMS in response.text and 'value="första december"' in response.text
    assert AccessibilityStatement.objects.get().organisation_name == statement.organisation_name


def _statement() -> AccessibilityStatement:
    return AccessibilityStatement.objects.get()  # made by the data migration
