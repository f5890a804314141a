"""The report-back's pages, PDF, open data, feed and sitemap."""

import csv
import io
import re
from datetime import date, datetime, time, timedelta

import pytest
from django.utils import timezone
from pdfminer.high_level import extract_pages, extract_text
from pdfminer.layout import LTTextContainer, LTTextLine
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from ideas.models import Idea, NextStep, Status, StatusChange
from portal.dates import zone
from reports.periods import Period
from tests.factories import make_group, make_staff_user, make_theme
from tests.feeds import count_queries, parse_feed

pytestmark = pytest.mark.django_db

LAST_YEAR = timezone.localdate().year - 1
H1 = Period(LAST_YEAR, 1)


def _entry(idea, status, decided_on, recorded_on=None, explanation="", staff=None):
    return StatusChange.objects.create(
        idea=idea, status=status, decided_on=decided_on, decided_by="Gemensam utvecklingsgrupp",
        explanation=explanation, recorded_by=staff or make_staff_user(),
        recorded_at=datetime.combine(recorded_on or decided_on, time(10), zone()),
    )  # fmt: skip


def _ideas(count: int, groups, start: date, staff) -> None:
    """`count` ideas received in the first half of last year, every third turned down, every
    third carried out, the rest waiting."""
    theme = make_theme()
    for n in range(count):
        idea = Idea.objects.create(
            title=f"Förslag {n}: kvällsöppet", slug=f"forslag-{n}", problem="-", proposal="-",
            theme=theme, group=groups[n % len(groups)], raised_on=start,
        )  # fmt: skip
        _entry(idea, Status.RECEIVED, start + timedelta(days=n % 30), staff=staff)
        decided = start + timedelta(days=40 + n % 30)
        if n % 3 == 0:
            _entry(idea, Status.REJECTED, decided, explanation=f"Inga pengar {n}.", staff=staff)
        elif n % 3 == 1:
            _entry(idea, Status.DONE, decided, staff=staff)


@pytest.fixture
def reports_site():
    staff = make_staff_user()
    groups = [
        make_group(name="Innovationsgruppen", slug="innovationsgruppen"),
        make_group(name="Gemensam utvecklingsgrupp", slug="gemensam"),
    ]
    _ideas(6, groups, H1.start, staff)
    # The waiting "Förslag 2" was promised a proposal for February; by June nothing had come.
    NextStep.objects.create(
        idea=Idea.objects.get(slug="forslag-2"), text="Förvaltningen tar fram ett förslag.",
        by_body="Förvaltningen", planned_month=H1.start.replace(month=2), recorded_by=staff,
        recorded_at=datetime.combine(H1.start + timedelta(days=20), time(15), zone()),
    )  # fmt: skip
    return groups


def test_the_list_has_every_started_period_and_marks_the_open_ones(client, reports_site):
    response = client.get("/aterrapportering/")
    assert response.status_code == 200
    text = response.content.decode()
    this_year = timezone.localdate().year
    for slug in (f"{LAST_YEAR}", f"{LAST_YEAR}-h1", f"{LAST_YEAR}-h2", f"{this_year}"):
        assert f'href="/aterrapportering/{slug}/"' in text
    assert f'href="/aterrapportering/{this_year + 1}/"' not in text
    assert "inte avslutad" in text.lower()
    english = client.get("/en/aterrapportering/")
    assert english.status_code == 200
    assert f'href="/en/aterrapportering/{LAST_YEAR}-h1/"' in english.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        f"/aterrapportering/{timezone.localdate().year + 1}/",  # not started
        f"/aterrapportering/{LAST_YEAR - 5}/",  # before any content
        f"/aterrapportering/{LAST_YEAR}-h3/",
        f"/aterrapportering/{LAST_YEAR}-1/",
        "/aterrapportering/abcd/",
        f"/aterrapportering/{timezone.localdate().year + 1}.pdf",
        f"/aterrapportering/{LAST_YEAR - 5}-h1.json",
    ],
)
def test_unknown_future_and_bad_periods_are_404(client, reports_site, path):
    assert client.get(path).status_code == 404


