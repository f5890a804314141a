from django.core.paginator import InvalidPage, Page, Paginator
from django.http import Http404
from django.http import HttpRequest as _HttpRequest
from django_htmx.middleware import HtmxDetails


class HttpRequest(_HttpRequest):
    """The request our views receive: django-htmx's middleware adds `htmx`."""

    htmx: HtmxDetails


def paginate(request: HttpRequest, queryset, per_page: int) -> Page:
    """The page in ?sida=; a page that does not exist is a 404 like any unknown address."""
    try:
        return Paginator(queryset, per_page).page(request.GET.get("sida") or 1)
    except InvalidPage:
        raise Http404("No such page") from None
