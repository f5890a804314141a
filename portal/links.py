"""Addresses of pages, as `reverse()` makes them, for pages that list hundreds of objects.

`reverse()` walks the URL patterns on every call: about 30 µs, so 0.15 s on an API page of
100 ideas with their trails, and a third of some pages' cold time. `link()` reverses each
pattern once per language with a placeholder for its arguments and then only fills them in.
It gives the same address as `reverse()` (tests/test_links.py), for the named patterns whose
arguments are path segments (the `int`, `slug` and `str` converters).

Within `settled()`, link() goes further: it reads the language, the script prefix and the URL
configuration once, on entering, instead of at every call (three context-local lookups, half
its cost). The API's pages and the Jinja2 fragments render in it; neither changes the language
while it lasts.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from urllib.parse import quote

from django.core.signals import setting_changed
from django.dispatch import receiver
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language

# Digits only: every converter used with link() accepts it, and no address holds it by itself.
_PLACEHOLDER = "7392046158"
# What reverse() leaves unquoted in a path (django.urls.resolvers).
_SAFE = "!$&'()*+,;=/~:@"
# An argument of only these characters is its own quoted form (slugs, numbers): quote() skipped.
_plain = re.compile(r"[A-Za-z0-9_.~!$&'()*+,;=/:@-]*").fullmatch
# The language, the script prefix and the URL configuration of settled(), while it lasts.
_settled: ContextVar[tuple | None] = ContextVar("portal_links_settled", default=None)


@lru_cache(maxsize=512)
def _parts(name: str, arguments: int, language: str | None, prefix: str, urlconf) -> tuple:
    try:
        address = reverse(name, args=[_PLACEHOLDER] * arguments, urlconf=urlconf)
    except NoReverseMatch:
        return ()  # a converter that refuses the placeholder: reverse() each time
    parts = tuple(address.split(_PLACEHOLDER))
    return parts if len(parts) == arguments + 1 else ()


def link(name: str, *args) -> str:
    """reverse(name, args=args), without walking the patterns again."""
    state = _settled.get() or (get_language(), get_script_prefix(), get_urlconf())
    parts = _parts(name, len(args), *state)
    if not parts:
        return reverse(name, args=args)
    return _fill(parts, args)


@contextmanager
def settled() -> Iterator[None]:
    """link() takes the language, the script prefix and the URL configuration as they are on
    entering, for as long as this lasts: for code that makes hundreds of addresses and does
    not change them meanwhile (no translation.override() inside)."""
    token = _settled.set((get_language(), get_script_prefix(), get_urlconf()))
    try:
        yield
    finally:
        _settled.reset(token)


def _fill(parts: tuple, args) -> str:
    pieces = [parts[0]]
    for argument, after in zip(args, parts[1:], strict=True):
        text = str(argument)
        pieces.append(text if _plain(text) else quote(text, safe=_SAFE))
        pieces.append(after)
    return "".join(pieces)


@receiver(setting_changed)
def _forget(*, setting, **kwargs):
    # Tests change the URL configuration, the languages or the script prefix.
    if setting in {"ROOT_URLCONF", "LANGUAGES", "LANGUAGE_CODE", "FORCE_SCRIPT_NAME"}:
        _parts.cache_clear()
