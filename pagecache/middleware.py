"""Whole answers for anonymous visitors, kept until the content changes.

A page is stored under the versions of the parts of the content it shows (portal/versions.py,
`cached_from` on the view; every part for a view that declares none): every write to a content
table raises its parts' versions in the same transaction, so the next request after a commit
asks for a key that nothing has filled yet, and pages that do not show the change stay.
Cached answers therefore cannot be stale after an edit, on one server or many, whether the
cache is shared (Redis) or each process has its own.
Pages that depend on the clock ("upcoming meetings") are kept at most PAGE_CACHE_SECONDS.

Only answers that are the same for every anonymous visitor are stored: GET, no session or
messages cookie, status 200, no cookie set, no CSRF token rendered, not marked private.
The middleware sits early, like Django's FetchFromCacheMiddleware: a hit skips sessions,
language, CSRF and users. The answer is stored after the later middleware has added its
headers (language, framing); the earlier ones (request id, the content security policy and
the other security headers) add theirs to every answer, cached or not. A host that
ALLOWED_HOSTS refuses never gets a stored answer, since only answers that passed the check
are stored.
"""

import hashlib
import re
import time
from functools import lru_cache

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.urls import Resolver404, get_urlconf, resolve
from django.utils import translation

from portal.http import normalised_query
from portal.versions import PARTS, part_versions

_NOT_SHARED = {"private", "no-store", "no-cache"}
# How long a request that makes a page holds it against others making it too, at most.
BUILD_SECONDS = 30


def _query(request, defaults: dict | None) -> str:
    """The query as the view will read it: only the parameters it declares (reads_query in
    portal/http.py), sorted, defaults left out; the whole query for a view that declares none.
    """
    if defaults is None:
        return request.META.get("QUERY_STRING", "")
    return normalised_query(request.GET, defaults)


@lru_cache(maxsize=4096)
def _declared(urlconf, path: str) -> tuple[dict | None, tuple[str, ...]]:
    """The parameters and the parts of the content (sorted) the view at `path` declares,
    found once per address: resolving it costs more than the rest of a cache hit."""
    language = translation.get_language_from_path(path) or settings.LANGUAGE_CODE
    with translation.override(language):
        try:
            view = resolve(path, urlconf).func
        except Resolver404:
            return None, tuple(sorted(PARTS))
    parts = getattr(view, "cache_parts", PARTS)
    return getattr(view, "query_defaults", None), tuple(sorted(parts))


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.cache = caches[settings.PAGE_CACHE_ALIAS]
        self.excluded = tuple(settings.PAGE_CACHE_EXCLUDE)

    def __call__(self, request):
        if not self._may_use_cache(request):
            return self.get_response(request)
        versions = part_versions()
        if versions is None:
            return self.get_response(request)
        key = self._key(request, versions)
        response = self.cache.get(key)
        if response is not None:
            response["X-Page-Cache"] = "hit"
            return response
        building = f"{key}:building"
        if request.method == "GET" and not self.cache.add(building, 1, BUILD_SECONDS):
            # Another request is making this very page now: wait for it rather than make it too.
            response = self._wait_for(key, building)
            if response is not None:
                response["X-Page-Cache"] = "hit"
                return response
        try:
            response = self.get_response(request)
            if request.method == "GET" and self._may_store(request, response):
                # One piece of bytes: a feed is written in thousands of small pieces, and the
                # server would send each on its own.
                response.content = response.content
                self.cache.set(key, response, settings.PAGE_CACHE_SECONDS)
                response["X-Page-Cache"] = "miss"
        finally:
            if request.method == "GET":
                self.cache.delete(building)
        return response

    def _wait_for(self, key: str, building: str):
        """The page another request is making, once it is stored; None if it is not stored
        (an error, an answer that may not be shared) or not within PAGE_CACHE_WAIT_SECONDS."""
        deadline = time.monotonic() + settings.PAGE_CACHE_WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(0.02)
            response = self.cache.get(key)
            if response is not None:
                return response
            if not self.cache.has_key(building):
                return None
        return None

    def _may_use_cache(self, request) -> bool:
        return (
            settings.PAGE_CACHE_SECONDS > 0
            and request.method in ("GET", "HEAD")
            and settings.SESSION_COOKIE_NAME not in request.COOKIES
            and CookieStorage.cookie_name not in request.COOKIES
            and not request.path.startswith(self.excluded)
        )

    def _may_store(self, request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or request.session.modified:
            return False
        messages = getattr(request, "_messages", None)
        if messages is not None and len(messages):
            return False
        directives = {
            part.split("=")[0].strip().lower()
            for part in re.split(r"\s*,\s*", response.get("Cache-Control", ""))
        }
        return not directives & _NOT_SHARED

    @staticmethod
    def _key(request, versions: dict[str, str]) -> str:
        htmx = ",".join(
            request.headers.get(name, "")
            for name in ("HX-Request", "HX-History-Restore-Request", "HX-Target")
        )
        # Answers may hold absolute addresses (the API, feeds): the host and scheme are part of
        # the key. CommonMiddleware has already checked the host against ALLOWED_HOSTS.
        host = request.META.get("HTTP_HOST", "")
        defaults, parts = _declared(get_urlconf(), request.path_info)
        where = f"{request.scheme}://{host}{request.path}?{_query(request, defaults)}"
        shown = ",".join(f"{part}={versions.get(part)}" for part in parts)
        digest = hashlib.sha256(f"{htmx}|{where}|{shown}".encode()).hexdigest()
        return f"page:{digest}"
