from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.models import Group, Organisation

# Models of this app kept in modules of their own (they name this module's models by their
# labels), imported here so that Django finds them and `from ideas.models import …` does too.
from ideas.follows import Follow, Notification  # noqa: F401
from ideas.next_steps import NextStep  # noqa: F401
from portal import diary, search
from portal.links import link


class Status(models.TextChoices):
    RECEIVED = "received", _("Received")
    PREPARING = "preparing", _("Being prepared")
    DECIDED = "decided", _("Decided – will be carried out")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Carried out")
    REJECTED = "rejected", _("Will not be carried out")
    ON_HOLD = "on_hold", _("On hold")
    HANDED_OVER = "handed_over", _("Handed over")


# A proposal that is turned down, paused or passed on always gets a written reason.
NEEDS_EXPLANATION = [Status.REJECTED, Status.ON_HOLD, Status.HANDED_OVER]
# Every status past received and being prepared answers the proposal, for "days from received
# to first decision" (an idea may go straight to "in progress" when the decision is implied).
DECISIONS = [s for s in Status if s not in (Status.RECEIVED, Status.PREPARING)]
COMMENT_MAX_LENGTH = 2000

# Statuses that still owe the proposer an answer or a result.
OPEN = [Status.RECEIVED, Status.PREPARING, Status.DECIDED, Status.IN_PROGRESS]

# The database refuses TRUNCATE of the status trail unless a transaction runs this first: the
# deliberate switch of the benchmark loader and the tests' flushes (docs/security.md).
ALLOW_TRAIL_TRUNCATE = "SET LOCAL oppnasoc.allow_trail_truncate = on"


class Theme(models.Model):
    """What an idea is about, for example housing or the first contact with social services."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    slug = models.SlugField(_("address name"), max_length=100, unique=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")

    def __str__(self) -> str:
        return self.name


# An idea's long texts: its page shows them, no list or feed of ideas does.
LONG_TEXTS = ("problem", "proposal", "easy_read")


class IdeaQuerySet(models.QuerySet):
    def listed(self):
        """Without what no list of ideas shows: the texts and the search columns."""
        return self.defer(*LONG_TEXTS, *search.COLUMNS)

    def waiting(self, days: int = 90):
        """Ideas still open whose status has not changed for more than `days` days."""
        cutoff = timezone.localdate() - timedelta(days=days)
        return self.filter(status__in=OPEN, status_changed_on__lt=cutoff).order_by(
            "status_changed_on", "pk"
        )

    def late_next_steps(self, on: date | None = None):
        """Ideas whose current next step's planned month ended before `on` (today) with no
        new entry since, the longest overdue first (ideas_idea_next_step_idx serves it)."""
        on = on or timezone.localdate()
        return self.filter(next_step_month__lt=on.replace(day=1)).order_by("next_step_month", "pk")


def _status_display(self) -> str:
    """Django's get_status_display() without a dict of the choices built on every call (5 ms of
    a 50-entry feed); set in each model's own body, where Django looks before adding its own."""
    try:
        return str(Status(self.status).label)
    except ValueError:  # as Django's: an unknown value is shown as it is
        return self.status


