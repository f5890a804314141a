"""E-mail about followed ideas, replies and comments waiting for a moderator: what, to whom.

The tasks run in the worker (`manage.py db_worker`), never in a request. Each e-mail goes to one
recipient; one that cannot be sent is tried again later by the same task (portal/emails.py),
which skips the recipients who already have theirs.
"""

from functools import partial

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.db import transaction
from django.db.models import Q, Value
from django.db.models.functions import Coalesce
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from directory.models import Representative
from ideas.models import Comment, CommentReport, NextStep, Notification, StatusChange
from portal import emails, roles
from portal.http import absolute

User = get_user_model()


@task
def notify_status_change(change_id: int, attempt: int = 1) -> None:
    """Tell the idea's followers about a new entry in its trail, at once or in their digest."""
    change = StatusChange.objects.select_related("idea", "corrects").filter(pk=change_id).first()
    if change is None:
        return
    followers = User.objects.filter(follows__idea=change.idea_id)
    build = partial(_status_change_email, change)
    _notify(notify_status_change, change_id, attempt, followers, build, status_change=change)


@task
def notify_next_step(step_id: int, attempt: int = 1) -> None:
    """Tell the idea's followers about a next step given on its own, as of a status change (one
    given with a status change is in that change's e-mail)."""
    step = NextStep.objects.select_related("idea").filter(pk=step_id).first()
    if step is None or step.status_change_id is not None:
        return
    followers = User.objects.filter(follows__idea=step.idea_id)
    build = partial(_next_step_email, step)
    _notify(notify_next_step, step_id, attempt, followers, build, next_step=step)


@task
def notify_reply(comment_id: int, attempt: int = 1) -> None:
    """Tell a comment's writer that a reply to it is public, at once or in their digest."""
    reply = (
        Comment.objects.select_related("idea", "organisation", "parent")
        .filter(pk=comment_id, parent__isnull=False, state=Comment.State.APPROVED)
        .first()
    )
    if reply is None or reply.parent.author_id == reply.author_id:
        return
    writer = User.objects.filter(pk=reply.parent.author_id)
    _notify(notify_reply, comment_id, attempt, writer, partial(_reply_email, reply), reply=reply)


@task
def notify_moderators(
    comment_id: int | None = None,
    report_id: int | None = None,
    attempt: int = 1,
    user_ids: list[int] | None = None,
) -> None:
    """Tell the moderators that a comment waits for them or has been reported.

    The e-mail names the idea and links to the comment in the admin, but does not quote the
    comment or the report: they may hold personal details that should stay in the portal.
    `user_ids` limits a retry to the moderators whose e-mail failed.
    """
    report = None
    if report_id is not None:
        report = (
            CommentReport.objects.select_related("comment__idea")
            .filter(pk=report_id, handled=False)
            .first()
        )
        if report is None:
            return
        comment, actor_id = report.comment, report.reporter_id
    else:
        comment = (
            Comment.objects.select_related("idea")
            .filter(pk=comment_id, state=Comment.State.PENDING)
            .first()
        )
        if comment is None:
            return
        actor_id = comment.author_id

    moderators = (
        User.objects.filter(Q(groups__name=roles.MODERATOR) | Q(is_superuser=True))
        .filter(is_active=True)
        .exclude(email="")
        .exclude(pk=actor_id)
        .distinct()
        .order_by("pk")
    )
    if user_ids is not None:
        moderators = moderators.filter(pk__in=user_ids)
    failed = [
        moderator.pk
        for moderator in moderators
        if not _send(_moderation_email(comment, report, moderator), moderator, attempt)
    ]
    if failed:
        emails.retry(
            notify_moderators,
            attempt,
            failed=emails.users(failed),
            comment_id=comment_id,
            report_id=report_id,
            user_ids=failed,
        )


@task
def send_daily_digest(attempt: int = 1, user_ids: list[int] | None = None) -> int:
    """Send each user one e-mail with everything queued for them since their last digest.

    Returns how many digests were sent. Running it twice sends nothing the second time.
    `user_ids` limits a retry to the users whose digest failed.
    """
    waiting = Notification.objects.filter(in_digest=True, sent_at__isnull=True)
    if user_ids is not None:
        waiting = waiting.filter(user_id__in=user_ids)
    # Whoever has since chosen no e-mail, or cannot get any, is not sent what was queued.
    waiting.filter(
        Q(user__representative__notify=Representative.Notify.NEVER)
        | Q(user__is_active=False)
        | Q(user__email="")
    ).delete()

    sent, failed = 0, []
    for user_id in waiting.values_list("user_id", flat=True).distinct().order_by("user_id"):
        with transaction.atomic():
            # Locked rows belong to a run in progress, which sends them.
            items = list(
                waiting.filter(user_id=user_id)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related(
                    "user",
                    "status_change__idea",
                    "status_change__corrects",
                    "next_step__idea",
                    "reply__idea",
                    "reply__organisation",
                )
            )
            if not items:
                continue
            user = items[0].user
            if not _send(_digest_email(user, items), user, attempt):
                failed.append(user_id)
                continue
            Notification.objects.filter(pk__in=[item.pk for item in items]).update(
                sent_at=timezone.now()
            )
            sent += 1
    if failed:
        emails.retry(send_daily_digest, attempt, failed=emails.users(failed), user_ids=failed)
    return sent


