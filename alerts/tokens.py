"""The links in the alerts' e-mail: signed, so that no password is needed and none can be forged.

- confirm: starts one subscription with the choices made in the form; valid UNCONFIRMED_DAYS.
- manage: the page of an address's subscriptions; valid while the address is kept.
- unsubscribe: ends the subscriptions it names (RFC 8058 one-click); valid while they exist.

A link names rows by id; a deleted address or subscription leaves its links leading nowhere.
"""

from datetime import timedelta

from django.core import signing

from alerts.models import UNCONFIRMED_DAYS

_CONFIRM = "alerts.confirm"
_MANAGE = "alerts.manage"
_UNSUBSCRIBE = "alerts.unsubscribe"


class BadLink(Exception):
    """A link that was changed, has expired or was made for something else."""


def confirm_token(subscription_id: int, *, frequency: str, comments: bool, language: str) -> str:
    payload = {"n": subscription_id, "f": frequency, "c": comments, "l": language}
    return signing.dumps(payload, salt=_CONFIRM, compress=True)


def read_confirm(token: str) -> dict:
    """{"n": subscription id, "f": frequency, "c": comments, "l": language}."""
    return _load(token, _CONFIRM, max_age=timedelta(days=UNCONFIRMED_DAYS))


def manage_token(subscriber_id: int) -> str:
    return signing.dumps(subscriber_id, salt=_MANAGE)


def read_manage(token: str) -> int:
    return _load(token, _MANAGE)


def unsubscribe_token(subscriber_id: int, subscription_ids: list[int]) -> str:
    return signing.dumps([subscriber_id, sorted(subscription_ids)], salt=_UNSUBSCRIBE)


def read_unsubscribe(token: str) -> tuple[int, list[int]]:
    subscriber_id, subscription_ids = _load(token, _UNSUBSCRIBE)
    return subscriber_id, subscription_ids


def _load(token: str, salt: str, max_age=None):
    try:
        return signing.loads(token, salt=salt, max_age=max_age)
    except (signing.BadSignature, ValueError, TypeError) as error:
        raise BadLink from error
