"""The alerts' e-mail: what goes to whom, at once or in the weekly digest.

The tasks run in the worker (`manage.py db_worker`), never in a request. A mail that cannot be
sent for now is tried again by the same task (portal/emails.py), which skips whoever already
has theirs. A mail the server refuses for good (an SMTP 5xx answer) is not tried again; after
MAX_REFUSALS such refusals in a row the address and its subscriptions are deleted.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.tasks import task
from django.utils import timezone

from alerts import messages
from alerts.models import Alert, Subscriber, Subscription
from ideas.models import Comment, Idea, NextStep, StatusChange
from meetings.models import Meeting
from portal import emails

logger = logging.getLogger(__name__)

MAX_REFUSALS = 3
# A digest goes to an address at most once in this long, however often the command runs.
DIGEST_EVERY = timedelta(days=6)
Topic = Subscription.Topic
# The most specific subscription that covers a piece of news is the one its mail names.
_RANK = {Topic.IDEA: 0, Topic.GROUP: 1, Topic.MINUTES: 2, Topic.DECISIONS: 3}
_ALERT_RELATED = [
    "subscriber",
    "subscription__idea",
    "subscription__group",
    "status_change__idea",
    "status_change__meeting",
    "status_change__agenda_item__meeting",
    "status_change__corrects",
    "next_step__idea",
    "meeting__group",
    "comment__idea",
    "comment__organisation",
]


@task
def send_confirmation(
    subscription_id: int, *, frequency: str, comments: bool, language: str, attempt: int = 1
) -> None:
    """Mail the link that confirms a subscription, or say that the address already has it."""
    subscription = (
        Subscription.objects.select_related("subscriber", "idea", "group")
        .filter(pk=subscription_id)
        .first()
    )
    if subscription is None:
        return
    message = messages.confirmation(
        subscription, frequency=frequency, comments=comments, language=language
    )
    outcome = _deliver(message, subscription.subscriber, attempt)
    if outcome is emails.Outcome.TEMPORARY:
        emails.retry(
            send_confirmation,
            attempt,
            subscription_id,
            failed=_named([subscription.subscriber_id]),
            frequency=frequency,
            comments=comments,
            language=language,
        )


@task
def alert_status_change(change_id: int, attempt: int = 1) -> None:
    """Tell who follows the idea, its group or every decision about a new trail entry."""
    change = StatusChange.objects.select_related("idea").filter(pk=change_id).first()
    if change is None:
        return
    _alert(alert_status_change, change_id, attempt, _trail_of(change.idea), status_change=change)


@task
def alert_next_step(step_id: int, attempt: int = 1) -> None:
    """Tell whoever a status change of the idea would reach about a next step given on its
    own (one given with a status change is in that change's mail)."""
    step = NextStep.objects.select_related("idea").filter(pk=step_id).first()
    if step is None or step.status_change_id is not None:
        return
    _alert(alert_next_step, step_id, attempt, _trail_of(step.idea), next_step=step)


def _trail_of(idea: Idea) -> Q:
    """The subscriptions that cover the entries of an idea's trail."""
    return (
        Q(topic=Topic.IDEA, idea=idea.pk)
        | Q(topic=Topic.GROUP, group=idea.group_id)
        | Q(topic=Topic.DECISIONS)
    )


@task
def alert_minutes(meeting_id: int, attempt: int = 1) -> None:
    """Tell who follows the group, its minutes or every group's minutes about new minutes."""
    meeting = Meeting.objects.published().filter(pk=meeting_id).first()
    if meeting is None:
        return
    covering = Q(topic=Topic.GROUP, group=meeting.group_id) | Q(
        Q(group=meeting.group_id) | Q(group__isnull=True), topic=Topic.MINUTES
    )
    _alert(alert_minutes, meeting_id, attempt, covering, meeting=meeting)


@task
def alert_comment(comment_id: int, attempt: int = 1) -> None:
    """Tell who follows the idea or its group with the comments about a newly public one."""
    comment = (
        Comment.objects.select_related("idea")
        .filter(pk=comment_id, state=Comment.State.APPROVED)
        .first()
    )
    if comment is None:
        return
    covering = Q(topic=Topic.IDEA, idea=comment.idea_id) | Q(
        topic=Topic.GROUP, group=comment.idea.group_id
    )
    _alert(alert_comment, comment_id, attempt, covering & Q(comments=True), comment=comment)


@task
def send_weekly_digests(attempt: int = 1, subscriber_ids: list[int] | None = None) -> int:
    """Send each address that chose a weekly e-mail what it is owed, at most once in 6 days.

    Returns how many digests were sent; run again at once, it sends nothing.
    """
    waiting = Alert.objects.filter(in_digest=True, done_at__isnull=True)
    if subscriber_ids is not None:
        waiting = waiting.filter(subscriber_id__in=subscriber_ids)
    else:
        due = Q(subscriber__digest_sent_at__isnull=True) | Q(
            subscriber__digest_sent_at__lte=timezone.now() - DIGEST_EVERY
        )
        waiting = waiting.filter(due)
    sent, failed = 0, []
    for subscriber_id in (
        waiting.values_list("subscriber_id", flat=True).distinct().order_by("subscriber_id")
    ):
        with transaction.atomic():
            # Locked rows belong to a run in progress, which sends them.
            items = list(
                waiting.filter(subscriber_id=subscriber_id)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related(*_ALERT_RELATED)
            )
            if not items:
                continue
            subscriber = items[0].subscriber
            outcome = _deliver(messages.digest(subscriber, items), subscriber, attempt)
            if outcome is emails.Outcome.TEMPORARY and attempt < emails.MAX_ATTEMPTS:
                failed.append(subscriber_id)
                continue
            Alert.objects.filter(pk__in=[item.pk for item in items]).update(done_at=timezone.now())
            subscriber.digest_sent_at = timezone.now()
            subscriber.save(update_fields=["digest_sent_at"])
            sent += outcome is emails.Outcome.SENT
            _note(subscriber, outcome)
    if failed:
        emails.retry(send_weekly_digests, attempt, failed=_named(failed), subscriber_ids=failed)
    return sent


def _alert(retried, pk: int, attempt: int, covering: Q, **about) -> None:
    """Note what each confirmed subscriber covered by `covering` is owed, send those wanted at
    once, and try the failures again later."""
    _queue(Subscription.objects.confirmed().filter(covering), **about)
    failed = _send_each(Alert.objects.filter(in_digest=False, **about), attempt)
    if failed:
        emails.retry(retried, attempt, pk, failed=_named(failed))


def _queue(subscriptions, **about) -> None:
    """One alert per address, from its most specific subscription; a row already there (sent,
    or queued by an earlier run) is kept."""
    chosen: dict[int, Subscription] = {}
    rows = subscriptions.only("pk", "subscriber_id", "topic", "frequency")
    for subscription in sorted(rows, key=lambda each: (_RANK[each.topic], each.pk)):
        chosen.setdefault(subscription.subscriber_id, subscription)
    Alert.objects.bulk_create(
        [
            Alert(
                subscriber_id=subscriber_id,
                subscription=subscription,
                in_digest=subscription.frequency == Subscription.Frequency.WEEKLY,
                **about,
            )
            for subscriber_id, subscription in chosen.items()
        ],
        ignore_conflicts=True,
    )


def _send_each(alerts, attempt: int) -> list[int]:
    """Send each alert not yet done; return the subscribers to try again later."""
    failed = []
    for pk in alerts.filter(done_at__isnull=True).values_list("pk", flat=True):
        with transaction.atomic():
            # The lock keeps a second run of the same task from sending the same e-mail.
            item = (
                Alert.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related(*_ALERT_RELATED)
                .filter(pk=pk, done_at__isnull=True)
                .first()
            )
            if item is None:
                continue
            outcome = _deliver(messages.alert(item), item.subscriber, attempt)
            if outcome is emails.Outcome.TEMPORARY and attempt < emails.MAX_ATTEMPTS:
                failed.append(item.subscriber_id)
                continue
            item.done_at = timezone.now()
            item.save(update_fields=["done_at"])
            _note(item.subscriber, outcome)
    return failed


def _note(subscriber: Subscriber, outcome: emails.Outcome) -> None:
    """Count the server's refusals in a row; at MAX_REFUSALS the address is deleted."""
    if outcome is emails.Outcome.SENT:
        if subscriber.refusals:
            Subscriber.objects.filter(pk=subscriber.pk).update(refusals=0)
        return
    if outcome is not emails.Outcome.PERMANENT:
        return
    subscriber.refusals += 1
    if subscriber.refusals < MAX_REFUSALS:
        Subscriber.objects.filter(pk=subscriber.pk).update(refusals=subscriber.refusals)
        return
    logger.warning(
        "Ended the alerts of %s: the mail server refused %d e-mails in a row",
        subscriber,
        subscriber.refusals,
    )
    subscriber.delete()


def _deliver(message, subscriber: Subscriber, attempt: int) -> emails.Outcome:
    return emails.deliver(message, recipient=str(subscriber), attempt=attempt)


def _named(subscriber_ids: list[int]) -> str:
    """How the log names addresses: by id, never by the address."""
    return "subscribers " + ", ".join(str(pk) for pk in subscriber_ids)
