"""The alerts' e-mail, each in its subscriber's language, with its one-click unsubscribe.

Every message carries a link that ends what it is about (and, for mail clients, the
`List-Unsubscribe` and `List-Unsubscribe-Post` headers of RFC 8058 pointing at the same link)
and a link to the page where the address changes or ends all its subscriptions.
"""

from django.core.mail import EmailMessage
from django.urls import reverse
from django.utils.translation import gettext as _

from alerts import tokens
from alerts.models import UNCONFIRMED_DAYS, Alert, Subscriber, Subscription
from portal import emails
from portal.http import absolute


def confirmation(subscription: Subscription, *, frequency: str, comments: bool, language: str):
    """The mail that starts a subscription, or says the address already has it."""
    subscriber = subscription.subscriber
    with emails.in_language(language):
        about = subscription.describe()
        if subscription.confirmed_at is None:
            token = tokens.confirm_token(
                subscription.pk, frequency=frequency, comments=comments, language=language
            )
            subject = _("Confirm: e-mail about %(about)s") % {"about": about}
            template = "alerts/email/confirm.txt"
            context = {"confirm_link": _link("alerts:confirm", token), "days": UNCONFIRMED_DAYS}
        else:
            subject = _("You already get e-mail about %(about)s") % {"about": about}
            template = "alerts/email/already.txt"
            context = {}
        return _message(subscriber, [subscription], subject, template, {"about": about, **context})


def alert(item: Alert) -> EmailMessage:
    """One piece of news, sent at once."""
    subscription = item.subscription
    with emails.in_language(item.subscriber.language):
        context = {"about": subscription.describe(), "news": _news(item)}
        if item.status_change_id:
            change = item.status_change
            subject = _("“%(title)s”: %(status)s") % {
                "title": change.idea.title,
                "status": change.get_status_display(),
            }
        elif item.next_step_id:
            subject = _("“%(title)s”: new next step") % {"title": item.next_step.idea.title}
        elif item.meeting_id:
            subject = _("Minutes from %(group)s: %(meeting)s") % {
                "group": item.meeting.group.name,
                "meeting": item.meeting.title,
            }
        else:
            subject = _("New comment on “%(title)s”") % {"title": item.comment.idea.title}
        return _message(item.subscriber, [subscription], subject, "alerts/email/alert.txt", context)


def digest(subscriber: Subscriber, items: list[Alert]) -> EmailMessage:
    """The week's news in one mail; its one-click link ends the weekly subscriptions in it."""
    subscriptions = list({item.subscription_id: item.subscription for item in items}.values())
    with emails.in_language(subscriber.language):
        context = {
            "news": [_news(item) for item in items],
            "abouts": [subscription.describe() for subscription in subscriptions],
        }
        subject = _("This week's news you asked for")
        return _message(subscriber, subscriptions, subject, "alerts/email/digest.txt", context)


def _news(item: Alert) -> dict:
    if item.status_change_id:
        change = item.status_change
        meeting = change.meeting
        minutes = None
        if meeting is not None and meeting.is_published:
            cited = change.agenda_item if change.agenda_item_id else meeting
            minutes = absolute(cited.get_absolute_url())
        return {
            "change": change,
            "link": absolute(change.get_absolute_url()),
            "minutes_link": minutes,
        }
    if item.next_step_id:
        return {"step": item.next_step, "link": absolute(item.next_step.get_absolute_url())}
    if item.meeting_id:
        return {"meeting": item.meeting, "link": absolute(item.meeting.get_absolute_url())}
    return {"comment": item.comment, "link": absolute(item.comment.get_absolute_url())}


def _message(subscriber, subscriptions, subject, template, context) -> EmailMessage:
    unsubscribe = _link(
        "alerts:unsubscribe",
        tokens.unsubscribe_token(subscriber.pk, [each.pk for each in subscriptions]),
    )
    message = emails.build(
        to=[subscriber.email],
        subject=subject,
        template=template,
        context={
            "unsubscribe_link": unsubscribe,
            "manage_link": _link("alerts:manage", tokens.manage_token(subscriber.pk)),
            **context,
        },
    )
    message.extra_headers["List-Unsubscribe"] = f"<{unsubscribe}>"
    message.extra_headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    return message


def _link(name: str, token: str) -> str:
    return absolute(reverse(name, args=[token]))
