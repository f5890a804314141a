from django.urls import path, re_path
from django.views.decorators.http import require_GET

from reports import feeds, views

# A year ("2026") or a half-year ("2026-h1"); anything else is no report (404).
PERIOD = r"(?P<period>[0-9]{4}(?:-h[12])?)"

app_name = "reports"
urlpatterns = [
    path("aterrapportering/", views.index, name="index"),
    path("aterrapportering/flode/", require_GET(feeds.ReportFeed()), name="feed"),
    re_path(rf"^aterrapportering/{PERIOD}/$", views.report, name="report"),
    re_path(rf"^aterrapportering/{PERIOD}\.pdf$", views.report_pdf, name="pdf"),
    re_path(rf"^aterrapportering/{PERIOD}\.json$", views.report_json, name="json"),
    re_path(rf"^aterrapportering/{PERIOD}\.csv$", views.report_csv, name="csv"),
]
