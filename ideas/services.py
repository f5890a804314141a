"""Every act that changes an idea's trail or its comments: one function each.

Each is the only code that writes that state, does it in one transaction and queues the e-mail
the act owes (ideas/tasks.py says what goes to whom). Views, the admin, commands and the API call
these; none of them writes a status, a comment's state or a report by itself.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ideas import signals, tasks
from ideas.models import (
    DECISIONS,
    Comment,
    CommentReport,
    Follow,
    Idea,
    NextStep,
    Status,
    StatusChange,
)
from portal import emails, privacy


def record_status_change(
    idea: Idea, *, recorded_by, next_step: dict | None = None, **fields
) -> StatusChange:
    """Append an entry to the idea's trail and make it the idea's current status.

    The only way a status changes: the entry and the idea's copy of it are written in one
    transaction, with the idea locked so two editors cannot interleave. The followers hear of it.
    A new status ends the current next step, unless `next_step` (text, by_body, planned_month)
    gives the next one with it; an entry that corrects another leaves the next step as it is.
    """
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        change = StatusChange(idea=locked, recorded_by=recorded_by, **fields)
        change.full_clean()
        change.save()
        emails.queue(tasks.notify_status_change, change.pk)
        signals.status_recorded.send(sender=StatusChange, change=change)
        locked.status = change.status
        locked.status_changed_on = change.decided_on
        if change.status in DECISIONS and (
            locked.first_decided_on is None or change.decided_on < locked.first_decided_on
        ):
            locked.first_decided_on = change.decided_on
        updated = ["status", "status_changed_on", "first_decided_on"]
        if next_step:
            _add_next_step(locked, recorded_by, status_change=change, **next_step)
            updated += ["next_step", "next_step_month"]
        elif change.corrects_id is None and locked.next_step_id is not None:
            locked.next_step, locked.next_step_month = None, None
            updated += ["next_step", "next_step_month"]
        locked.save(update_fields=updated)
    _copy_current(locked, idea)
    return change


def record_next_step(idea: Idea, *, recorded_by, text: str, by_body: str, planned_month):
    """Give the idea a new next step, on its own: an entry of the trail that becomes current.

    The followers hear of it as of a status change (one given with a status change is told in
    that change's e-mail).
    """
    with transaction.atomic():
        locked = Idea.objects.select_for_update().get(pk=idea.pk)
        step = _add_next_step(
            locked, recorded_by, text=text, by_body=by_body, planned_month=planned_month
        )
        emails.queue(tasks.notify_next_step, step.pk)
        signals.next_step_recorded.send(sender=NextStep, step=step)
        locked.save(update_fields=["next_step", "next_step_month"])
    _copy_current(locked, idea)
    return step


def _add_next_step(locked: Idea, recorded_by, **fields) -> NextStep:
    step = NextStep(idea=locked, recorded_by=recorded_by, **fields)
    step.full_clean()
    step.save()
    locked.next_step, locked.next_step_month = step, step.planned_month
    return step


def _copy_current(locked: Idea, idea: Idea) -> None:
    """What the services changed, onto the caller's copy of the idea."""
    idea.status, idea.status_changed_on = locked.status, locked.status_changed_on
    idea.first_decided_on = locked.first_decided_on
    idea.next_step_id, idea.next_step_month = locked.next_step_id, locked.next_step_month


def record_received(idea: Idea, *, recorded_by) -> StatusChange:
    """Start a new idea's trail: the proposal is received by its group."""
    return record_status_change(
        idea,
        recorded_by=recorded_by,
        status=Status.RECEIVED,
        decided_on=min(idea.raised_on, timezone.localdate()),
        decided_by=idea.group.name,
    )


def may_be_official(user) -> bool:
    """Staff without an organisation of their own write the department's official answers."""
    return user.is_staff and getattr(user, "representative", None) is None


def post_comment(
    idea: Idea, *, author, body: str, organisation=None, parent: Comment | None = None
) -> Comment:
    """Save a comment (checked by ideas.forms.CommentForm) and tell whoever must know.

    An official answer, or any comment when pre-moderation is off, is public at once and tells
    the writer of the comment it replies to; otherwise it waits for the moderators, who are told.
    """
    official = may_be_official(author)
    public = official or not settings.COMMENTS_PREMODERATION
    with transaction.atomic():
        comment = Comment.objects.create(
            idea=idea,
            parent=parent,
            author=author,
            organisation=None if official else organisation,
            is_official=official,
            body=body,
            state=Comment.State.APPROVED if public else Comment.State.PENDING,
        )
        if not public:
            emails.queue(tasks.notify_moderators, comment_id=comment.pk)
        else:
            signals.comment_approved.send(sender=Comment, comment=comment)
            if parent is not None:
                emails.queue(tasks.notify_reply, comment.pk)
    return comment


def withdraw_comment(comment: Comment) -> bool:
    """The writer takes back a comment that is waiting or public; False if it was neither."""
    if comment.state not in (Comment.State.PENDING, Comment.State.APPROVED):
        return False
    comment.state = Comment.State.WITHDRAWN
    comment.save(update_fields=["state"])
    return True


def report_comment(comment: Comment, *, reporter, reason: str) -> CommentReport:
    """A reader reports a public comment to the moderators, who are told."""
    with transaction.atomic():
        report = CommentReport.objects.create(comment=comment, reporter=reporter, reason=reason)
        emails.queue(tasks.notify_moderators, report_id=report.pk)
    return report


def comment_privacy_review(comment: Comment) -> privacy.Review:
    """The personal-data check of a comment's text (portal/privacy.py)."""
    return privacy.review(comment, [(_("The comment"), comment.body)])


def moderate_comments(comments, *, moderator, state: str, reason: str = "", confirm=()) -> int:
    """Approve or hide comments as a moderator; a reply that becomes public notifies its parent.

    Their reports count as handled. A comment its writer withdrew is left as it is (the database
    refuses to change it too). A comment in which the personal-data check finds a hit is
    approved only when `confirm` holds the key of each hit (the moderator's confirmation, kept
    with their name); otherwise it stays as it was. Returns how many comments were moderated.
    """
    comments = list(comments)
    with transaction.atomic():
        # The states as stored, not as a form may have set them on these objects; a comment
        # its writer took back stays withdrawn.
        stored = dict(
            Comment.objects.select_for_update()
            .filter(pk__in=[c.pk for c in comments])
            .values_list("pk", "state")
        )
        moderated = [c for c in comments if stored.get(c.pk) not in (None, Comment.State.WITHDRAWN)]
        if state == Comment.State.APPROVED:
            moderated = [c for c in moderated if _looked_at(c, moderator, set(confirm))]
        for comment in moderated:
            comment.state = state
            comment.hidden_reason = reason if state == Comment.State.HIDDEN else ""
            comment.moderated_at, comment.moderated_by = timezone.now(), moderator
            comment.full_clean(exclude=["author", "idea", "parent", "organisation"])
            comment.save()
            if state == Comment.State.APPROVED:
                signals.comment_approved.send(sender=Comment, comment=comment)
                if comment.parent_id:
                    emails.queue(tasks.notify_reply, comment.pk)
        CommentReport.objects.filter(comment__in=moderated).update(handled=True)
    return len(moderated)


def _looked_at(comment: Comment, moderator, confirm: set[str]) -> bool:
    """Whether every hit of the check in the comment is confirmed, counting `confirm`."""
    review = comment_privacy_review(comment)
    if review.pending_keys - confirm:
        return False
    if review.pending:
        privacy.confirm(comment, review, confirm, by=moderator)
    return True


def follow(idea: Idea, user) -> None:
    Follow.objects.get_or_create(user=user, idea=idea)


def unfollow(idea: Idea, user) -> None:
    Follow.objects.filter(user=user, idea=idea).delete()
