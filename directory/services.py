"""Every act on representatives' accounts that sends mail: one function each; what staff wrote
and could not save, kept; and organisations added to the directory from elsewhere than its
admin (the minutes import's attendees).

Each queues its mail with the change that owes it (portal.emails.queue), so a rolled-back
change never sends a link.
"""

import hashlib
import json
import secrets
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.http import QueryDict
from django.utils import timezone
from django.utils.text import slugify

from directory import tasks
from directory.models import KeptForm, Organisation, Representative
from portal import emails

# What staff wrote and could not save is kept this long, and at most this much of it.
KEPT_FOR = timedelta(hours=24)
KEPT_MAX_BYTES = 512 * 1024
# Never kept: the token is the old session's, and a new one comes with the login.
_NOT_KEPT = {"csrfmiddlewaretoken"}


def invite(representative: Representative) -> None:
    """Send the representative a link to choose a password; a link sent before stops working.

    Invitation links are signed over the account's password, which is unusable until one is
    chosen: a new unusable one ends every older link.
    """
    with transaction.atomic():
        user = representative.user
        if not user.has_usable_password():
            user.set_unusable_password()
            user.save(update_fields=["password"])
        emails.queue(tasks.send_invitation, representative.pk)


def organisation_named(name: str) -> Organisation:
    """The directory's organisation of this name, whatever its case, added when there is none.

    Added as staff add one from a meeting's attendee row: a user organisation (the model's
    default) whose address name is made of its name as the admin's form makes it, with a number
    after it when another organisation has that address. Checked before it is saved, so a name
    too long raises ValidationError rather than being cut.
    """
    name = " ".join(name.split())
    base = slugify(name)[:190] or "organisation"
    for _attempt in range(3):
        found = Organisation.objects.filter(name__iexact=name).first()
        if found is not None:
            return found
        slug, n = base, 1
        while Organisation.objects.filter(slug=slug).exists():
            n += 1
            slug = f"{base}-{n}"
        organisation = Organisation(name=name, slug=slug)
        # The lengths are checked here; the names' uniqueness by the database, on saving.
        organisation.full_clean(validate_unique=False)
        try:
            with transaction.atomic():  # a savepoint: the import's transaction goes on
                organisation.save()
        except IntegrityError:
            continue  # another editor added it (or took the address) meanwhile: look again
        return organisation
    raise IntegrityError(f"organisation {name!r} could not be added")


def send_password_reset(users, language: str) -> None:
    """Send a link to choose a new password to `users`, in the language the person asked in.

    Queued even when `users` is empty, so an address that is no one's costs the page the same
    work and time as one that is someone's: the answer tells nothing about who has an account.
    """
    emails.queue(tasks.send_password_reset, [user.pk for user in users], language)


def keep_posted_form(form: str, object_id: str, data: QueryDict) -> str | None:
    """Keep what was posted to an admin form after the session had ended; return the token the
    browser gets back, or None if it is too large to keep."""
    fields = _fields(data)
    if fields is None:
        return None
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        _forget_old()
        KeptForm.objects.create(
            token_hash=_hash(token),
            form=form,
            object_id=object_id,
            fields=fields,
            saved_at=timezone.now(),
        )
    return token


def posted_form(token: str, form: str, object_id: str) -> QueryDict | None:
    """What was kept under `token` for this form and object, if it has not expired."""
    kept = KeptForm.objects.filter(
        token_hash=_hash(token), form=form, object_id=object_id, saved_at__gt=_oldest()
    ).first()
    return None if kept is None else _query(kept.fields)


def forget_posted_form(token: str) -> None:
    """The kept form was saved: it is no longer needed."""
    KeptForm.objects.filter(token_hash=_hash(token)).delete()


def autosave(user, form: str, object_id: str, data: QueryDict) -> datetime | None:
    """Keep what `user` has typed so far in an admin form (one copy per user and form); return
    when, or None if it is too large to keep."""
    fields = _fields(data)
    if fields is None:
        return None
    now = timezone.now()
    with transaction.atomic():
        _forget_old()
        KeptForm.objects.update_or_create(
            user=user,
            form=form,
            object_id=object_id,
            defaults={"fields": fields, "saved_at": now},
        )
    return now


def autosaved(
    user, form: str, object_id: str, newer_than=None
) -> tuple[QueryDict, datetime] | None:
    """The autosaved copy of `user`'s form, and when it was saved, if it has not expired and is
    newer than `newer_than` (the object's last save)."""
    oldest = max(_oldest(), newer_than) if newer_than else _oldest()
    kept = KeptForm.objects.filter(
        user=user, form=form, object_id=object_id, saved_at__gt=oldest
    ).first()
    return None if kept is None else (_query(kept.fields), kept.saved_at)


def forget_autosave(user, form: str, object_id: str) -> None:
    """Thrown away, or the form was saved: the autosaved copy goes."""
    KeptForm.objects.filter(user=user, form=form, object_id=object_id).delete()


def _fields(data: QueryDict) -> list | None:
    fields = [[name, values] for name, values in data.lists() if name not in _NOT_KEPT]
    if len(json.dumps(fields).encode()) > KEPT_MAX_BYTES:
        return None
    return fields


def _query(fields: list) -> QueryDict:
    data = QueryDict(mutable=True)
    for name, values in fields:
        data.setlist(name, values)
    return data


def _hash(token: str) -> str:
    # Only the hash is stored: the table alone does not lead to anyone's text.
    return hashlib.sha256(token.encode()).hexdigest()


def _oldest() -> datetime:
    return timezone.now() - KEPT_FOR


def _forget_old() -> None:
    KeptForm.objects.filter(saved_at__lte=_oldest()).delete()


def posted_form_waiting(token: str) -> bool:
    return KeptForm.objects.filter(token_hash=_hash(token), saved_at__gt=_oldest()).exists()
