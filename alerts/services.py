"""Every act on the alerts: ask, confirm, change, end, and forget the unconfirmed.

Each is the only code that writes that state, in one transaction, and queues the e-mail it owes
(alerts/tasks.py says what). Views and commands call these.
"""

from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from alerts import tasks
from alerts.models import Subscriber, Subscription
from portal import emails


def normalised(email: str) -> str:
    return email.strip().lower()


def ask(*, email: str, topic: str, idea=None, group=None, frequency: str, comments: bool,
        language: str) -> None:  # fmt: skip
    """Someone asks for alerts about `topic` at `email`; a mail goes to the address.

    Whether the address is new, waits for confirmation or already has this subscription, the
    same statements run here (two upserts and the queued mail), so the answer and its time
    reveal nothing; the worker decides what the mail says (tasks.send_confirmation). The
    choices are not stored until the address's owner confirms them: a stranger cannot change
    what a subscriber chose.
    """
    with transaction.atomic():
        [subscriber] = Subscriber.objects.bulk_create(
            [Subscriber(email=normalised(email), language=language)],
            update_conflicts=True,
            unique_fields=["email"],
            update_fields=["email"],
        )
        [subscription] = Subscription.objects.bulk_create(
            [Subscription(subscriber=subscriber, topic=topic, idea=idea, group=group)],
            update_conflicts=True,
            unique_fields=["subscriber", "topic", "idea", "group"],
            update_fields=["topic"],
        )
        emails.queue(
            tasks.send_confirmation,
            subscription.pk,
            frequency=frequency,
            comments=comments,
            language=language,
        )


def confirm(subscription_id: int, *, frequency: str, comments: bool, language: str):
    """Start the subscription with the choices the confirmation link carries.

    Returns the subscription, or None when it is gone (ended, or unconfirmed for too long).
    Confirming again changes nothing, so that an old link cannot undo later choices.
    """
    with transaction.atomic():
        subscription = (
            Subscription.objects.select_for_update(of=("self",))
            .select_related("subscriber", "idea", "group")
            .filter(pk=subscription_id)
            .first()
        )
        if subscription is None or subscription.confirmed_at is not None:
            return subscription
        subscription.confirmed_at = timezone.now()
        subscription.frequency = frequency
        subscription.comments = comments and subscription.offers_comments
        subscription.save(update_fields=["confirmed_at", "frequency", "comments"])
        subscriber = subscription.subscriber
        subscriber.language = language
        subscriber.save(update_fields=["language"])
    return subscription


def change(subscription: Subscription, *, frequency: str, comments: bool) -> None:
    subscription.frequency = frequency
    subscription.comments = comments and subscription.offers_comments
    subscription.save(update_fields=["frequency", "comments"])


def end(subscriber_id: int, subscription_ids: list[int] | None = None) -> int:
    """End the address's subscriptions named (all without `subscription_ids`); an address left
    without any is deleted with everything it was owed. Returns how many ended."""
    with transaction.atomic():
        subscriptions = Subscription.objects.filter(subscriber_id=subscriber_id)
        if subscription_ids is not None:
            subscriptions = subscriptions.filter(pk__in=subscription_ids)
        ended, _by_model = subscriptions.delete()
        _forget_addresses_without_subscriptions(Subscriber.objects.filter(pk=subscriber_id))
    return ended


def delete_unconfirmed() -> int:
    """Delete the subscriptions not confirmed in time, and the addresses left without any.

    Returns how many addresses were deleted.
    """
    with transaction.atomic():
        Subscription.objects.unconfirmed_expired().delete()
        return _forget_addresses_without_subscriptions(Subscriber.objects.all())


def _forget_addresses_without_subscriptions(subscribers) -> int:
    has_any = Subscription.objects.filter(subscriber=OuterRef("pk"))
    _count, by_model = subscribers.filter(~Exists(has_any)).delete()
    return by_model.get(Subscriber._meta.label, 0)
