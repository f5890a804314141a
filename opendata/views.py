"""The open-data page and its downloads, CSV and xlsx files written ahead of time (exports.py).

The JSON API is in `api.py`.
"""

from email.utils import parsedate

from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe
from whitenoise.middleware import WhiteNoiseMiddleware
from whitenoise.responders import StaticFile

from opendata import exports, tasks
from opendata.api import LICENCE
from opendata.openapi import PAGE_SIZE
from portal.http import HttpRequest, absolute, limited


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
            **_files(),
        },
    )


def _files() -> dict:
    """When the files were made and how large each is, for the page; nothing while they are
    first being made."""
    build = exports.current()
    if not exports.is_whole(build):
        return {"build": None}
    sizes = {}
    for export in build.exports.values():
        table, extension = export.name.split(".")
        sizes[f"{exports.URL_NAMES[table]}_{extension}"] = export.size
    return {"build": build, "sizes": sizes}


# Downloads may be kept, and checked again with If-None-Match, but never taken as current
# without asking: the files change with the data.
CACHE_CONTROL = "public, no-cache"


@require_safe
@limited("downloads")
def download(request: HttpRequest, table: str, extension: str):
    """One table as a file written ahead of time; urls.py names each table and format.

    Served as a static file (WhiteNoise's responder): ETag and Last-Modified, 304 for a file
    the client has, and one byte range for a download to resume. A file older than the data is
    served as it is while the worker writes a new one.
    """
    build = exports.current()
    if not exports.is_current(build):
        tasks.schedule(soon=not exports.is_whole(build))
        build = exports.current()  # a worker that runs tasks at once has written it now
    if not exports.is_whole(build):
        response = render(request, "opendata/preparing.html", status=503)
        response["Retry-After"] = "60"
        response["Cache-Control"] = "no-store"
        return response
    export = build.exports[f"{table}.{extension}"]
    file = StaticFile(
        str(export.path),
        [
            ("Content-Type", exports.CONTENT_TYPES[extension]),
            ("Content-Disposition", f'attachment; filename="{export.filename}"'),
            ("Cache-Control", CACHE_CONTROL),
            ("Accept-Ranges", "bytes"),
        ],
    )
    if not _same_file(request, file):
        # The client resumes a download of an older file: it gets the whole new one.
        request.META.pop("HTTP_RANGE", None)
    return WhiteNoiseMiddleware.serve(file, request)


def _same_file(request: HttpRequest, file: StaticFile) -> bool:
    """Whether a Range request's If-Range (RFC 9110, 13.1.5) names the file as it is now."""
    validator = request.headers.get("If-Range")
    if validator is None:
        return True
    if validator.startswith('"'):
        return validator == file.etag
    return parsedate(validator) == file.last_modified
