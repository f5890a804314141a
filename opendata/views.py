"""The open-data page and the downloads, as CSV and xlsx. The JSON API is in `api.py`."""

import csv
import datetime
import tempfile
from itertools import batched

import xlsxwriter
from django.http import FileResponse, StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from ideas.models import Idea, Status, StatusChange
from meetings.models import Meeting
from opendata.api import LICENCE
from opendata.openapi import PAGE_SIZE
from portal.http import HttpRequest, absolute

# Rows fetched from the database at a time, through a server-side cursor, and rows written to
# the network at a time: memory stays the same for a thousand rows or a million.
CHUNK_SIZE = 2000
ROWS_PER_WRITE = 200

IDEA_COLUMNS = [
    "id",
    "slug",
    "title",
    "problem",
    "proposal",
    "theme",
    "group",
    "organisation",
    "raised_on",
    "status",
    "status_label",
    "status_changed_on",
    "url",
]
STATUS_CHANGE_COLUMNS = [
    "id",
    "idea_id",
    "idea_slug",
    "idea_title",
    "status",
    "status_label",
    "decided_on",
    "decided_by",
    "explanation",
    "corrects",
    "meeting_id",
    "meeting_url",
    "url",
]


@require_safe
def index(request: HttpRequest):
    return render(
        request,
        "opendata/index.html",
        {
            # The licence's summary (its "deed") in the page's language.
            "licence_url": f"{LICENCE['url']}deed.{translation.get_language()}",
            "api_url": absolute(reverse("api:index")),
            "openapi_url": reverse("api:openapi"),
            "page_size": PAGE_SIZE,
            "example_url": absolute(reverse("api:ideas")) + "?page=2",
        },
    )


class _Echo:
    """A file that hands back what is written to it, for csv.writer to format one row."""

    def write(self, value: str) -> str:
        return value


# A cell starting with one of these is a formula to Excel and LibreOffice ("=HYPERLINK(…)"), even
# in a CSV file. Such cells get a leading apostrophe, which spreadsheets show as text and hide.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _as_text(row) -> list:
    return [
        f"'{cell}" if isinstance(cell, str) and cell.startswith(FORMULA_START) else cell
        for cell in row
    ]


def _csv_response(name: str, columns: list[str], rows) -> StreamingHttpResponse:
    # The excel dialect is RFC 4180: commas, CRLF, quotes doubled inside quoted fields.
    writer = csv.writer(_Echo())

    def lines():
        # The byte order mark tells Excel the file is UTF-8, so å, ä and ö survive.
        yield "\ufeff" + writer.writerow(columns)
        for batch in batched(rows, ROWS_PER_WRITE):
            yield "".join(writer.writerow(_as_text(row)) for row in batch)

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_filename(name, "csv")}"'
    return response


def _filename(name: str, extension: str) -> str:
    return f"{name}-{timezone.localdate().isoformat()}.{extension}"


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's limits: rows in a sheet (the header included) and characters in a cell.
SHEET_ROWS = 1_048_576
CELL_CHARACTERS = 32_767


def _write_xlsx(file, name: str, columns: list[str], rows) -> None:
    """The same table as the CSV file, as a workbook: numbers, dates and text, never formulas.

    In constant_memory mode XlsxWriter writes each row to a temporary file as soon as the next
    one begins (texts inline, without a table of shared strings), so memory stays the same for
    a thousand rows or a million. Rows beyond what a sheet holds continue on another sheet.
    """
    workbook = xlsxwriter.Workbook(
        file,
        {
            "constant_memory": True,
            # Text stays text: "=…" is no formula, "https://…" no link, "012" no number.
            "strings_to_formulas": False,
            "strings_to_urls": False,
            "strings_to_numbers": False,
        },
    )
    bold = workbook.add_format({"bold": True})
    date = workbook.add_format({"num_format": "yyyy-mm-dd"})
    # Excel's own mark for a cell typed with an apostrophe first: shown and kept as text, even
    # when someone edits the cell, which would otherwise turn "=…" into a formula then.
    text = workbook.add_format({"quote_prefix": True})
    last = len(columns) - 1
    sheet, number = None, SHEET_ROWS
    for row in rows:
        if number == SHEET_ROWS:  # the first row, or the sheet is full
            if sheet is not None:
                sheet.autofilter(0, 0, number - 1, last)
            sheet, number = _sheet(workbook, name, columns, bold), 1
        for column, value in enumerate(row):
            if isinstance(value, str):
                if not value:
                    continue  # an empty cell, as the CSV's empty field
                if len(value) > CELL_CHARACTERS:
                    value = value[: CELL_CHARACTERS - 1] + "…"
                formula_like = value.startswith(FORMULA_START)
                sheet.write_string(number, column, value, text if formula_like else None)
            elif isinstance(value, datetime.date):
                sheet.write_datetime(number, column, value, date)
            elif value is not None:
                sheet.write_number(number, column, value)
        number += 1
    if sheet is None:
        sheet, number = _sheet(workbook, name, columns, bold), 1
    sheet.autofilter(0, 0, number - 1, last)
    workbook.close()


