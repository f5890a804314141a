"""Reading settings from the environment: a bad value stops the start with a clear message
(ImproperlyConfigured) rather than a setting quietly falling back to something else."""

import os
import re

from django.core.exceptions import ImproperlyConfigured


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default)
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


def envrate(name: str, default: str) -> str:
    """A rate for django-ratelimit: "30/m" is 30 a minute, "0" no limit."""
    value = os.getenv(name, default).strip()
    if not re.fullmatch(r"0|\d+/\d*[smhd]", value):
        raise ImproperlyConfigured(f"{name} must be like 30/m (or 10/s, 100/h, 0), not {value!r}")
    return value


def envlist(name: str, default: str) -> list[str]:
    return [item.strip() for item in os.getenv(name, default).split(",") if item.strip()]


def addresses_per_group(name: str) -> dict[str, list[str]]:
    """ "slug=a@x.se b@x.se; other-slug=c@x.se": whom to remind of each group's minutes."""
    groups = {}
    for entry in filter(str.strip, os.getenv(name, "").split(";")):
        slug, _sep, addresses = entry.partition("=")
        if not _sep or not slug.strip() or not addresses.split():
            raise ImproperlyConfigured(f"{name} must be like 'group-slug=a@example.se; …'")
        groups[slug.strip()] = addresses.replace(",", " ").split()
    return groups
