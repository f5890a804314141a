"""The xlsx downloads: read back with openpyxl, they hold what the CSV files hold, typed."""

import csv
import datetime
import io
import tempfile
import tracemalloc
import zipfile

import openpyxl
import pytest
from django.http import FileResponse
from django.utils import timezone
from openpyxl.utils.escape import unescape

from opendata import exports
from tests.factories import make_group, make_idea, make_staff_user, make_theme
from tests.opendata.conftest import EXPLANATION, SECRETS

pytestmark = pytest.mark.django_db

IDEAS = "/oppna-data/ideer.xlsx"
CHANGES = "/oppna-data/statusandringar.xlsx"
BOTH = [(IDEAS, "/oppna-data/ideer.csv"), (CHANGES, "/oppna-data/statusandringar.csv")]


def _download(client, path) -> bytes:
    response = client.get(path)
    assert response.status_code == 200, path
    assert isinstance(response, FileResponse)
    return b"".join(response.streaming_content)


def _workbook(client, path) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(_download(client, path)))


def _cells(workbook) -> tuple[list[str], list[list]]:
    """The header and the rows of every sheet in turn; each sheet repeats the header."""
    header, rows = None, []
    for sheet in workbook.worksheets:
        first, *rest = sheet.iter_rows()
        names = [cell.value for cell in first]
        assert header in (None, names)
        header = names
        rows.extend(list(row) for row in rest)
    return header, rows