def _sheet(workbook, name: str, columns: list[str], bold):
    """A sheet with the header in bold, kept in view when scrolling."""
    count = len(workbook.worksheets())
    sheet = workbook.add_worksheet(f"{name} {count + 1}" if count else name)
    for column, heading in enumerate(columns):
        sheet.write_string(0, column, heading, bold)
    sheet.freeze_panes(1, 0)
    return sheet


def _xlsx_response(name: str, columns: list[str], rows) -> FileResponse:
    # XlsxWriter puts the zip file together at the end, so the workbook is written to a
    # temporary file first and then sent from it a block at a time. FileResponse closes the
    # file once it is sent, and a temporary file is gone when closed.
    file = tempfile.TemporaryFile()  # noqa: SIM115
    try:
        _write_xlsx(file, name, columns, rows)
    except BaseException:
        file.close()
        raise
    file.seek(0)
    response = FileResponse(
        file, as_attachment=True, filename=_filename(name, "xlsx"), content_type=XLSX
    )
    response.block_size = 64 * 1024
    return response


def _addresses():
    """Swedish labels and page addresses whatever the language.

    Addresses are made by replacing a slug in one reversed address rather than reversing each
    row, which for a million rows is noticeably faster.
    """
    with translation.override("sv"):
        labels = {status.value: str(status.label) for status in Status}
        idea_path = reverse("ideas:detail", args=["SLUG"])
        meeting_path = reverse("meetings:detail", args=[1000, "SLUG"])
    return labels, idea_path, meeting_path


def _idea_rows():
    labels, idea_path, _ = _addresses()
    ideas = (
        Idea.objects.order_by("pk")
        .values_list(
            "pk",
            "slug",
            "title",
            "problem",
            "proposal",
            "theme__name",
            "group__name",
            "organisation__name",
            "raised_on",
            "status",
            "status_changed_on",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    return (
        (*idea[:10], labels[idea[9]], idea[10], absolute(idea_path.replace("SLUG", idea[1])))
        for idea in ideas
    )


def _status_change_rows():
    labels, idea_path, meeting_path = _addresses()
    changes = (
        StatusChange.objects.order_by("pk")
        .values_list(
            "pk",
            "idea_id",
            "idea__slug",
            "idea__title",
            "status",
            "decided_on",
            "decided_by",
            "explanation",
            "corrects_id",
            "meeting_id",
            "meeting__status",
            "meeting__starts_at",
            "meeting__slug",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for row in changes:
        pk, idea_id, slug, title, status, decided_on, decided_by, explanation, corrects = row[:9]
        meeting_id, meeting_status, starts_at, meeting_slug = row[9:]
        meeting_url = ""
        # A decision taken at a meeting that is (again) a draft shows no trace of it.
        if meeting_status != Meeting.Status.PUBLISHED:
            meeting_id = None
        else:
            year = str(timezone.localtime(starts_at).year)
            path = meeting_path.replace("1000", year, 1).replace("SLUG", meeting_slug)
            meeting_url = absolute(path)
        idea_url = absolute(idea_path.replace("SLUG", slug))
        yield (
            pk,
            idea_id,
            slug,
            title,
            status,
            labels[status],
            decided_on,
            decided_by,
            explanation,
            corrects,
            meeting_id,
            meeting_url,
            f"{idea_url}#andring-{pk}",
        )


_TABLES = {
    "ideer": (IDEA_COLUMNS, _idea_rows),
    "statusandringar": (STATUS_CHANGE_COLUMNS, _status_change_rows),
}
_FORMATS = {"csv": _csv_response, "xlsx": _xlsx_response}


@require_safe
def download(request: HttpRequest, table: str, extension: str):
    """One table as a file; urls.py names each table and format, so both are always known."""
    columns, rows = _TABLES[table]
    return _FORMATS[extension](table, columns, rows())
