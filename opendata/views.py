"""The open-data page and the CSV downloads. The JSON API is in `api.py`."""

import csv
from itertools import batched

from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone, translation
from django.views.decorators.http import require_safe

from ideas.models import Idea, Status, StatusChange
from meetings.models import Meeting
from opendata.api import LICENCE
from opendata.openapi import PAGE_SIZE
from portal.http import HttpRequest

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
            "api_url": request.build_absolute_uri(reverse("api:index")),
            "openapi_url": reverse("api:openapi"),
            "page_size": PAGE_SIZE,
            "example_url": request.build_absolute_uri(reverse("api:ideas")) + "?page=2",
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
    filename = f"{name}-{timezone.localdate().isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _addresses(request: HttpRequest):
    """The site's absolute address, and Swedish labels and page addresses whatever the language.

    Addresses are made by replacing a slug in one reversed address rather than reversing each
    row, which for a million rows is noticeably faster.
    """
    with translation.override("sv"):
        labels = {status.value: str(status.label) for status in Status}
        idea_path = reverse("ideas:detail", args=["SLUG"])
        meeting_path = reverse("meetings:detail", args=[1000, "SLUG"])
    return request.build_absolute_uri("/")[:-1], labels, idea_path, meeting_path


@require_safe
def ideas_csv(request: HttpRequest):
    site, labels, idea_path, _ = _addresses(request)
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
    rows = (
        (*idea[:10], labels[idea[9]], idea[10], site + idea_path.replace("SLUG", idea[1]))
        for idea in ideas
    )
    return _csv_response("ideer", IDEA_COLUMNS, rows)


@require_safe
def status_changes_csv(request: HttpRequest):
    site, labels, idea_path, meeting_path = _addresses(request)
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

    def rows():
        for row in changes:
            pk, idea_id, slug, title, status, decided_on, decided_by, explanation, corrects = row[
                :9
            ]
            meeting_id, meeting_status, starts_at, meeting_slug = row[9:]
            meeting_url = ""
            # A decision taken at a meeting that is (again) a draft shows no trace of it.
            if meeting_status != Meeting.Status.PUBLISHED:
                meeting_id = None
            else:
                year = str(timezone.localtime(starts_at).year)
                path = meeting_path.replace("1000", year, 1).replace("SLUG", meeting_slug)
                meeting_url = site + path
            idea_url = site + idea_path.replace("SLUG", slug)
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

    return _csv_response("statusandringar", STATUS_CHANGE_COLUMNS, rows())