class Idea(models.Model):
    """A proposal from a group, followed publicly from received to decided and done."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("address name"), max_length=200, unique=True)
    problem = models.TextField(_("the problem"), help_text=_("What does not work today?"))
    proposal = models.TextField(_("the proposal"), help_text=_("What should change?"))
    easy_read = models.TextField(
        _("easy-to-read summary"),
        blank=True,
        help_text=_(
            "A few short sentences in easy-to-read Swedish: common words, one thing in each "
            "sentence, no abbreviations. Shown first on the idea's page."
        ),
    )
    theme = models.ForeignKey(
        Theme, on_delete=models.PROTECT, related_name="ideas", verbose_name=_("theme")
    )
    group = models.ForeignKey(
        Group, on_delete=models.PROTECT, related_name="ideas", verbose_name=_("from the group")
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="ideas",
        verbose_name=_("proposed by"),
        null=True,
        blank=True,
    )
    raised_on = models.DateField(_("raised on"), default=date.today)
    open_for_comments = models.BooleanField(_("open for comments"), default=True)
    # Both are copies of the latest trail entry, written only by
    # ideas.services.record_status_change().
    status = models.CharField(
        _("status"), max_length=20, choices=Status, default=Status.RECEIVED, editable=False
    )
    status_changed_on = models.DateField(_("status changed on"), editable=False)
    get_status_display = _status_display
    # The day of the idea's first decision (the earliest entry with a status in DECISIONS), for
    # the progress page's figures without reading the trail; also written only by
    # record_status_change(), in the same transaction as the entry.
    first_decided_on = models.DateField(_("first decided on"), null=True, editable=False)
    diary_number = models.CharField(
        _("diary number"),
        max_length=diary.MAX_LENGTH,
        blank=True,
        default="",
        db_default="",  # for rows written by SQL (the benchmark's loader)
        validators=[diary.validate],
        help_text=diary.HELP,
    )
    # The current next step (ideas/next_steps.py) and its planned month, copies of the latest
    # next step unless a later status change ended it; written only by the services, in the
    # transaction of the entry. The month is here so the progress page finds the late ones
    # by an index of this table alone.
    next_step = models.ForeignKey(
        "ideas.NextStep",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("next step"),
        null=True,
        editable=False,
    )
    next_step_month = models.DateField(_("next step planned for"), null=True, editable=False)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    search_vector = search.vector("title", "problem", "proposal", "diary_number")
    search_text = search.text("title", "problem", "proposal", "diary_number")

    objects = IdeaQuerySet.as_manager()

    class Meta:
        ordering = ["-status_changed_on", "-pk"]
        verbose_name = _("idea")
        verbose_name_plural = _("ideas")
        indexes = [
            models.Index(fields=["-status_changed_on", "-id"], name="ideas_idea_changed_idx"),
            models.Index(fields=["-raised_on", "-id"], name="ideas_idea_raised_idx"),
            models.Index(fields=["status", "status_changed_on"], name="ideas_idea_status_idx"),
            # The list filtered by group or theme, newest change first, without a sort.
            models.Index(
                fields=["group", "-status_changed_on", "-id"], name="ideas_idea_group_changed_idx"
            ),
            models.Index(
                fields=["theme", "-status_changed_on", "-id"], name="ideas_idea_theme_changed_idx"
            ),
            models.Index(fields=["first_decided_on", "raised_on"], name="ideas_idea_decided_idx"),
            models.Index(
                fields=["next_step_month", "id"],
                condition=Q(next_step_month__isnull=False),
                name="ideas_idea_next_step_idx",
            ),
            *search.indexes("ideas_idea"),
            diary.index("ideas_idea"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=diary.constraint_condition(), name="ideas_idea_diary_number_form"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        if self.status_changed_on is None:
            self.status_changed_on = self.raised_on
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return link("ideas:detail", self.slug)

    @property
    def next_step_is_late(self) -> bool:
        return self.next_step_month is not None and self.next_step_month < (
            timezone.localdate().replace(day=1)
        )

    def clean(self):
        self.diary_number = diary.clean(self.diary_number)
        if self.raised_on and self.raised_on > timezone.localdate():
            raise ValidationError({"raised_on": _("An idea cannot be raised in the future.")})


_MOTIVATION_REQUIRED = _(
    "Write why: an explanation is required when a proposal will not be carried out, is put on "
    "hold or is handed over."
)


class StatusChange(models.Model):
    """One dated, public and permanent entry in an idea's status trail.

    The database refuses to update or delete entries (a trigger, see the migrations); a mistake
    is put right by a new entry that names the one it corrects.
    """

    idea = models.ForeignKey(
        Idea, on_delete=models.PROTECT, related_name="trail", verbose_name=_("idea")
    )
    status = models.CharField(_("new status"), max_length=20, choices=Status)
    get_status_display = _status_display
    decided_on = models.DateField(_("date of the decision"))
    decided_by = models.CharField(
        _("decided by"),
        max_length=200,
        help_text=_("The body that decided, e.g. the joint development group. Not a person."),
    )
    explanation = models.TextField(
        _("explanation"),
        blank=True,
        help_text=_(
            "Public. Required when the proposal is turned down, put on hold or handed over."
        ),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.PROTECT,
        related_name="status_changes",
        verbose_name=_("decided at the meeting"),
        null=True,
        blank=True,
    )
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem",
        on_delete=models.PROTECT,
        related_name="status_changes",
        verbose_name=_("agenda item"),
        null=True,
        blank=True,
    )
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        related_name="corrections",
        verbose_name=_("corrects the entry"),
        null=True,
        blank=True,
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now, editable=False)
    diary_number = models.CharField(
        _("diary number"),
        max_length=diary.MAX_LENGTH,
        blank=True,
        default="",
        db_default="",
        validators=[diary.validate],
        help_text=diary.HELP,
    )
    search_vector = search.vector("explanation", "diary_number")
    search_text = search.text("explanation", "diary_number")
    is_next_step = False  # the idea page's trail holds next steps too

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        constraints = [
            models.CheckConstraint(
                condition=~(Q(status__in=NEEDS_EXPLANATION) & Q(explanation__regex=r"^\s*$")),
                name="ideas_statuschange_motivation_required",
                violation_error_message=_MOTIVATION_REQUIRED,
            ),
            models.CheckConstraint(
                condition=diary.constraint_condition(), name="ideas_statuschange_diary_number_form"
            ),
        ]
        indexes = [
            models.Index(fields=["-decided_on", "-id"], name="ideas_change_decided_idx"),
            # A closed report's corrections recorded since its snapshot (reports/figures.py).
            models.Index(fields=["recorded_at"], name="ideas_change_recorded_idx"),
            *search.indexes("ideas_change"),
            diary.index("ideas_change"),
        ]

    def __str__(self) -> str:
        return f"{self.idea}: {self.get_status_display()} ({self.decided_on})"

    def get_absolute_url(self) -> str:
        return f"{self.idea.get_absolute_url()}#andring-{self.pk}"

    def clean(self):
        errors = {}
        self.diary_number = diary.clean(self.diary_number)
        if self.status in NEEDS_EXPLANATION and not self.explanation.strip():
            errors["explanation"] = _MOTIVATION_REQUIRED
        if self.decided_on and self.decided_on > timezone.localdate():
            errors["decided_on"] = _("The date of the decision cannot be in the future.")
        if self.agenda_item_id:
            if self.meeting_id is None:
                self.meeting_id = self.agenda_item.meeting_id
            elif self.agenda_item.meeting_id != self.meeting_id:
                errors["agenda_item"] = _("The agenda item belongs to another meeting.")
        if self.corrects_id and self.idea_id and self.corrects.idea_id != self.idea_id:
            errors["corrects"] = _("An entry can only correct an entry of the same idea.")
        if errors:
            raise ValidationError(errors)


class CommentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Approved, hidden and withdrawn comments (the last two as notes), and the user's own."""
        public = ~Q(state=Comment.State.PENDING)
        if user.is_authenticated:
            return self.filter(public | Q(author=user))
        return self.filter(public)


