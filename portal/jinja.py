"""The Jinja2 environment for the few fragments that repeat hundreds of times on a page.

Django's template language costs about 0.4 ms to render one comment; an idea with 200 comments
spent 90 ms of a cold request on them. Jinja2 compiles a template to Python and renders the
same markup about ten times faster. Only such fragments are Jinja2 (templates/jinja2/, rendered
from a Django template by a tag); every page stays a Django template. The fragments translate
with `_("…")`, which `make messages` finds as it does in Django's templates, and fill in a
value with `_("… %(name)s")|format(name=…)`.
"""

from django.template import engines
from django.template.defaultfilters import linebreaks_filter
from django.utils.formats import date_format
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext
from jinja2 import Environment

from portal.links import link, settled
from portal.templatetags.portal import date, diary_number, month, timespan, urlize_some


def environment(**options) -> Environment:
    env = Environment(**{"keep_trailing_newline": True, **options})
    env.install_gettext_callables(gettext, ngettext, newstyle=False)
    env.globals.update(
        link=link, date=date, month=month, timespan=timespan, diary_number=diary_number
    )
    env.filters.update(
        urlize_some=urlize_some, linebreaks=linebreaks_filter, date_format=date_format
    )
    return env


def fragment(name: str, context, **values) -> str:
    """The Jinja2 fragment `name` of templates/jinja2/, for a tag of a Django template:
    `values` are its context, and the Django template's request gives it the CSRF token."""
    template = engines["jinja2"].get_template(name)
    with settled():  # a fragment links hundreds of objects, all in one language
        html = template.render(values, context.get("request"))
    return mark_safe(html)  # Jinja2 escaped every value: autoescape is on
