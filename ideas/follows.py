"""Who follows an idea by e-mail, and the e-mail each is owed (ideas/tasks.py sends it)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class Follow(models.Model):
    """A user who wants e-mail when an idea's trail grows or someone answers them."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    idea = models.ForeignKey("ideas.Idea", on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("follower")
        verbose_name_plural = _("followers")
        constraints = [models.UniqueConstraint(fields=["user", "idea"], name="ideas_follow_once")]

    def __str__(self) -> str:
        return gettext("%(user)s follows %(idea)s") % {"user": self.user, "idea": self.idea}


class Notification(models.Model):
    """An e-mail a user is owed about a followed idea or a reply: sent at once, or in a digest.

    One row per user and status change, next step given on its own, or reply, so nobody hears
    of the same thing twice;
    `sent_at` tells a retry or a second digest run who already has it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    status_change = models.ForeignKey(
        "ideas.StatusChange", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    next_step = models.ForeignKey(
        "ideas.NextStep", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    reply = models.ForeignKey(
        "ideas.Comment", on_delete=models.CASCADE, related_name="+", null=True, blank=True
    )
    in_digest = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("e-mail notification")
        verbose_name_plural = _("e-mail notifications")
        constraints = [
            models.CheckConstraint(
                condition=Q(status_change__isnull=False, next_step__isnull=True, reply__isnull=True)
                | Q(status_change__isnull=True, next_step__isnull=False, reply__isnull=True)
                | Q(status_change__isnull=True, next_step__isnull=True, reply__isnull=False),
                name="ideas_notification_about_one_thing",
            ),
            models.UniqueConstraint(
                fields=["user", "status_change"], name="ideas_notification_once_per_change"
            ),
            models.UniqueConstraint(
                fields=["user", "next_step"], name="ideas_notification_once_per_next_step"
            ),
            models.UniqueConstraint(
                fields=["user", "reply"], name="ideas_notification_once_per_reply"
            ),
        ]
        indexes = [
            models.Index(
                fields=["user"],
                condition=Q(in_digest=True, sent_at__isnull=True),
                name="ideas_notification_digest_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.status_change or self.next_step or self.reply}"
