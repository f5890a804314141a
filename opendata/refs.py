"""What every answer of the API writes the same way: addresses, coded values, times, and the
references from one object to another (enough to name it and to follow it)."""

from functools import lru_cache

from django.utils import timezone, translation

from directory.models import Group, Organisation
from ideas.models import Idea
from portal.http import absolute
from portal.links import link


def url(name: str, *args) -> str:
    return absolute(link(name, *args))


def html(obj) -> str:
    return absolute(obj.get_absolute_url())


def choice(code: str, choices) -> dict:
    return {"code": code, "label": label(choices, code, translation.get_language())}


@lru_cache(maxsize=64)
def label(choices, code: str, language: str) -> str:
    # A page of ideas names a status a thousand times.
    return str(choices(code).label)


def local(value) -> str | None:
    """An ISO 8601 time with its offset from UTC, in Stockholm time as the site shows it."""
    return timezone.localtime(value).isoformat() if value else None


def group_ref(group: Group) -> dict:
    return {
        "id": group.pk,
        "slug": group.slug,
        "name": group.name,
        "url": url("api:group", group.slug),
        "html_url": html(group),
    }


def organisation_ref(organisation: Organisation) -> dict:
    return {
        "id": organisation.pk,
        "slug": organisation.slug,
        "name": organisation.name,
        "url": url("api:organisation", organisation.slug),
        "html_url": html(organisation),
    }


def idea_ref(idea: Idea) -> dict:
    return {
        "id": idea.pk,
        "slug": idea.slug,
        "title": idea.title,
        "url": url("api:idea", idea.slug),
        "html_url": html(idea),
    }