def test_a_report_shows_the_figures_and_each_rejection_with_its_reason(client, reports_site):
    response = client.get(f"/aterrapportering/{H1.slug}/")
    assert response.status_code == 200
    text = response.content.decode()
    assert "6 nya förslag kom in." in text
    assert "2 förslag blev av." in text
    assert "Vi sa nej till 2 förslag." in text
    for n in (0, 3):
        assert f"Inga pengar {n}." in text
    assert "Innovationsgruppen" in text and "Gemensam utvecklingsgrupp" in text
    assert 'id="corrections-heading"' in text  # closed, so its corrections are shown
    assert "För 1 förslag gjorde vi inte nästa steg den månad vi hade sagt." in text
    late = re.sub(r"<[^>]+>", "", text.split('id="late-heading"')[1].split("</section>")[0])
    assert "Förslag 2: kvällsöppet" in late
    assert f"Planerat till februari {LAST_YEAR}:" in late
    assert "Förvaltningen: Förvaltningen tar fram ett förslag." in late
    assert "<svg" in text and 'role="img"' in text


def test_a_correction_recorded_after_closing_shows_and_the_figures_stay(client, reports_site):
    before = client.get(f"/aterrapportering/{H1.slug}.json").json()
    rejected = StatusChange.objects.filter(status=Status.REJECTED).order_by("pk").first()
    _entry(
        rejected.idea, Status.DECIDED, rejected.decided_on, timezone.localdate(),
        explanation="Rättelse: förslaget blir av ändå.",
    )  # fmt: skip
    StatusChange.objects.create(
        idea=rejected.idea, status=Status.DECIDED, decided_on=rejected.decided_on,
        decided_by="Gruppen", explanation="Rättelse: förslaget ska genomföras.",
        corrects=rejected, recorded_by=make_staff_user(),
    )  # fmt: skip
    after = client.get(f"/aterrapportering/{H1.slug}.json").json()
    assert after["total"] == before["total"]
    assert after["groups"] == before["groups"]
    assert after["corrections"] == 2
    page = client.get(f"/aterrapportering/{H1.slug}/").content.decode()
    assert "Rättelse: förslaget ska genomföras." in page
    assert "Rättar posten" in page


def test_the_report_page_makes_the_same_queries_with_few_and_many_ideas(client):
    staff = make_staff_user()
    few_groups = [make_group()]
    _ideas(2, few_groups, H1.start, staff)
    few = count_queries(client, f"/aterrapportering/{H1.slug}/")
    many_groups = [make_group() for _ in range(4)]
    theme = make_theme()
    for n in range(40):
        idea = Idea.objects.create(
            title=f"Fler {n}", slug=f"fler-{n}", problem="-", proposal="-", theme=theme,
            group=many_groups[n % 4], raised_on=H1.start,
        )  # fmt: skip
        _entry(idea, Status.RECEIVED, H1.start + timedelta(days=n), staff=staff)
        _entry(idea, Status.REJECTED, H1.start + timedelta(days=n + 9), explanation="Nej.")
    many = count_queries(client, f"/aterrapportering/{H1.slug}/")
    assert few == many
    assert many <= 10


