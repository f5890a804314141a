"""The downloads of /oppna-data/, written ahead of time to files that every visitor shares.

Writing the status changes of a large city (a million rows) takes a minute or more, longer than
a request may take, and would cost the same for every visitor. So the task worker writes each
table once, as CSV and as xlsx, after the public data has changed (opendata/tasks.py), and the
downloads are served from those files with ETag, Last-Modified and range requests
(opendata/views.py): the same file for everyone, resumable, never cut off.

Each build writes files with names of their own (`ideer-<time>.csv`) and then replaces the
manifest that names them, so a file never changes under a download in progress. The files of
the build before stay until the next build, for the requests that read the older manifest.
"""

import csv
import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter
from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone, translation

from ideas.models import Idea, Status, StatusChange
from meetings.models import Meeting
from portal.cells import FORMULA_START, as_text
from portal.http import absolute
from portal.versions import content_version

# Rows fetched from the database at a time, through a server-side cursor: memory stays the same
# for a thousand rows or a million.
CHUNK_SIZE = 2000

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
    "diary_number",
    "next_step",
    "next_step_by",
    "next_step_planned_month",
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
    "diary_number",
    "corrects",
    "meeting_id",
    "meeting_url",
    "url",
]


XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# Excel's limits: rows in a sheet (the header included) and characters in a cell.
SHEET_ROWS = 1_048_576
CELL_CHARACTERS = 32_767


def write_xlsx(file, name: str, columns: list[str], rows) -> None:
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
            "diary_number",
            "next_step__text",
            "next_step__by_body",
            "next_step__planned_month",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    return (
        (
            *idea[:10],
            labels[idea[9]],
            *idea[10:14],
            idea[14].strftime("%Y-%m") if idea[14] else "",
            absolute(idea_path.replace("SLUG", idea[1])),
        )
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
            "diary_number",
            "corrects_id",
            "meeting_id",
            "meeting__status",
            "meeting__starts_at",
            "meeting__slug",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for row in changes:
        pk, idea_id, slug, title, status, decided_on, decided_by, explanation, diary = row[:9]
        corrects, meeting_id, meeting_status, starts_at, meeting_slug = row[9:]
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
            diary,
            corrects,
            meeting_id,
            meeting_url,
            f"{idea_url}#andring-{pk}",
        )


TABLES = {
    "ideer": (IDEA_COLUMNS, _idea_rows),
    "statusandringar": (STATUS_CHANGE_COLUMNS, _status_change_rows),
}
FORMATS = ("csv", "xlsx")
# Each table's name in the code: its addresses are named `<this>_<format>` (opendata/urls.py).
URL_NAMES = {"ideer": "ideas", "statusandringar": "status_changes"}
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "xlsx": XLSX}
MANIFEST = "manifest.json"
# Only one build at a time, across every worker and server (a PostgreSQL advisory lock).
_LOCK = "SELECT pg_try_advisory_xact_lock(hashtext('oppnasoc.opendata.exports'))"


@dataclass(frozen=True)
class Export:
    """One finished file: `name` is its address's last part (ideer.csv), `path` where it is."""

    name: str
    path: Path
    size: int
    rows: int
    made_at: datetime.datetime

    @property
    def filename(self) -> str:
        """The name a download is saved under: the table and the day the data is from."""
        table, extension = self.name.split(".")
        return f"{table}-{timezone.localdate(self.made_at).isoformat()}.{extension}"


@dataclass(frozen=True)
class Build:
    version: str
    made_at: datetime.datetime
    exports: dict[str, Export]


def root() -> Path:
    return Path(settings.EXPORTS_ROOT)


def current() -> Build | None:
    """The latest finished build, or None when there is none (or its manifest is unreadable)."""
    try:
        manifest = json.loads((root() / MANIFEST).read_text(encoding="utf-8"))
        made_at = datetime.datetime.fromisoformat(manifest["made_at"])
        exports = {
            name: Export(name, root() / entry["file"], entry["size"], entry["rows"], made_at)
            for name, entry in manifest["files"].items()
        }
        return Build(manifest["version"], made_at, exports)
    except (OSError, ValueError, KeyError, TypeError):
        return None


