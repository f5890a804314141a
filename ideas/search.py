"""What the search finds of the ideas: every idea, trail entries with an explanation or a diary
number, next steps, public comments."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ideas.models import Comment, Idea, NextStep, StatusChange
from portal.search import Result, Source, register


def _diary(number: str) -> list[str]:
    """The diary number beside a hit's group, as staff wrote it."""
    return [number] if number else []


def _idea(idea: Idea, highlight) -> Result:
    return Result(
        highlight.title(idea.title),
        idea.get_absolute_url(),
        highlight.excerpt(idea.problem, idea.proposal),
        idea.raised_on,
        [idea.group.name, *_diary(idea.diary_number)],
        idea.get_status_display(),
        idea.status,
    )


def _change(change: StatusChange, highlight) -> Result:
    return Result(
        highlight.title(change.idea.title),
        change.get_absolute_url(),
        highlight.excerpt(change.explanation),
        change.decided_on,
        [change.decided_by, change.idea.group.name, *_diary(change.diary_number)],
        change.get_status_display(),
        change.status,
    )


def _step(step: NextStep, highlight) -> Result:
    return Result(
        highlight.title(step.idea.title),
        step.get_absolute_url(),
        highlight.excerpt(step.text),
        step.recorded_at,
        [step.by_body, step.idea.group.name],
    )


def _comment(comment: Comment, highlight) -> Result:
    return Result(
        highlight.title(_("Comment on “%(idea)s”") % {"idea": comment.idea.title}),
        comment.get_absolute_url(),
        highlight.excerpt(comment.body),
        comment.created_at,
        [comment.organisation.name if comment.organisation else _("The department")],
    )


register(
    Source(
        "idea",
        gettext_lazy("Idea"),
        "ideer",
        public=lambda: Idea.objects.all(),
        shown=lambda: Idea.objects.select_related("group"),
        result=_idea,
        group="group_id",
        year="raised_on__year",
        title="title",
        diary="diary_number",
    )
)
register(
    Source(
        "change",
        gettext_lazy("Decision"),
        "ideer",
        public=lambda: StatusChange.objects.exclude(explanation="", diary_number=""),
        shown=lambda: StatusChange.objects.select_related("idea__group", "meeting"),
        result=_change,
        group="idea__group_id",
        year="decided_on__year",
        diary="diary_number",
    )
)
register(
    Source(
        "step",
        gettext_lazy("Next step"),
        "ideer",
        public=lambda: NextStep.objects.all(),
        shown=lambda: NextStep.objects.select_related("idea__group"),
        result=_step,
        group="idea__group_id",
        year="planned_month__year",
    )
)
register(
    Source(
        "comment",
        gettext_lazy("Comment"),
        "kommentarer",
        public=lambda: Comment.objects.filter(state=Comment.State.APPROVED),
        shown=lambda: Comment.objects.select_related("idea__group", "organisation"),
        result=_comment,
        group="idea__group_id",
        year="created_at__year",
    )
)