def _as_in_csv(cell) -> str:
    """A cell as the CSV file writes the same value."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        assert cell.number_format == "yyyy-mm-dd"
        return value.date().isoformat()
    if isinstance(value, int):
        return str(value)
    # Excel and LibreOffice read "_x000D_" in a text as the character it names (a carriage
    # return here); openpyxl does so in shared strings only, not in the inline ones.
    value = unescape(value)
    # What the CSV marks with an apostrophe, the workbook marks as text in the cell's style.
    return f"'{value}" if cell.quotePrefix else value


def _csv(client, path) -> list[list[str]]:
    response = client.get(path)
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.parametrize(("path", "name"), [(IDEAS, "ideer"), (CHANGES, "statusandringar")])
def test_download_is_an_xlsx_attachment_with_a_filename(client, path, name):
    response = client.get(path)
    assert response["Content-Type"] == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    today = timezone.localdate().isoformat()
    assert response["Content-Disposition"] == f'attachment; filename="{name}-{today}.xlsx"'
    raw = b"".join(response.streaming_content)
    assert int(response["Content-Length"]) == len(raw)
    assert raw.startswith(b"PK")  # a zip file, as every xlsx file is
    assert not response.cookies


@pytest.mark.parametrize(("path", "csv_path"), BOTH)
def test_the_workbook_holds_the_same_table_as_the_csv(client, site, path, csv_path):
    make_idea(title='=HYPERLINK("http://evil.example/";"Klicka")', problem="-1", proposal="@x")
    header, rows = _cells(_workbook(client, path))
    csv_header, *csv_rows = _csv(client, csv_path)
    assert header == csv_header
    assert [[_as_in_csv(cell) for cell in row] for row in rows] == csv_rows
    assert len(rows) > 2


def test_numbers_and_dates_are_numbers_and_dates(client, site):
    header, rows = _cells(_workbook(client, CHANGES))
    column = {name: index for index, name in enumerate(header)}
    rejection = next(row for row in rows if row[0].value == site["rejection"].pk)
    assert rejection[column["idea_id"]].value == site["rejected"].pk
    assert rejection[column["decided_on"]].value.date() == site["rejection"].decided_on
    assert rejection[column["decided_on"]].is_date
    assert rejection[column["corrects"]].value is None
    assert unescape(rejection[column["explanation"]].value) == EXPLANATION
    assert rejection[column["status_label"]].value == "Avslagen"
    correction = next(row for row in rows if row[0].value == site["correction"].pk)
    assert correction[column["corrects"]].value == site["wrong"].pk
    # A text of digits stays text.
    make_idea(title="0123")
    _, rows = _cells(_workbook(client, IDEAS))
    assert rows[-1][2].value == "0123"
    assert rows[-1][2].data_type == "s"


@pytest.mark.parametrize("start", exports.FORMULA_START)
def test_a_text_a_spreadsheet_would_run_as_a_formula_stays_text(client, start):
    title = f'{start}HYPERLINK("http://evil.example/";"Klicka")'
    make_idea(title=title, proposal="Vanlig text")
    raw = _download(client, IDEAS)
    with zipfile.ZipFile(io.BytesIO(raw)) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in sheet  # no formula anywhere
    _, (row,) = _cells(openpyxl.load_workbook(io.BytesIO(raw)))
    title_cell, proposal_cell = row[2], row[4]
    assert title_cell.data_type == "s"
    assert unescape(title_cell.value) == title  # readable, without the CSV's apostrophe
    assert title_cell.quotePrefix
    assert proposal_cell.value == "Vanlig text"
    assert not proposal_cell.quotePrefix


def test_rows_beyond_what_a_sheet_holds_continue_on_the_next(client, monkeypatch):
    monkeypatch.setattr(exports, "SHEET_ROWS", 4)  # the header and three rows
    staff, group, theme = make_staff_user(), make_group(), make_theme()
    ideas = [make_idea(group=group, theme=theme, recorded_by=staff) for _ in range(7)]
    workbook = _workbook(client, IDEAS)
    assert workbook.sheetnames == ["ideer", "ideer 2", "ideer 3"]
    assert [sheet.max_row for sheet in workbook.worksheets] == [4, 4, 2]
    header, rows = _cells(workbook)
    assert header == exports.IDEA_COLUMNS
    assert [row[0].value for row in rows] == [idea.pk for idea in ideas]
    # Each sheet filters its own rows.
    assert [sheet.auto_filter.ref for sheet in workbook] == ["A1:Q4", "A1:Q4", "A1:Q2"]


def test_an_empty_table_has_its_header_and_nothing_more(client):
    workbook = _workbook(client, CHANGES)
    assert workbook.sheetnames == ["statusandringar"]
    header, rows = _cells(workbook)
    assert header == exports.STATUS_CHANGE_COLUMNS
    assert rows == []


def test_a_text_longer_than_a_cell_holds_is_cut_with_an_ellipsis(client):
    make_idea(problem="x" * 40_000)
    _, (row,) = _cells(_workbook(client, IDEAS))
    assert row[3].value == "x" * (exports.CELL_CHARACTERS - 1) + "…"


@pytest.mark.parametrize("path", [IDEAS, CHANGES])
def test_no_staff_data_e_mail_drafts_or_comments_in_the_workbooks(client, site, path):
    _, rows = _cells(_workbook(client, path))
    text = "\n".join(str(cell.value) for row in rows for cell in row)
    for name, secret in SECRETS.items():
        assert secret not in text, f"{name} in {path}"
    assert "@" not in text
    assert site["draft"].slug not in text


def test_english_address_gives_the_same_swedish_workbook(client, site):
    for path in (IDEAS, CHANGES):
        swedish = [[cell.value for cell in row] for row in _cells(_workbook(client, path))[1]]
        english = [
            [cell.value for cell in row] for row in _cells(_workbook(client, "/en" + path))[1]
        ]
        assert english == swedish


def _synthetic_rows(count: int):
    day = datetime.date(2025, 3, 12)
    explanation = "Förvaltningen tar fram en mall. " * 4
    meeting = "http://127.0.0.1:8000/moten/2025/mars/"
    for pk in range(1, count + 1):
        yield (pk, pk, f"ide-{pk}", "En SIP för alla", "decided", "Beslutad", day,
               "Gemensam utvecklingsgrupp", explanation, None, 12, meeting,
               f"http://127.0.0.1:8000/ideer/ide-{pk}/")  # fmt: skip


def test_memory_stays_the_same_for_ten_times_the_rows():
    """XlsxWriter's constant_memory mode: a row is on disk once the next one begins."""
    peaks = []
    for count in (1_000, 10_000):
        tracemalloc.start()
        with tempfile.TemporaryFile() as file:
            exports.write_xlsx(
                file, "statusandringar", exports.STATUS_CHANGE_COLUMNS, _synthetic_rows(count)
            )
        peaks.append(tracemalloc.get_traced_memory()[1])
        tracemalloc.stop()
    # Keeping the 9,000 more rows would take several megabytes.
    assert peaks[1] - peaks[0] < 500_000, peaks


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_downloads_are_read_only(client, method):
    assert getattr(client, method)(IDEAS).status_code == 405
