import ipaddress
import os
import re
import threading
import time
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.core.signals import setting_changed
from django.db import connection
from django.dispatch import receiver
from django.http import Http404, HttpResponse, JsonResponse, QueryDict
from django.http import HttpRequest as _HttpRequest
from django.shortcuts import render
from django.utils.translation import get_language
from django_htmx.middleware import HtmxDetails
from django_ratelimit.core import is_ratelimited

from portal.slots import Slots, folder_for
from portal.versions import PARTS


class HttpRequest(_HttpRequest):
    """The request our views receive: django-htmx's middleware adds `htmx`."""

    htmx: HtmxDetails


_PAGE_NUMBER = re.compile(r"[1-9][0-9]{0,8}")


def page_number(value: str) -> int | None:
    """A page number as a query gives it (?sida=, ?page=): a whole number from 1 of nine digits
    at most (a longer one is an OFFSET PostgreSQL refuses), else None."""
    return int(value) if _PAGE_NUMBER.fullmatch(value) else None


def paginate(
    request: HttpRequest, queryset, per_page: int, *, count: int | None = None, by_ids=False
) -> Page:
    """The page in ?sida=; a page that does not exist is a 404 like any unknown address.

    `count`: how many rows the queryset has, when the caller knows it without counting them.
    `by_ids`: the page's ids first, from the index of its order alone, then only those rows.
    An OFFSET over whole rows reads and joins every row before the page: /ideer/?sida=200
    took 7.9 ms in PostgreSQL that way, its ids 0.6 ms.
    """
    paginator = Paginator(queryset.values_list("pk", flat=True) if by_ids else queryset, per_page)
    if count is not None:
        paginator.count = count  # instead of the cached_property's COUNT(*)
    try:
        page = paginator.page(request.GET.get("sida") or 1)
    except InvalidPage:
        raise Http404("No such page") from None
    if by_ids:
        ids = list(page.object_list)
        rows = queryset.in_bulk(ids)
        page.object_list = [rows[pk] for pk in ids if pk in rows]  # one deleted meanwhile: gone
    return page


def cached_from(*parts: str):
    """Declare the parts of the content (portal.versions.PARTS) a view's page shows.

    The page cache keeps the page while none of them changes; a view that declares nothing
    depends on every part. Declaring too few would serve a stale page: the freshness tests
    (tests/pagecache/) read every page after each kind of edit.
    """
    unknown = set(parts) - set(PARTS)
    if unknown:
        raise ValueError(f"Unknown parts of the content: {sorted(unknown)}")

    def decorator(view):
        view.cache_parts = frozenset(parts)
        return view

    return decorator


def reads_query(**defaults: str | None):
    """Declare the query parameters a view reads, each with its default value (None: none).

    The view is handed only these, in a fixed order and without those given their default
    value, and the page cache keys its answer on the same (pagecache/middleware.py): so
    `?x=123` and `?sida=1` are the bare address's cached answer, and what a view does not
    declare cannot change what it shows.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            query = normalised_query(request.GET, defaults)
            if query != request.META.get("QUERY_STRING", ""):
                request.GET = QueryDict(query)
                request.META["QUERY_STRING"] = query
            return view(request, *args, **kwargs)

        wrapped.query_defaults = defaults
        return wrapped

    return decorator


def normalised_query(query: QueryDict, defaults: dict) -> str:
    """The parameters named in `defaults`, sorted, leaving out any that has its default."""
    pairs = []
    for name in sorted(defaults):
        values = query.getlist(name)
        if values and values != [defaults[name]]:
            pairs += [(name, value) for value in values]
    return urlencode(pairs)


def absolute(path: str) -> str:
    """The full address of a path of the portal, always on SITE_URL.

    Never the request's host: a feed's ids, the API's links, a calendar's and the canonical
    links are then the same however the site was reached (localhost, 127.0.0.1, a proxy).
    """
    return settings.SITE_URL + path


class _OnSiteUrl:
    """A request that Django's own views (feeds, the sitemap index) see as made to SITE_URL."""

    def __init__(self, request):
        self._request = request

    def __getattr__(self, name):
        return getattr(self._request, name)

    def get_host(self) -> str:
        return urlsplit(settings.SITE_URL).netloc

    def is_secure(self) -> bool:
        return urlsplit(settings.SITE_URL).scheme == "https"

    @property
    def scheme(self) -> str:
        return urlsplit(settings.SITE_URL).scheme