def _notify(retried, pk: int, attempt: int, users, build, **subject) -> None:
    """Queue what `users` are owed about `subject`, send those wanted at once, retry failures."""
    _queue(users, **subject)
    failed = _send_each(Notification.objects.filter(in_digest=False, **subject), build, attempt)
    if failed:
        emails.retry(retried, attempt, pk, failed=emails.users(failed))


def _queue(users, **subject) -> None:
    """Note what each user is owed, unless they want no e-mail; a row already there is kept."""
    users = (
        users.filter(is_active=True)
        .exclude(email="")
        .order_by("pk")
        .annotate(
            notify=Coalesce("representative__notify", Value(Representative.Notify.IMMEDIATELY))
        )
    )
    Notification.objects.bulk_create(
        [
            Notification(user=user, in_digest=user.notify == Representative.Notify.DAILY, **subject)
            for user in users
            if user.notify != Representative.Notify.NEVER
        ],
        ignore_conflicts=True,
    )


def _send_each(notifications, build, attempt: int) -> list[int]:
    """Send each unsent notification's e-mail and mark it sent; return the users it failed for."""
    failed = []
    for pk in notifications.filter(sent_at__isnull=True).values_list("pk", flat=True):
        with transaction.atomic():
            # The lock keeps a second run of the same task from sending the same e-mail.
            notification = (
                Notification.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("user")
                .filter(pk=pk, sent_at__isnull=True)
                .first()
            )
            if notification is None:
                continue
            if not _send(build(notification.user), notification.user, attempt):
                failed.append(notification.user_id)
                continue
            notification.sent_at = timezone.now()
            notification.save(update_fields=["sent_at"])
    return failed


def _send(message: EmailMessage, user, attempt: int) -> bool:
    return emails.send(message, recipient=emails.users([user.pk]), attempt=attempt)


def _email(user, subject: str, template: str, context: dict) -> EmailMessage:
    account_link = absolute(reverse("directory:account"))
    return emails.build(
        to=[user.email],
        subject=subject,
        template=template,
        context={"user": user, "account_link": account_link, **context},
    )


def _status_change_email(change: StatusChange, user) -> EmailMessage:
    with emails.in_language():
        subject = _("“%(title)s”: %(status)s") % {
            "title": change.idea.title,
            "status": change.get_status_display(),
        }
        context = {"change": change, "link": absolute(change.get_absolute_url())}
        return _email(user, subject, "ideas/email/status_change.txt", context)


def _next_step_email(step: NextStep, user) -> EmailMessage:
    with emails.in_language():
        subject = _("“%(title)s”: new next step") % {"title": step.idea.title}
        context = {"step": step, "link": absolute(step.get_absolute_url())}
        return _email(user, subject, "ideas/email/next_step.txt", context)


def _reply_email(reply: Comment, user) -> EmailMessage:
    with emails.in_language():
        subject = _("New reply to your comment on “%(title)s”") % {"title": reply.idea.title}
        context = {"reply": reply, "link": absolute(reply.get_absolute_url())}
        return _email(user, subject, "ideas/email/reply.txt", context)


def _moderation_email(comment: Comment, report: CommentReport | None, user) -> EmailMessage:
    with emails.in_language():
        if report is None:
            subject = _("A comment waits for moderation: “%(title)s”")
        else:
            subject = _("A comment has been reported: “%(title)s”")
        context = {
            "comment": comment,
            "report": report,
            "link": absolute(reverse("admin:ideas_comment_change", args=[comment.pk])),
        }
        subject %= {"title": comment.idea.title}
        return _email(user, subject, "ideas/email/moderation.txt", context)


def _digest_email(user, items: list[Notification]) -> EmailMessage:
    with emails.in_language():
        changes = [
            {
                "change": item.status_change,
                "link": absolute(item.status_change.get_absolute_url()),
            }
            for item in items
            if item.status_change_id
        ]
        steps = [
            {"step": item.next_step, "link": absolute(item.next_step.get_absolute_url())}
            for item in items
            if item.next_step_id
        ]
        replies = [
            {"reply": item.reply, "link": absolute(item.reply.get_absolute_url())}
            for item in items
            if item.reply_id
        ]
        subject = _("News from %(site_name)s") % {"site_name": settings.SITE_NAME}
        context = {"changes": changes, "steps": steps, "replies": replies}
        return _email(user, subject, "ideas/email/digest.txt", context)
