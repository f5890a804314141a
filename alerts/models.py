"""E-mail alerts without an account: an address, what it asked to hear of, what it is owed.

The address is used for the alerts and nothing else: never shown on a page, never in the open
data, kept only while it has a subscription (an unconfirmed one for at most
UNCONFIRMED_DAYS days). Writes go through alerts/services.py and alerts/tasks.py.
"""

from datetime import timedelta

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Group
from ideas.models import Comment, Idea, NextStep, StatusChange
from meetings.models import Meeting

# An address that does not confirm within this many days is deleted (delete_unconfirmed_alerts).
UNCONFIRMED_DAYS = 7


class Subscriber(models.Model):
    """An e-mail address that asked for alerts."""

    # Lower-case, so that one address is one row whatever its spelling.
    email = models.EmailField(_("e-mail address"), max_length=254, unique=True)
    # The language of the page where the address last confirmed a subscription: its mail's.
    language = models.CharField(_("language"), max_length=8)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    # Sends the mail server refused for good, in a row; at MAX_REFUSALS the address is deleted.
    refusals = models.PositiveSmallIntegerField(default=0)
    digest_sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("subscriber")
        verbose_name_plural = _("subscribers")

    def __str__(self) -> str:
        # Never the address: it may reach a log or a page.
        return f"subscriber {self.pk}"


class SubscriptionQuerySet(models.QuerySet):
    def confirmed(self):
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed_expired(self):
        cutoff = timezone.now() - timedelta(days=UNCONFIRMED_DAYS)
        return self.filter(confirmed_at__isnull=True, created_at__lt=cutoff)


class Subscription(models.Model):
    """What an address wants to hear of, how often; nothing is sent before it is confirmed."""

    class Topic(models.TextChoices):
        IDEA = "idea", _("An idea")
        GROUP = "group", _("A group's ideas and minutes")
        DECISIONS = "decisions", _("Every decision")
        # With a group, that group's minutes; without one, every group's.
        MINUTES = "minutes", _("Minutes")

    class Frequency(models.TextChoices):
        IMMEDIATELY = "immediately", _("At once, one e-mail for each piece of news")
        WEEKLY = "weekly", _("One e-mail a week with everything")

    subscriber = models.ForeignKey(
        Subscriber, on_delete=models.CASCADE, related_name="subscriptions"
    )
    topic = models.CharField(_("what"), max_length=16, choices=Topic)
    idea = models.ForeignKey(Idea, on_delete=models.CASCADE, related_name="+", null=True)
    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="+", null=True)
    comments = models.BooleanField(_("new comments too"), default=False)
    frequency = models.CharField(
        _("how often"), max_length=16, choices=Frequency, default=Frequency.IMMEDIATELY
    )
    created_at = models.DateTimeField(_("asked for"), default=timezone.now)
    confirmed_at = models.DateTimeField(_("confirmed"), null=True, blank=True)

    objects = SubscriptionQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("subscription")
        verbose_name_plural = _("subscriptions")
        constraints = [
            models.CheckConstraint(
                condition=Q(topic="idea", idea__isnull=False, group__isnull=True)
                | Q(topic="group", idea__isnull=True, group__isnull=False)
                | Q(topic="decisions", idea__isnull=True, group__isnull=True)
                | Q(topic="minutes", idea__isnull=True),
                name="alerts_subscription_topic_has_its_target",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "topic", "idea", "group"],
                nulls_distinct=False,
                name="alerts_subscription_once",
            ),
        ]
        indexes = [
            models.Index(fields=["idea"], condition=Q(idea__isnull=False), name="alerts_sub_idea"),
            models.Index(
                fields=["group"], condition=Q(group__isnull=False), name="alerts_sub_group"
            ),
            models.Index(
                fields=["created_at"],
                condition=Q(confirmed_at__isnull=True),
                name="alerts_sub_unconfirmed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subscriber}: {self.topic} {self.idea_id or self.group_id or ''}".strip()

    @property
    def offers_comments(self) -> bool:
        """Only an idea's and a group's alerts can include the approved comments."""
        return self.topic in (self.Topic.IDEA, self.Topic.GROUP)

    def describe(self) -> str:
        """What it is about, in the active language, as the pages and the e-mail name it."""
        if self.topic == self.Topic.IDEA:
            return str(_("the idea “%(title)s”")) % {"title": self.idea.title}
        if self.topic == self.Topic.GROUP:
            return str(_("the ideas and minutes of %(group)s")) % {"group": self.group.name}
        if self.topic == self.Topic.DECISIONS:
            return str(_("every decision on every idea"))
        if self.group_id:
            return str(_("the minutes of %(group)s")) % {"group": self.group.name}
        return str(_("the minutes of every group"))


def _one_of(*fields: str) -> Q:
    """Exactly one of `fields` is set."""
    either = Q()
    for field in fields:
        either |= Q(**{f"{other}__isnull": other != field for other in fields})
    return either


class Alert(models.Model):
    """A piece of news an address is owed: a status change, a next step, minutes or a comment.

    One row per address and piece of news, so nobody hears of the same thing twice however
    many of their subscriptions cover it; `done_at` tells a retry or the next digest that it
    was sent (or given up on).
    """

    subscriber = models.ForeignKey(Subscriber, on_delete=models.CASCADE, related_name="alerts")
    # The subscription that asked for it: the e-mail's one-click link ends that one.
    subscription = models.ForeignKey(Subscription, on_delete=models.CASCADE, related_name="+")
    status_change = models.ForeignKey(
        StatusChange, on_delete=models.CASCADE, related_name="+", null=True
    )
    # A next step given on its own; one given with a status change is news of that change.
    next_step = models.ForeignKey(NextStep, on_delete=models.CASCADE, related_name="+", null=True)
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="+", null=True)
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="+", null=True)
    in_digest = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        constraints = [
            models.CheckConstraint(
                condition=_one_of("status_change", "next_step", "meeting", "comment"),
                name="alerts_alert_about_one_thing",
            ),
            models.UniqueConstraint(
                fields=["subscriber", "status_change"], name="alerts_alert_once_per_change"
            ),
            models.UniqueConstraint(
                fields=["subscriber", "next_step"], name="alerts_alert_once_per_next_step"
            ),
            models.UniqueConstraint(
                fields=["subscriber", "meeting"], name="alerts_alert_once_per_meeting"
            ),
            models.UniqueConstraint(
                fields=["subscriber", "comment"], name="alerts_alert_once_per_comment"
            ),
        ]
        indexes = [
            models.Index(
                fields=["subscriber"],
                condition=Q(in_digest=True, done_at__isnull=True),
                name="alerts_alert_digest_idx",
            )
        ]

    def __str__(self) -> str:
        about = self.status_change_id or self.next_step_id or self.meeting_id or self.comment_id
        return f"{self.subscriber}: {about}"