def on_site_url(request):
    """`request` as seen on SITE_URL, for Django views that build addresses from the host."""
    return _OnSiteUrl(request)


def client_ip(request: _HttpRequest) -> str:
    """The visitor's address: REMOTE_ADDR, or behind TRUSTED_PROXIES proxies, what they saw.

    Each trusted proxy appends the address it was reached from to X-Forwarded-For, so the
    visitor is that many entries from the right; anything the visitor wrote in the header
    itself stays further left and is ignored. Lockouts (axes) and rate limits use this, so one
    visitor behind the proxy cannot lock out everyone else.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    count = settings.TRUSTED_PROXIES
    if not count:
        return remote
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")
    forwarded = [address.strip() for address in forwarded if address.strip()]
    if len(forwarded) < count:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote


def over_limit(request: _HttpRequest, group: str, rate: str, key="ip") -> bool:
    """Count this request against `rate` ("5/h") for its visitor, or for `key`, and say whether
    it is over. The counts are kept in the default cache (django-ratelimit); with Redis, every
    worker shares them."""
    return is_ratelimited(request, group=group, key=key, rate=rate, increment=True)


_SECONDS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


def limited(group: str, *, capped: bool = False):
    """Limit a view to settings.RATE_LIMITS[group] requests per visitor; beyond it, 429.

    For the answers that cost the server: search, the API, the downloads and the heaviest pages.
    Answers from the page cache never reach the view, so they are not counted: reading what
    others read costs nothing. The 429 says when to try again, in the visitor's language, or
    in JSON under /api/. A `capped` view (what a flood asks for: search, the API) is also made
    at most EXPENSIVE_AT_ONCE times at once on the machine (portal/slots.py).
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            rate = settings.RATE_LIMITS.get(group) or "0"
            if rate != "0" and over_limit(request, f"limited:{group}", rate):
                _hold_refusal()
                return too_many_requests(request, _period(rate))
            slots = _expensive_slots() if capped else None
            if slots is None:
                return view(request, *args, **kwargs)
            place = slots.acquire()
            if place is None:
                # Held for want of a place: one that frees up meanwhile is taken.
                place = _hold_refusal(retry=slots.acquire)
            if place is None:
                return too_many_requests(request, BUSY_RETRY_SECONDS, busy=True)
            try:
                return view(request, *args, **kwargs)
            finally:
                slots.release(place)

        return wrapped

    return decorator


# How long a visitor turned away because the process is busy is asked to wait.
BUSY_RETRY_SECONDS = 5
_slots: Slots | None = None
_slots_lock = threading.Lock()


def _expensive_slots() -> Slots | None:
    """At most EXPENSIVE_AT_ONCE searches and API answers at once on this machine, in all its
    worker processes together (0: no cap), so a flood of them leaves CPU for the cached pages
    everyone else reads (portal/slots.py)."""
    global _slots
    size = settings.EXPENSIVE_AT_ONCE
    if not size:
        return None
    with _slots_lock:
        # Made again after a fork: a child must not share its parent's locks.
        rest = settings.EXPENSIVE_REST
        if _slots is None or (_slots.size, _slots.rest, _slots.pid) != (size, rest, os.getpid()):
            if _slots is not None and _slots.pid == os.getpid():
                _slots.close()
            database = settings.DATABASES["default"]["NAME"]
            _slots = Slots(size, folder_for(settings.BASE_DIR, str(database)), rest)
        return _slots


def _period(rate: str) -> int:
    """The seconds of a rate's window: "30/m" is 60, "10/15s" is 15."""
    period = rate.partition("/")[2]
    number = int(period[:-1]) if period[:-1].isdigit() else 1
    return number * _SECONDS[period[-1]]


def too_many_requests(request: _HttpRequest, retry_after: int, *, busy: bool = False):
    """429 to a visitor over their limit, or when the process is too busy (`busy`): either way
    the answer to a flood, never a server error, and a client's cue to slow down."""
    status = 429
    if request.path.startswith("/api/"):
        message = (
            f"Too busy just now. Try again in {retry_after} s."
            if busy
            else f"Too many requests from your address. Try again in {retry_after} s."
        )
        response = JsonResponse({"status": status, "message": message}, status=status)
    else:
        response = _too_many_requests_page(request, retry_after, busy)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response


