import ipaddress
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404
from django.http import HttpRequest as _HttpRequest
from django.shortcuts import render
from django_htmx.middleware import HtmxDetails
from django_ratelimit.core import is_ratelimited


class HttpRequest(_HttpRequest):
    """The request our views receive: django-htmx's middleware adds `htmx`."""

    htmx: HtmxDetails


def paginate(request: HttpRequest, queryset, per_page: int) -> Page:
    """The page in ?sida=; a page that does not exist is a 404 like any unknown address."""
    try:
        return Paginator(queryset, per_page).page(request.GET.get("sida") or 1)
    except InvalidPage:
        raise Http404("No such page") from None


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
