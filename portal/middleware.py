import re
import uuid

from django.conf import settings
from django.core.signals import request_finished
from django.middleware.gzip import GZipMiddleware

from portal import logs

# What a proxy may send as X-Request-ID: nginx's $request_id, a UUID, a trace id. Anything else
# (too long, spaces, quotes, line breaks) is replaced, so a client cannot write into the logs.
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{8,128}")


class RequestIdMiddleware:
    """Gives each request an id: the proxy's X-Request-ID when it is a safe token, else a new one.

    The id goes on the response's X-Request-ID header and on every log line written while the
    request is answered (portal.logs), until the response is closed: Django logs 4xx and 5xx
    answers after the middleware has returned, and a streamed CSV is written later still.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        request_finished.connect(_forget_request_id, dispatch_uid="oppnasoc_request_id")

    def __call__(self, request):
        sent = request.headers.get("X-Request-ID", "")
        request.request_id = sent if _SAFE_REQUEST_ID.fullmatch(sent) else uuid.uuid4().hex
        logs.request_id.set(request.request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request.request_id
        return response


def _forget_request_id(**kwargs):
    logs.request_id.set(None)


class SecurityHeadersMiddleware:
    """The security headers Django has no setting for: Cross-Origin-Resource-Policy and
    Permissions-Policy, on every response (pages, the API, feeds, static files, redirects).

    A view may set its own value first; it is then left alone.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if settings.CROSS_ORIGIN_RESOURCE_POLICY:
            response.headers.setdefault(
                "Cross-Origin-Resource-Policy", settings.CROSS_ORIGIN_RESOURCE_POLICY
            )
        if settings.PERMISSIONS_POLICY:
            response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


# What gains from compression: pages, feeds, calendars, JSON and CSV. Not a zip (xlsx), a PDF, an
# office document or an image, which are compressed already and would only cost the CPU.
_TEXT = re.compile(r"^(text/|application/(json|xml|atom\+xml|javascript)\b)")


class CompressTextMiddleware(GZipMiddleware):
    """Django's gzip (padded against BREACH) for text answers only.

    A file served in byte ranges (the open-data downloads) is sent as it is: compressed on the
    fly it would lose its length, and a range of it would no longer be a range of the file.
    """

    def process_response(self, request, response):
        if not _TEXT.match(response.get("Content-Type", "")) or response.has_header(
            "Accept-Ranges"
        ):
            return response
        return super().process_response(request, response)
