"""E-mail with one-time links, sent in the background so a slow mail server never holds up a page.

The link's token is made here, when the message is written, rather than passed in: it then never
lies in the task queue's table.
"""

from django.conf import settings
from django.contrib.auth.models import User
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from directory.models import Representative
from directory.tokens import invitation_tokens, password_reset_tokens
from portal import emails
from portal.http import absolute


def _one_time_link(user: User, url_name: str, tokens) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    return absolute(reverse(url_name, args=[uid, tokens.make_token(user)]))


def _message(template: str, context: dict, user: User):
    return emails.build(
        to=[user.email],
        subject=render_to_string(f"directory/email/{template}_subject.txt", context),
        template=f"directory/email/{template}.txt",
        context={"user": user, **context},
    )


@task
def send_invitation(representative_id: int, attempt: int = 1) -> None:
    """The invitation to choose a password, in Swedish, the portal's first language."""
    representative = Representative.objects.select_related("user").get(pk=representative_id)
    user = representative.user
    with emails.in_language():
        context = {
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "new_link_url": absolute(reverse("directory:password_reset")),
            "organisations": [o.name for o in representative.organisations.all()],
            "link": _one_time_link(user, "directory:invitation", invitation_tokens),
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
        }
        message = _message("invitation", context, user)
    who = emails.users([user.pk])
    if not emails.send(message, recipient=who, attempt=attempt):
        emails.retry(send_invitation, attempt, representative_id, failed=who)
        return
    Representative.objects.filter(pk=representative_id).update(invited_at=timezone.now())


@task
def send_password_reset(user_ids: list[int], language: str, attempt: int = 1) -> None:
    """A link to choose a new password, in the language the person asked in, to each account
    with the address asked for; none when it is no one's (queued all the same, see services)."""
    unsent = []
    for user in User.objects.filter(pk__in=user_ids).order_by("pk"):
        with emails.in_language(language):
            context = {
                "site_name": settings.SITE_NAME,
                "site_url": settings.SITE_URL,
                "link": _one_time_link(
                    user, "directory:password_reset_confirm", password_reset_tokens
                ),
                "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
            }
            message = _message("password_reset", context, user)
        if not emails.send(message, recipient=emails.users([user.pk]), attempt=attempt):
            unsent.append(user.pk)
    if unsent:
        emails.retry(send_password_reset, attempt, unsent, language, failed=emails.users(unsent))
