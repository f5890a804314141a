"""Template tags every part of the portal uses: Markdown, Swedish dates, language links, and
the page's metadata (canonical address, a block captured for reuse in Open Graph tags)."""

import re
import threading
from functools import lru_cache

import markdown as _markdown
import nh3
from django import template
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.template.defaultfilters import urlize
from django.urls import Resolver404, resolve, translate_url
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal import diary
from portal.http import absolute
from portal.markup import as_markdown

register = template.Library()

_ALLOWED_TAGS = {
    "p", "br", "strong", "em", "ul", "ol", "li", "blockquote", "a", "h2", "h3", "h4", "h5", "h6",
    "code", "pre", "hr", "table", "thead", "tbody", "tr", "th", "td",
}  # fmt: skip

# One Markdown converter a thread, reset between texts: making one per text built its parser
# and extensions again each time, 40% of the rendering (a meeting's ten agenda items: 2 ms).
_converters = threading.local()


def _converter() -> _markdown.Markdown:
    converter = getattr(_converters, "markdown", None)
    if converter is None:
        converter = _converters.markdown = _markdown.Markdown(
            extensions=["sane_lists"], output_format="html"
        )
    return converter.reset()


@register.filter(is_safe=True)
def markdown(text: str, top: int = 4) -> str:
    """Markdown written by staff, as HTML that cannot carry scripts, styles or frames.

    The text's headings start at level `top`: by default 4, under the page's h1, the section's
    h2 and the agenda item's h3.
    """
    source = as_markdown(text)  # Word's bullets, 1) and bare addresses (portal/markup.py)
    html = _converter().convert(source)
    # The text's highest heading becomes `top` and the rest keep their distance to it, so the
    # outline has no gaps whichever heading level staff started with.
    levels = [int(n) for n in re.findall(r"<h([1-6])>", html)]
    shift = int(top) - min(levels) if levels else 0
    for level in sorted(set(levels), reverse=shift > 0):  # no tag is shifted twice
        new = min(level + shift, 6)
        html = html.replace(f"<h{level}>", f"<h{new}>").replace(f"</h{level}>", f"</h{new}>")
    clean = nh3.clean(
        html,
        tags=_ALLOWED_TAGS,
        attributes={"a": {"href", "title"}, "th": {"scope"}, "td": set()},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
    return mark_safe(clean)


def _time(value) -> str:
    # HTML allows at most three digits of a second; the page shows minutes anyway.
    return format_html(
        '<time datetime="{}">{}</time>',
        value.isoformat(timespec="seconds"),
        _clock(value.time().replace(second=0, microsecond=0), get_language()),
    )


@lru_cache(maxsize=4096)
def _clock(minute, language: str | None) -> str:
    """A time of day as the language writes it ("13.00"); there are 1,440 of them."""
    return time_format(minute, "TIME_FORMAT")


# What Django's urlize could make a link of: a scheme, "www.", an e-mail address, or a bare
# domain in one of the top-level domains it knows (django/utils/html.py, simple_url_2_re).
_MAY_LINK = re.compile(r"://|www\.|@|\.(?:com|edu|gov|int|mil|net|org)\b", re.IGNORECASE)


@register.filter(is_safe=True, needs_autoescape=True)
def urlize_some(text: str, autoescape: bool = True) -> str:
    """Django's urlize, which costs about 0.2 ms a comment, only for a text that could hold an
    address; any other text comes out as urlize would give it, escaped (an idea's 250 comments
    cost 50 ms of urlize on every cache miss, nearly all of them without an address)."""
    if _MAY_LINK.search(text):
        return urlize(text, autoescape=autoescape)
    return escape(text) if autoescape else text


@register.simple_tag
def timespan(starts_at, ends_at=None) -> str:
    """A meeting's time as the Swedish web guidelines write it.

    For example "12 februari 2013, kl. 13.00–15.00", each part in a <time> element.
    """
    start = timezone.localtime(starts_at)
    day = _date(start.date(), get_language())
    if ends_at is None:
        return format_html(_("{date}, at {start}"), date=day, start=_time(start))
    end = timezone.localtime(ends_at)
    if end.date() != start.date():
        end_day = _date(end.date(), get_language())
        return format_html(
            _("{date}, at {start} – {end_date}, at {end}"),
            date=day,
            start=_time(start),
            end_date=end_day,
            end=_time(end),
        )
    return format_html(_("{date}, at {start}–{end}"), date=day, start=_time(start), end=_time(end))


@register.simple_tag
def date(value) -> str:
    """A date in running text inside <time>: 12 februari 2013."""
    if hasattr(value, "tzinfo"):
        value = timezone.localtime(value).date()
    return _date(value, get_language())


@register.simple_tag
def month(value) -> str:
    """A month in running text inside <time>: mars 2027."""
    return _month(value.replace(day=1), get_language())


@lru_cache(maxsize=1024)
def _month(day, language: str | None) -> str:
    shown = date_format(day, "YEAR_MONTH_FORMAT")
    return format_html('<time datetime="{}">{}</time>', day.strftime("%Y-%m"), shown)


@register.simple_tag
def diary_number(number: str) -> str:
    """A diary number, linked to the public diary when DIARY_URL_TEMPLATE is set."""
    return diary.html(number)


@lru_cache(maxsize=8192)
def _date(day, language: str | None) -> str:
    # A long idea's page shows 300 dates: formatting each anew cost a tenth of its time.
    return format_html('<time datetime="{}">{}</time>', day.isoformat(), date_format(day))


@receiver(setting_changed)
def _forget_dates(*, setting, **kwargs):
    if setting in {"DATE_FORMAT", "TIME_FORMAT", "FORMAT_MODULE_PATH", "LANGUAGE_CODE"}:
        _date.cache_clear()
        _month.cache_clear()
        _clock.cache_clear()


def _outside_the_languages(path: str) -> bool:
    """Whether `path` is a page of the site outside the language prefixes (the admin)."""
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


@register.simple_tag(takes_context=True)
def other_languages(context) -> list[dict]:
    """The current page in the other languages, for the language switcher.

    A page that resolves is reversed in each language, with its query string (unless the
    context says `without_query`); a missing page keeps its address, made safe: a path such as
    "//evil.example/" would otherwise be a link to another site.
    """
    current = get_language()
    request = context["request"]
    # A page made once for many addresses (the 429 page) links to the address without its query.
    here = request.path if context.get("without_query") else request.get_full_path()
    # A missing page keeps its address, as a path of this site whatever was typed.
    missing = "/" + here.removeprefix(f"/{current}" if current != settings.LANGUAGE_CODE else "")
    missing = "/" + missing.lstrip("/\\")
    languages = []
    for code, name in settings.LANGUAGES:
        if code == current:
            continue
        url = translate_url(here, code)
        if url == here and _outside_the_languages(request.path):
            continue  # the admin's refusal pages: the admin is in one language
        if url == here:  # it did not resolve
            url = missing if code == settings.LANGUAGE_CODE else f"/{code}{missing}"
        languages.append({"code": code, "name": name, "url": url})
    return languages


@register.simple_tag(takes_context=True)
def language_alternates(context) -> list[dict]:
    """The page in every language on SITE_URL, and x-default the Swedish one, for
    <link rel="alternate" hreflang>; none for a page that does not resolve."""
    path = context["request"].path
    current = get_language()
    urls = {}
    for code, _name in settings.LANGUAGES:
        url = path if code == current else translate_url(path, code)
        if url == path and code != current:
            return []
        urls[code] = absolute(url)
    default = {"code": "x-default", "url": urls[settings.LANGUAGE_CODE]}
    return [{"code": code, "url": url} for code, url in urls.items()] + [default]


@register.simple_tag(takes_context=True)
def canonical_url(context) -> str:
    """The page's own address on the public site, without the query string."""
    return absolute(context["request"].path)


@register.filter
def first_sentence(text: str) -> str:
    """The first sentence of a text, for a short description."""
    text = " ".join((text or "").split())
    match = re.match(r"(.+?[.!?])(\s|$)", text)
    return match.group(1) if match else text


class _CaptureNode(template.Node):
    def __init__(self, nodelist, name: str):
        self.nodelist, self.name = nodelist, name

    def render(self, context) -> str:
        context[self.name] = mark_safe(self.nodelist.render(context).strip())
        return ""


@register.tag
def capture(parser, token):
    """`{% capture as name %}…{% endcapture %}` renders its content once into `name`.

    The base template uses it to show a page's title and description blocks twice: in <title>
    and <meta name=description>, and again in the Open Graph tags (a block can appear only once).
    """
    bits = token.split_contents()
    if len(bits) != 3 or bits[1] != "as":
        raise template.TemplateSyntaxError("Use {% capture as name %}…{% endcapture %}")
    nodelist = parser.parse(("endcapture",))
    parser.delete_first_token()
    return _CaptureNode(nodelist, bits[2])
