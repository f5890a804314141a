"""E-mail with one-time links, sent in the background so a slow mail server never holds up a page.

The link's token is made here, when the message is written, rather than passed in: it then never
lies in the task queue's table.
"""

from django.conf import settings
from django.contrib.auth.models import User
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import send_mail
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from directory.models import Representative


def _one_time_link(user: User, url_name: str) -> str:
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return settings.SITE_URL + reverse(url_name, args=[uid, token])


def _send(template: str, context: dict, to: str) -> None:
    subject = render_to_string(f"directory/email/{template}_subject.txt", context)
    body = render_to_string(f"directory/email/{template}.txt", context)
    send_mail(" ".join(subject.split()), body, None, [to])


@task
def send_invitation(representative_id: int) -> None:
    """The invitation to choose a password, in Swedish, the portal's first language."""
    representative = Representative.objects.select_related("user").get(pk=representative_id)
    user = representative.user
    with translation.override(settings.LANGUAGE_CODE):
        context = {
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "user": user,
            "new_link_url": settings.SITE_URL + reverse("directory:password_reset"),
            "organisations": [o.name for o in representative.organisations.all()],
            "link": _one_time_link(user, "directory:invitation"),
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
        }
        _send("invitation", context, user.email)
    Representative.objects.filter(pk=representative_id).update(invited_at=timezone.now())


@task
def send_password_reset(user_id: int, language: str) -> None:
    """A link to choose a new password, in the language the person asked in."""
    user = User.objects.get(pk=user_id)
    with translation.override(language):
        context = {
            "site_name": settings.SITE_NAME,
            "site_url": settings.SITE_URL,
            "user": user,
            "link": _one_time_link(user, "directory:password_reset_confirm"),
            "valid_days": settings.PASSWORD_RESET_TIMEOUT // (24 * 3600),
        }
        _send("password_reset", context, user.email)
