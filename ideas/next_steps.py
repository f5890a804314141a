"""An idea's next steps: what will happen next, by which body, and in which month.

Each is a permanent entry of the idea's trail, as a status change is: the database refuses to
change or delete one (migration 0015), so a planned month that passed stays visible. The idea's
current next step is its latest, unless a later status change ended it
(ideas.services.record_status_change); `Idea.next_step` and `Idea.next_step_month` keep it.
"""

from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from portal import privacy, search
from portal.dates import zone


class NextStep(models.Model):
    """What will happen next with an idea, by whom and when: one permanent entry of its trail."""

    # By name: ideas/models.py imports this module, which imports nothing of it.
    idea = models.ForeignKey(
        "ideas.Idea", on_delete=models.PROTECT, related_name="next_steps", verbose_name=_("idea")
    )
    text = models.TextField(
        _("what happens next"),
        help_text=_("Public. For example: “The department prepares a proposal.”"),
    )
    by_body = models.CharField(
        _("by"),
        max_length=200,
        help_text=_(
            "The body that does it, e.g. the department (Förvaltningen) or the social services "
            "committee (Socialnämnden). Never a person's name."
        ),
    )
    planned_month = models.DateField(_("planned month"))
    # The status change it was given with, if any (the trail shows them together).
    status_change = models.OneToOneField(
        "ideas.StatusChange",
        on_delete=models.PROTECT,
        related_name="next_step",
        verbose_name=_("given with the status change"),
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
    # Found by the search (ideas/search.py), as the status changes' explanations are.
    search_vector = search.vector("text", "by_body")
    search_text = search.text("text", "by_body")
    is_next_step = True  # told apart from the status changes in the idea page's trail

    class Meta:
        ordering = ["-pk"]
        verbose_name = _("next step")
        verbose_name_plural = _("next steps")
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_month__day=1), name="ideas_nextstep_planned_month_first_day"
            ),
            models.CheckConstraint(
                condition=~Q(text__regex=r"^\s*$") & ~Q(by_body__regex=r"^\s*$"),
                name="ideas_nextstep_says_what_and_who",
            ),
        ]
        indexes = search.indexes("ideas_nextstep")

    def __str__(self) -> str:
        return f"{self.idea}: {self.text[:60]} ({self.planned_month:%Y-%m})"

    def get_absolute_url(self) -> str:
        return f"{self.idea.get_absolute_url()}#steg-{self.pk}"

    @property
    def recorded_on(self):
        return timezone.localtime(self.recorded_at, zone()).date()

    def clean(self):
        self.text, self.by_body = (self.text or "").strip(), (self.by_body or "").strip()
        errors = {}
        for field in ("text", "by_body"):
            if not getattr(self, field):
                errors[field] = _("Say what happens next and which body does it.")
        if self.planned_month:
            self.planned_month = self.planned_month.replace(day=1)
            if self.pk is None and self.planned_month < timezone.localdate().replace(day=1):
                errors["planned_month"] = _("The planned month cannot have passed already.")
        # Public, and about a body: what may identify a person has no place here.
        for field in ("text", "by_body"):
            if found := privacy.find(getattr(self, field)):
                errors[field] = _(
                    "This is public: take out what may identify a person (%(found)s)."
                ) % {"found": ", ".join(f"{hit.kind_label} {hit.text}" for hit in found)}
        if errors:
            raise ValidationError(errors)


def month_after(month):
    """The first day of the month after `month`: a next step is late from this day on."""
    return (month.replace(day=28) + timedelta(days=4)).replace(day=1)


def interleave(trail: list, steps) -> list:
    """An idea's trail as its page shows it (newest first, ideas.views.in_trail_order) with its
    next steps in it: one given with a status change just above that change, one given on its
    own where the day it was recorded puts it.

    Each next step gets `late_until`: the day the next entry came, if that was after its
    planned month; or, for the current one whose month has passed, `late_now`.
    """
    steps = list(steps)
    recorded = sorted(
        # A correction puts an old entry right; it is no news of what happens next.
        [(e.recorded_at, e) for e in trail if not e.corrects_id]
        + [(s.recorded_at, s) for s in steps],
        key=lambda pair: pair[0],
    )
    this_month = timezone.localdate().replace(day=1)
    for step in steps:
        after = [when for when, entry in recorded if when > step.recorded_at]
        due = month_after(step.planned_month)
        step.late_until = None
        step.late_now = not after and step.planned_month < this_month
        if after and (came := timezone.localtime(after[0], zone()).date()) >= due:
            step.late_until = came
    with_change = {s.status_change_id: s for s in steps if s.status_change_id}
    alone = sorted(
        (s for s in steps if not s.status_change_id),
        key=lambda s: (s.recorded_on, s.pk),
        reverse=True,
    )
    ordered = []
    for entry in trail:
        while alone and alone[0].recorded_on >= entry.decided_on:
            ordered.append(alone.pop(0))
        if entry.pk in with_change:
            ordered.append(with_change[entry.pk])
        ordered.append(entry)
    return ordered + alone