def test_the_pdf_opens_and_has_the_same_figures_as_the_page(client, reports_site, settings):
    settings.MUNICIPALITY_NAME = "Exempelstads kommun"
    response = client.get(f"/aterrapportering/{H1.slug}.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    text = " ".join(extract_text(io.BytesIO(response.content)).split())
    assert "Exempelstads kommun" in text
    assert f"Återrapportering: Första halvåret {LAST_YEAR}" in text
    assert "Innehåll" in text
    assert re.search(r"Sida 1 av [2-9]", text)
    for sentence in (
        "6 nya förslag kom in.",
        "2 förslag blev av.",
        "Vi sa nej till 2 förslag.",
        "För 1 förslag gjorde vi inte nästa steg den månad vi hade sagt.",
    ):
        assert sentence in text
    assert "Inga pengar 0." in text and "Inga pengar 3." in text
    # The tables, as on the page: each label on one row with its figures.
    data = client.get(f"/aterrapportering/{H1.slug}.json").json()
    rows = _rows(response.content)
    total = data["total"]
    for label, figure in [
        ("Inkomna", total["received"]),
        ("Beslutade", total["decided"]),
        ("Genomförda", total["carried_out"]),
        ("Avslagna", total["rejected"]),
        ("Överlämnade", total["handed_over"]),
        ("Nästa steg försenat", total["late_steps"]),
    ]:
        assert f"{label} {figure}" in rows, (label, figure)
    for group in data["groups"]:
        figures = " ".join(str(group[key]) for key in ("received", "decided", "carried_out"))
        # A long name wraps; its first line is on the row of its figures.
        first_word = group["group"].split()[0]
        assert any(row.startswith(first_word) and figures in row for row in rows), group


def _catalog(pdf: bytes) -> dict:
    return PDFDocument(PDFParser(io.BytesIO(pdf))).catalog


def test_the_pdf_is_tagged_in_the_visitors_language(client, reports_site):
    swedish = client.get(f"/aterrapportering/{H1.slug}.pdf").content
    catalog = _catalog(swedish)
    assert "StructTreeRoot" in catalog  # tagged, PDF/UA-1: screen readers read it in order
    assert resolve1(catalog["MarkInfo"])["Marked"] is True
    assert catalog["Lang"] == b"sv"
    assert "Outlines" in catalog  # bookmarks from the headings

    english = client.get(f"/en/aterrapportering/{H1.slug}.pdf").content
    assert _catalog(english)["Lang"] == b"en"
    text = " ".join(extract_text(io.BytesIO(english)).split())
    assert f"Report-back: First half of {LAST_YEAR}" in text
    assert "6 new proposals came in." in text


def _rows(pdf: bytes) -> list[str]:
    """The PDF's text a row at a time: the text lines at the same height on a page, left to
    right (pdfminer gives a table's columns one after another)."""
    rows = []
    for page in extract_pages(io.BytesIO(pdf)):
        lines = []
        stack = list(page)
        while stack:
            element = stack.pop()
            if isinstance(element, LTTextLine):
                lines.append((element.y0, element.x0, element.get_text().strip()))
            elif isinstance(element, LTTextContainer):
                stack.extend(element)
        lines.sort(key=lambda line: (-line[0], line[1]))
        row, height = [], None
        for y, x, text in lines:
            if height is not None and abs(y - height) > 2:
                rows.append(" ".join(t for _x, t in sorted(row)))
                row = []
            row.append((x, text))
            height = y
        if row:
            rows.append(" ".join(t for _x, t in sorted(row)))
    return rows


def test_the_figures_as_open_data(client, reports_site):
    data = client.get(f"/aterrapportering/{H1.slug}.json").json()
    assert data["period"] == H1.slug and data["closed"] is True
    assert data["total"]["received"] == 6 and data["total"]["rejected"] == 2
    assert data["total"]["late_steps"] == 1
    assert {g["slug"] for g in data["groups"]} == {"innovationsgruppen", "gemensam"}
    response = client.get(f"/aterrapportering/{H1.slug}.csv")
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0]["group"] == "" and rows[0]["received"] == "6"
    assert rows[0]["late_steps"] == "1"
    assert sum(int(row["received"]) for row in rows[1:]) == 6
    open_data = client.get("/oppna-data/").content.decode()
    assert 'href="/aterrapportering/"' in open_data


def test_the_feed_has_an_entry_for_each_closed_report(client, reports_site):
    feed = parse_feed(client, "/aterrapportering/flode/")
    links = [entry.link for entry in feed.entries]
    assert any(link.endswith(f"/aterrapportering/{H1.slug}/") for link in links)
    assert any(link.endswith(f"/aterrapportering/{LAST_YEAR}/") for link in links)
    this_year = timezone.localdate().year
    assert not any(link.endswith(f"/aterrapportering/{this_year}/") for link in links)
