"""Diary numbers (diarienummer, "SN 2026/123"): the municipality's reference to a case in its
public diary, which ideas, their trail entries and meetings may carry.

The form differs between municipalities, so it is checked loosely: letters, digits, spaces and
/ - . : only. With DIARY_URL_TEMPLATE set, each number links to the public diary. The search
finds a number however it is typed ("sn 2026/123", "SN2026/123") through an index of its key.
"""

import re
from urllib.parse import quote

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower, Replace
from django.db.models.lookups import Exact
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

MAX_LENGTH = 50
# The same rule for the database's check constraints and the forms.
PATTERN = r"^([A-Za-zÅÄÖåäöÉéÜü0-9][A-Za-zÅÄÖåäöÉéÜü0-9 /.:-]*)?$"
MESSAGE = _(
    "Write the diary number with letters, digits, spaces and / - . : only, e.g. SN 2026/123."
)
HELP = _("The municipality's diary number, e.g. SN 2026/123. Public. Leave empty if there is none.")

validate = RegexValidator(PATTERN, MESSAGE, code="diary_number")


def constraint_condition(field: str = "diary_number") -> Q:
    return Q(**{f"{field}__regex": PATTERN})


def key(field: str = "diary_number") -> Lower:
    """The number as the search compares it: in lower case, without spaces."""
    return Lower(Replace(models.F(field), models.Value(" "), models.Value("")))


def index(table: str) -> models.Index:
    """The index of the numbers' keys; most rows have no number and are left out of it."""
    return models.Index(key(), name=f"{table}_diary_idx", condition=~Q(diary_number=""))


def carrying(typed: str, field: str = "diary_number") -> Q:
    """The rows whose number is `typed` (a search's words), as index() serves it; the database
    lowers both sides, so that its idea of upper and lower case is the only one."""
    typed = "".join(typed.split())
    return Q(Exact(key(field), Lower(models.Value(typed)))) & ~Q(**{field: ""})


def may_be_one(typed: str) -> bool:
    """Whether a search's words could be a diary number: of its form, with a digit."""
    typed = clean(typed)
    return (
        len(typed) <= MAX_LENGTH
        and re.fullmatch(PATTERN, typed) is not None
        and any(c.isdigit() for c in typed)
    )


def clean(number: str) -> str:
    """The number as stored: without spaces around it or doubled inside it."""
    return " ".join((number or "").split())


def url(number: str) -> str:
    """The number's page in the public diary, or "" when no diary is configured."""
    template = settings.DIARY_URL_TEMPLATE
    if not number or not template:
        return ""
    return template.replace("{number}", quote(number, safe=""))


def html(number: str) -> str:
    """The number, linked to the public diary when one is configured; "" when there is none."""
    if not number:
        return ""
    if address := url(number):
        return format_html('<a href="{}" class="diary-number">{}</a>', address, number)
    return format_html('<span class="diary-number">{}</span>', number)