class Comment(models.Model):
    """A comment on an idea, for an organisation or as the department's official answer."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting for a moderator")
        APPROVED = "approved", _("Published")
        HIDDEN = "hidden", _("Hidden by a moderator")
        WITHDRAWN = "withdrawn", _("Withdrawn by the writer")

    idea = models.ForeignKey(
        Idea, on_delete=models.CASCADE, related_name="comments", verbose_name=_("idea")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        related_name="replies",
        verbose_name=_("reply to"),
        null=True,
        blank=True,
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("writer"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="comments",
        verbose_name=_("on behalf of"),
        null=True,
        blank=True,
    )
    is_official = models.BooleanField(_("official answer from the department"), default=False)
    body = models.TextField(_("comment"), max_length=COMMENT_MAX_LENGTH)
    state = models.CharField(_("state"), max_length=20, choices=State, default=State.PENDING)
    hidden_reason = models.CharField(_("reason for hiding"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("written"), default=timezone.now, editable=False)
    moderated_at = models.DateTimeField(_("moderated"), null=True, blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("moderated by"),
        null=True,
        blank=True,
        editable=False,
    )
    search_vector = search.vector("body")
    search_text = search.text("body")

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="hidden") | ~Q(hidden_reason__regex=r"^\s*$"),
                name="ideas_comment_hidden_reason_required",
                violation_error_message=_("Say why the comment is hidden: the reason is public."),
            ),
            models.CheckConstraint(
                condition=Q(is_official=True) | Q(organisation__isnull=False),
                name="ideas_comment_on_behalf_of_organisation",
            ),
        ]
        indexes = [
            models.Index(fields=["state", "created_at"], name="ideas_comment_queue_idx"),
            *search.indexes("ideas_comment"),
        ]

    def __str__(self) -> str:
        return f"{self.author} om {self.idea}: {self.body[:40]}"

    def get_absolute_url(self) -> str:
        """Its permanent address, which leads to the page of the discussion that shows it
        (ideas.views.comment_link; the threads are shown a page at a time), at the comment."""
        return f"{link('ideas:comment_link', self.pk)}#kommentar-{self.pk}"

    @property
    def is_public(self) -> bool:
        return self.state == self.State.APPROVED


class CommentReport(models.Model):
    """A representative's report that a comment breaks the rules, for the moderators."""

    comment = models.ForeignKey(
        Comment, on_delete=models.CASCADE, related_name="reports", verbose_name=_("comment")
    )
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("reported by"),
    )
    reason = models.TextField(_("reason"), max_length=1000)
    created_at = models.DateTimeField(_("reported"), default=timezone.now, editable=False)
    handled = models.BooleanField(_("handled"), default=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["comment", "reporter"], name="ideas_commentreport_once_per_person"
            )
        ]

    def __str__(self) -> str:
        return f"{self.comment}: {self.reason[:40]}"


class FigureQuerySet(models.QuerySet):
    def ideas(self, status: str | None = None) -> int:
        """How many ideas there are, or have `status`, as the figures keep it: not counted."""
        figures = self.filter(figure="status", **({"key": status} if status else {}))
        return figures.aggregate(ideas=models.Sum("ideas"))["ideas"] or 0


class Figure(models.Model):
    """The progress page's figures, kept by the database itself (migration 0012_figures).

    How many ideas have each status ("status"), were raised or first decided in each quarter
    ("raised", "decided", key the quarter's first day), and took each number of days to their
    first decision ("days"). Triggers on the idea table add and subtract what each statement
    changed, in its transaction; `ideas_figures_rebuild()` counts afresh (after a bulk load).
    """

    figure = models.CharField(max_length=16)
    key = models.CharField(max_length=32)
    ideas = models.IntegerField()

    objects = FigureQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["figure", "key"], name="ideas_figure_unique")
        ]

    def __str__(self) -> str:
        return f"{self.figure} {self.key}: {self.ideas}"