_refusal_places: tuple[int, threading.BoundedSemaphore] | None = None
HOLD_STEP_SECONDS = 0.05


def _hold_refusal(retry: Callable[[], int | None] | None = None) -> int | None:
    """Hold a refusal for REFUSAL_DELAY_MS before it is sent, in at most REFUSAL_DELAY_PLACES
    threads of the process at once; the others are answered at once.

    A flood does not read Retry-After: it sends its next request as soon as it has the answer.
    Refused at once, 20 connections sent some 150 requests a second, each cheap, and together
    they took the two cores from the readers of cached pages (their p95 60-130 ms in `make
    burst-test`). Held a second, each connection sends about one a second, while the thread that
    holds it uses no CPU and no database connection, and the other threads answer everyone else
    (p95 11-16 ms). A person over their limit waits a second longer for the same answer.

    A refusal for want of a place (`retry`, all the places for expensive answers taken) asks
    again every HOLD_STEP_SECONDS: the place it gets meanwhile is returned, and the visitor who
    searched just after another gets the answer instead of "try again".
    """
    semaphore = _refusal_semaphore()
    if semaphore is None or not semaphore.acquire(blocking=False):
        return None
    try:
        if not connection.in_atomic_block:
            connection.close()  # back to the pool while this thread waits
        deadline = time.monotonic() + settings.REFUSAL_DELAY_MS / 1000
        while (left := deadline - time.monotonic()) > 0:
            time.sleep(min(HOLD_STEP_SECONDS, left) if retry else left)
            if retry is not None and (place := retry()) is not None:
                return place
        return None
    finally:
        semaphore.release()


def _refusal_semaphore() -> threading.BoundedSemaphore | None:
    """The process's places for holding refusals; None when they are not held."""
    global _refusal_places
    places = settings.REFUSAL_DELAY_PLACES
    if not settings.REFUSAL_DELAY_MS or places <= 0:
        return None
    with _slots_lock:
        if _refusal_places is None or _refusal_places[0] != places:
            _refusal_places = (places, threading.BoundedSemaphore(places))
        return _refusal_places[1]


# The 429 pages made for anonymous visitors, by language, address, kind and wait: a flood gets
# thousands of them, and making each cost four times a cached page (5 ms of CPU against 1.3), so
# the flood's answers took the CPU the readers of cached pages needed (`make burst-test`).
_pages_429: dict[tuple, bytes] = {}
_PAGES_429_KEPT = 256


@receiver(setting_changed)
def _forget_429_pages(**kwargs) -> None:
    _pages_429.clear()


def _too_many_requests_page(request: _HttpRequest, retry_after: int, busy: bool) -> HttpResponse:
    """The 429 page, in the visitor's language. It leaves out the query string (the login link
    and the language links point to the address without it), so that every anonymous visitor
    flooding one address gets the same page, made once."""
    key = (get_language(), request.path, busy, retry_after)
    # A visitor who is logged in sees their name; one with a message waiting gets it here.
    shared = not request.user.is_authenticated and "messages" not in request.COOKIES
    if shared and (body := _pages_429.get(key)) is not None:
        return HttpResponse(body, status=429)
    minutes = max(1, round(retry_after / 60))
    context = {"minutes": minutes, "busy": busy, "seconds": retry_after, "without_query": True}
    response = render(request, "429.html", context, status=429)
    if shared:
        if len(_pages_429) >= _PAGES_429_KEPT:
            _pages_429.clear()
        _pages_429[key] = response.content
    return response


def refuse_large_bodies(max_bytes: int):
    """Answer 413 before reading a request body larger than `max_bytes`, or of unknown size.

    For forms of a few fields: Django would otherwise read (and for multipart, store) whatever a
    client sends before the form could say it is too long.
    """

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in ("POST", "PUT", "PATCH"):
                try:
                    length = int(request.META.get("CONTENT_LENGTH") or -1)
                except ValueError:
                    length = -1
                if not 0 <= length <= max_bytes:
                    return render(request, "413.html", {"max_kb": max_bytes // 1024}, status=413)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def csrf_failure(request: _HttpRequest, reason: str = ""):
    """CSRF_FAILURE_VIEW: the site's own page, in the visitor's language, instead of Django's."""
    return render(request, "403_csrf.html", status=403)