def is_whole(build: Build | None) -> bool:
    """Whether the build has every table in every format, with each file still there."""
    if build is None:
        return False
    names = {f"{table}.{extension}" for table in TABLES for extension in FORMATS}
    return names <= build.exports.keys() and all(
        export.path.is_file() for export in build.exports.values()
    )


def is_current(build: Build | None) -> bool:
    """Whether the build holds the public data as it is now."""
    return is_whole(build) and build.version == content_version()


def build() -> Build | None:
    """Write every table in every format from one state of the data, unless they are current.

    Returns the build that is current afterwards, or None when another build is under way.
    """
    outermost = not connection.in_atomic_block
    with transaction.atomic():
        if outermost:
            # Every file from one snapshot: the status changes match the ideas beside them.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        with connection.cursor() as cursor:
            cursor.execute(_LOCK)
            if not cursor.fetchone()[0]:
                return None
        version = content_version()
        before = current()
        if is_whole(before) and before.version == version:
            return before
        made_at = timezone.now()
        stamp = made_at.strftime("%Y%m%dT%H%M%S%f")
        root().mkdir(parents=True, exist_ok=True)
        files = {}
        for table, (columns, rows) in TABLES.items():
            files.update(_write_table(table, columns, rows(), stamp))
        manifest = {"version": version, "made_at": made_at.isoformat(), "files": files}
        _replace(root() / MANIFEST, json.dumps(manifest, indent=2).encode())
        # Still under the lock, so no other build is writing files now.
        _remove_old_files(keep={entry["file"] for entry in files.values()}, before=before)
    return current()


def _write_table(table: str, columns: list[str], rows, stamp: str) -> dict:
    """The table as CSV and xlsx at once, from one pass over the rows."""
    names = {extension: f"{table}-{stamp}.{extension}" for extension in FORMATS}
    count = 0
    with (
        open(root() / f".{names['csv']}.tmp", "w", encoding="utf-8", newline="") as csv_file,
        open(root() / f".{names['xlsx']}.tmp", "wb") as xlsx_file,
    ):
        # The byte order mark tells Excel the file is UTF-8, so å, ä and ö survive.
        csv_file.write("\ufeff")
        # The excel dialect is RFC 4180: commas, CRLF, quotes doubled inside quoted fields.
        writer = csv.writer(csv_file)
        writer.writerow(columns)

        def also_to_csv():
            nonlocal count
            for row in rows:
                writer.writerow(as_text(row))
                count += 1
                yield row

        write_xlsx(xlsx_file, table, columns, also_to_csv())
        for file in (csv_file, xlsx_file):
            file.flush()
            os.fsync(file.fileno())
    files = {}
    for extension, name in names.items():
        os.replace(root() / f".{name}.tmp", root() / name)
        size = (root() / name).stat().st_size
        files[f"{table}.{extension}"] = {"file": name, "size": size, "rows": count}
    return files


def _replace(path: Path, content: bytes) -> None:
    """Write a file so that a reader sees the old content or the new, never half of it."""
    temporary = path.with_name(f".{path.name}.tmp")
    with open(temporary, "wb") as file:
        file.write(content)
        file.flush()
        os.fsync(file.fileno())
    os.replace(temporary, path)


def _remove_old_files(*, keep: set[str], before: Build | None) -> None:
    """Remove the files of older builds (and of any build that stopped halfway), keeping the
    build before for the downloads that began with it."""
    if before is not None:
        keep |= {export.path.name for export in before.exports.values()}
    for path in root().iterdir():
        ours = path.name.lstrip(".").split("-")[0] in TABLES
        if ours and path.name not in keep and path.is_file():
            path.unlink(missing_ok=True)
