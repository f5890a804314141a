"""The CSV downloads: everything in them, read back with the csv module as a spreadsheet would."""

import csv
import io

import pytest
from django.http import FileResponse
from django.utils import timezone

from ideas.models import Idea, Status, StatusChange
from opendata import exports
from tests.factories import change_status, make_group, make_idea, make_staff_user, make_theme
from tests.opendata.conftest import EXPLANATION, SECRETS

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"
IDEAS = "/oppna-data/ideer.csv"
CHANGES = "/oppna-data/statusandringar.csv"


def _download(client, path):
    response = client.get(path)
    assert response.status_code == 200
    assert isinstance(response, FileResponse)
    raw = b"".join(response.streaming_content)
    return response, raw


def _rows(client, path) -> list[dict]:
    _, raw = _download(client, path)
    assert raw.startswith(b"\xef\xbb\xbf"), "no byte order mark for Excel"
    # newline="" as the csv module asks, so line breaks inside quoted fields survive.
    text = io.StringIO(raw.decode("utf-8-sig"), newline="")
    return list(csv.DictReader(text))


@pytest.mark.parametrize(("path", "name"), [(IDEAS, "ideer"), (CHANGES, "statusandringar")])
def test_download_is_an_utf8_csv_attachment_with_a_filename(client, path, name):
    response, raw = _download(client, path)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="{name}-{today}.csv"'
    assert not response.cookies
    # RFC 4180: CRLF after every record, the header row included.
    assert raw.endswith(b"\r\n")
    assert raw.count(b"\r\n") == 1


def test_ideas_csv_has_every_idea_with_its_current_status(client, site):
    rows = _rows(client, IDEAS)
    assert list(rows[0]) == exports.IDEA_COLUMNS
    assert len(rows) == Idea.objects.count() == 2
    assert [int(row["id"]) for row in rows] == sorted(Idea.objects.values_list("pk", flat=True))
    main = site["main"]
    row = next(r for r in rows if r["slug"] == main.slug)
    assert row == {
        "id": str(main.pk),
        "slug": main.slug,
        "title": "En SIP för alla myndigheter",
        "problem": 'Man får berätta allt "flera gånger",\nför flera myndigheter.',
        "proposal": "Gör en samordnad individuell plan.",
        "theme": "Samordning",
        "group": "Gemensam utvecklingsgrupp",
        "organisation": "Brukarföreningen Vägen",
        "raised_on": main.raised_on.isoformat(),
        "status": "on_hold",
        "status_label": "Vilande",
        "status_changed_on": main.status_changed_on.isoformat(),
        "diary_number": "",
        "next_step": "",
        "next_step_by": "",
        "next_step_planned_month": "",
        "url": f"{BASE}/ideer/{main.slug}/",
    }
    rejected = next(r for r in rows if r["slug"] == "kvallsoppet")
    assert rejected["title"] == 'Kvällsöppet, "alltid"'
    assert rejected["organisation"] == ""
    assert rejected["status_label"] == "Avslagen"


def test_status_change_csv_has_one_row_per_entry_ever_made(client, site):
    rows = _rows(client, CHANGES)
    assert list(rows[0]) == exports.STATUS_CHANGE_COLUMNS
    entries = StatusChange.objects.order_by("pk")
    assert len(rows) == entries.count() == 7
    assert [int(row["id"]) for row in rows] == [entry.pk for entry in entries]
    for row, entry in zip(rows, entries, strict=True):
        assert int(row["idea_id"]) == entry.idea_id
        assert row["idea_slug"] == entry.idea.slug
        assert row["idea_title"] == entry.idea.title
        assert row["status"] == entry.status
        assert row["status_label"] == Status(entry.status).label
        assert row["decided_on"] == entry.decided_on.isoformat()
        assert row["decided_by"] == entry.decided_by
        assert row["explanation"] == entry.explanation
        assert row["corrects"] == (str(entry.corrects_id) if entry.corrects_id else "")
        assert row["url"] == f"{BASE}/ideer/{entry.idea.slug}/#andring-{entry.pk}"

    by_id = {int(row["id"]): row for row in rows}
    meeting = site["meeting"]
    decided = by_id[site["decided"].pk]
    assert decided["meeting_id"] == str(meeting.pk)
    assert decided["meeting_url"] == f"{BASE}{meeting.get_absolute_url()}"
    assert by_id[site["correction"].pk]["corrects"] == str(site["wrong"].pk)
    assert by_id[site["wrong"].pk]["meeting_url"] == ""
    # Quotes, commas and both kinds of line break come back exactly as written.
    assert by_id[site["rejection"].pk]["explanation"] == EXPLANATION


def test_a_decision_at_a_draft_meeting_does_not_reveal_the_meeting(client, site):
    row = next(
        r for r in _rows(client, CHANGES) if r["id"] == str(site["secret_meeting_change"].pk)
    )
    assert row["meeting_id"] == ""
    assert row["meeting_url"] == ""
    assert row["explanation"] == "Vilande tills vidare."


@pytest.mark.parametrize("path", [IDEAS, CHANGES])
def test_no_staff_data_e_mail_drafts_or_comments_in_the_downloads(client, site, path):
    _, raw = _download(client, path)
    text = raw.decode("utf-8-sig")
    for name, secret in SECRETS.items():
        assert secret not in text, f"{name} in {path}"
    assert "@" not in text
    assert site["draft"].slug not in text
    assert "recorded" not in text


def test_english_address_gives_the_same_swedish_file(client, site):
    assert _rows(client, f"/en{IDEAS}") == _rows(client, IDEAS)
    assert _rows(client, f"/en{CHANGES}") == _rows(client, CHANGES)


@pytest.mark.parametrize("path", [IDEAS, CHANGES])
def test_rows_come_in_chunks_with_a_fixed_number_of_queries(
    client, path, monkeypatch, django_assert_max_num_queries
):
    """A server-side cursor hands over the rows a chunk at a time, so memory does not grow
    with the data: the same queries whether there are 3 rows or 90."""
    monkeypatch.setattr(exports, "CHUNK_SIZE", 7)
    staff, group, theme = make_staff_user(), make_group(), make_theme()

    def add(n):
        for _ in range(n):
            idea = make_idea(group=group, theme=theme, recorded_by=staff)
            change_status(idea, Status.PREPARING, recorded_by=staff)

    add(3)
    with django_assert_max_num_queries(6) as queries:
        exports.build()
    assert sum("DECLARE" in query["sql"] for query in queries.captured_queries) == 2
    count = len(queries.captured_queries)
    few = _rows(client, path)
    add(42)
    with django_assert_max_num_queries(count):
        exports.build()
    many = _rows(client, path)
    assert len(few) == (3 if path == IDEAS else 6)
    assert len(many) == (45 if path == IDEAS else 90)
    assert len({row["id"] for row in many}) == len(many)


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_downloads_are_read_only(client, method):
    assert getattr(client, method)(IDEAS).status_code == 405


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_a_cell_a_spreadsheet_would_run_as_a_formula_is_kept_as_text(client, db, start):
    title = f'{start}HYPERLINK("http://evil.example/";"Klicka")'
    idea = make_idea(title=title, problem="=1+1", proposal="Vanlig text")
    change_status(idea, Status.REJECTED, explanation="-Nej, inte i år.")
    (row,) = _rows(client, IDEAS)
    assert row["title"] == "'" + title
    assert (row["problem"], row["proposal"]) == ("'=1+1", "Vanlig text")
    explained = next(r for r in _rows(client, CHANGES) if r["status"] == "rejected")
    assert explained["explanation"] == "'-Nej, inte i år."
