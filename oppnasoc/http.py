from django.http import HttpRequest as _HttpRequest
from django_htmx.middleware import HtmxDetails


class HttpRequest(_HttpRequest):
    """The request our views receive: django-htmx's middleware adds `htmx`."""

    htmx: HtmxDetails
