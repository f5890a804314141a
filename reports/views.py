"""The report-back: the list of reports, each report as a page, a PDF and open data."""

import csv
import io

from django.conf import settings
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import pgettext
from django.views.decorators.http import require_GET

from portal.cells import as_text
from portal.http import HttpRequest, absolute, cached_from, limited, reads_query
from reports.figures import WAITING_DAYS, Figures, Report, make_report
from reports.periods import Period, first_year, parse, started_periods
from reports.tasks import ask_for_snapshots

# What a report shows: the trail and the ideas, the groups' names, the meetings.
PARTS = ("ideas", "groups", "meetings")


@limited("reports", capped=True)
def _counted_live(request: HttpRequest, period: Period) -> Report:
    """A report still open, counted from the trail: a second or more at a city's scale, so
    limited and capped like the PDF (docs/reports.md)."""
    return make_report(period)


def _report(request: HttpRequest, slug: str, *, limit: bool = True) -> Report | HttpResponse:
    """The report of the period an address names, or the answer that it must wait (429).

    A closed report reads its snapshot; one without it yet is counted from the trail, and the
    worker is asked to store the missing snapshots. An open one is counted from the trail,
    limited unless the view is already (`limit`: the PDF)."""
    period = _period(slug)
    if not period.closed:
        return _counted_live(request, period) if limit else make_report(period)
    report = make_report(period)
    if not report.stored:
        ask_for_snapshots()
    return report


def _period(slug: str) -> Period:
    """The period an address names; 404 for one not started, or before any content."""
    period = parse(slug)
    if period is None or not period.started or period.year < first_year():
        raise Http404("No such report")
    return period


@cached_from(*PARTS)
@reads_query()
@require_GET
@limited("pages")
def index(request: HttpRequest):
    periods = started_periods(first_year())
    return render(
        request,
        "reports/index.html",
        {
            "years": [p for p in periods if p.half is None],
            "halves": [p for p in periods if p.half is not None],
            "close_after_days": settings.REPORT_CLOSES_AFTER_DAYS,
        },
    )


def _context(report: Report) -> dict:
    return {
        "report": report,
        "period": report.period,
        "chart": _chart(report.total),
        "waiting_days": WAITING_DAYS,
        "municipality": settings.MUNICIPALITY_NAME,
        "page_url": absolute(report.period.get_absolute_url()),
    }


@cached_from(*PARTS)
@reads_query()
@require_GET
@limited("pages")
def report(request: HttpRequest, period: str):
    report = _report(request, period)
    if isinstance(report, HttpResponse):
        return report
    return render(request, "reports/report.html", _context(report))


@cached_from(*PARTS)
@reads_query()
@require_GET
@limited("reports", capped=True)
def report_pdf(request: HttpRequest, period: str):
    """The same report typeset as a PDF for the board's papers (WeasyPrint, docs/reports.md).

    Expensive to make, so limited per visitor and capped on the machine; the page cache keeps
    it for anonymous visitors until the ideas, groups or meetings change."""
    # Loads pango: only for the PDF, not in every process.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    report = _report(request, period, limit=False)  # limited and capped above
    html = render_to_string("reports/report_pdf.html", _context(report), request=request)
    # Links resolve on SITE_URL; nothing is fetched (the stylesheet and the chart are inline).
    fetcher = URLFetcher(allowed_protocols={"data"})
    pdf = HTML(string=html, base_url=absolute("/"), url_fetcher=fetcher).write_pdf(
        pdf_variant="pdf/ua-1"
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = f"aterrapportering-{report.period.slug}.pdf"
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


# The figures' names in the open data, in the order of its CSV's columns.
COLUMNS = (
    "received", "decided", "carried_out", "rejected", "handed_over", "median_days",
    "waiting_long", "longest_wait", "meetings", "with_minutes", "late_steps",
)  # fmt: skip


def _figures_data(figures: Figures) -> dict:
    return {column: getattr(figures, column) for column in COLUMNS}


def _data(report: Report) -> dict:
    period = report.period
    with translation.override(settings.LANGUAGE_CODE):
        return {
            "period": period.slug,
            "name": period.name,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "closed": period.closed,
            "closes_on": period.closes_on.isoformat(),
            "counted_recorded_before": period.cutoff.isoformat() if period.cutoff else None,
            "url": absolute(period.get_absolute_url()),
            "waiting_days": WAITING_DAYS,
            "total": _figures_data(report.total),
            "groups": [
                {"group": group.name, "slug": group.slug, **_figures_data(figures)}
                for group, figures in report.groups
            ],
            "corrections": report.corrections_count,
        }


@cached_from(*PARTS)
@reads_query()
@require_GET
@limited("downloads")
def report_json(request: HttpRequest, period: str):
    report = _report(request, period)
    if isinstance(report, HttpResponse):
        return report
    data = _data(report)
    response = JsonResponse(data, json_dumps_params={"ensure_ascii": False, "indent": 2})
    response["Access-Control-Allow-Origin"] = "*"
    return response


@cached_from(*PARTS)
@reads_query()
@require_GET
@limited("downloads")
def report_csv(request: HttpRequest, period: str):
    """One row for all groups together (group empty), then one for each group."""
    report = _report(request, period)
    if isinstance(report, HttpResponse):
        return report
    data = _data(report)
    buffer = io.StringIO()
    buffer.write("\ufeff")  # for Excel, as the other CSV files
    writer = csv.writer(buffer)
    writer.writerow(["period", "group", "slug", *COLUMNS])
    writer.writerow([data["period"], "", "", *(data["total"][c] for c in COLUMNS)])
    for row in data["groups"]:
        cells = (row[column] for column in COLUMNS)
        writer.writerow(as_text([data["period"], row["group"], row["slug"], *cells]))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    name = f"aterrapportering-{data['period']}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# The bars' colours as static/css/site.css gives them to the statuses, also as the SVG's own
# attributes: the PDF has no site.css, and WeasyPrint reads no `fill` from a stylesheet.
FILLS = {
    "received": "#6b7fa3",
    "decided": "#0a4d8c",
    "done": "#2e7d32",
    "rejected": "#b3261e",
    "handed_over": "#a67c00",
}


def _chart(total: Figures) -> list[dict]:
    """The report's bar chart, drawn as the progress page draws its own: one labelled bar per
    figure, 36 units apart, widths 0-260 (templates/reports/_chart.html)."""
    rows = [
        ("received", pgettext("report", "Received"), total.received),
        ("decided", pgettext("report", "Decided"), total.decided),
        ("done", pgettext("report", "Carried out"), total.carried_out),
        ("rejected", pgettext("report", "Not carried out"), total.rejected),
        ("handed_over", pgettext("report", "Handed over"), total.handed_over),
    ]
    top = max(value for _name, _label, value in rows) or 1
    return [
        {"value": name, "label": label, "count": value, "y": 36 * i, "fill": FILLS[name],
         "width": round(260 * value / top)}
        for i, (name, label, value) in enumerate(rows)
    ]  # fmt: skip
