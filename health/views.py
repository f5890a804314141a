"""Health endpoints for a load balancer, and the 503 page when the database is unavailable."""

import logging
import sys

import psycopg
from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connection, transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.cache import add_never_cache_headers
from django.views import defaults
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)

RETRY_AFTER_SECONDS = 30
# /readyz gives up on a database that accepts the connection but does not answer.
READY_STATEMENT_TIMEOUT_MS = 1000

# What a database that is down, restarting or out of reach raises: Django's wrapped errors,
# and psycopg's own where nothing wrapped them. psycopg_pool.PoolTimeout (no connection
# within the pool's timeout) and PoolClosed are psycopg.OperationalError too.
_UNAVAILABLE = (OperationalError, InterfaceError, psycopg.OperationalError, psycopg.InterfaceError)


@require_safe
@never_cache
def healthz(request):
    """The process is alive and answers; nothing else is checked."""
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


@require_safe
@never_cache
def readyz(request):
    """The database answers a query within a second or so: send traffic here."""
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL statement_timeout = {READY_STATEMENT_TIMEOUT_MS}")
            cursor.execute("SELECT 1")
    except (DatabaseError, psycopg.Error) as error:
        logger.warning("Not ready: the database does not answer (%s)", type(error).__name__)
        response = HttpResponse(
            "database unavailable\n", status=503, content_type="text/plain; charset=utf-8"
        )
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
        return response
    return HttpResponse("ok\n", content_type="text/plain; charset=utf-8")


def server_error(request):
    """handler500: a 503 with Retry-After when the database is unavailable, else the 500 page.

    Django calls it for an exception raised anywhere while answering, in a view or in a
    middleware (the session, the user), so the 503 covers them all. The page must not query
    the database itself: 503.html shows no account links or messages, which would.
    """
    error = sys.exc_info()[1]
    if not _database_unavailable(error):
        return defaults.server_error(request)
    # One line instead of Django's traceback for each request while the database is down.
    logger.error(
        "The database is unavailable (%s: %s); answered %s with 503",
        type(error).__name__,
        str(error).strip(),
        request.path,
    )
    response = _unavailable(request)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    add_never_cache_headers(response)
    response._has_been_logged = True  # read by django.utils.log.log_response
    return response


def _database_unavailable(error: BaseException | None) -> bool:
    while error is not None:
        if isinstance(error, _UNAVAILABLE):
            return True
        error = error.__cause__
    return False


def _unavailable(request) -> HttpResponse:
    if request.path.startswith("/api/"):
        response = JsonResponse(
            {"status": 503, "message": "The database is unavailable. Try again in a while."},
            status=503,
        )
        response["Access-Control-Allow-Origin"] = "*"
        return response
    # The language comes from the address, as LocaleMiddleware would choose it: the error
    # may have come before that middleware ran.
    language = translation.get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    try:
        with translation.override(language):
            return render(request, "503.html", status=503)
    except Exception:
        logger.exception("The 503 page could not be rendered")
        return HttpResponse(
            "Öppna soc är tillfälligt otillgängligt. Försök igen om en stund.\n"
            "Öppna soc is temporarily unavailable. Please try again in a while.\n",
            status=503,
            content_type="text/plain; charset=utf-8",
        )
