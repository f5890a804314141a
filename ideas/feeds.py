"""Atom feeds of the status trail: for the whole site, for one group's ideas and for one idea.

An entry is a change of status with its date, the body that decided and the explanation, and
the next step given with it; a next step given on its own is an entry of its own. Who recorded
an entry is staff data and stays out.
"""

from datetime import datetime, time

from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _

from directory.models import Group
from ideas.models import LONG_TEXTS, Idea, NextStep, StatusChange
from portal import search
from portal.feeds import FEED_ENTRIES, AtomFeed, tag_uri
from portal.http import absolute


def _trail(*, with_idea: bool = True):
    # Newest recorded first (entries are append-only, so the id follows the order they were
    # written in): an entry recorded late for an old decision still reaches the top of the feed,
    # with its decision's date as `published` and the recording as `updated`.
    # Without the generated search columns and the ideas' long texts, which no entry shows.
    # One idea's feed has its idea already (`with_idea=False`, see _of_one_idea).
    idea = ["idea"] if with_idea else []
    unread = [
        *search.columns(*idea, "meeting", "corrects"),
        *(f"idea__{field}" for field in LONG_TEXTS if with_idea),
    ]
    joined = [*idea, "meeting", "corrects", "next_step"]
    return StatusChange.objects.select_related(*joined).defer(*unread).order_by("-pk")


def _steps_alone(*, with_idea: bool = True):
    """The next steps given without a status change (the others are part of its entry)."""
    steps = NextStep.objects.filter(status_change=None).order_by("-pk")
    if not with_idea:
        return steps
    unread = [f"idea__{field}" for field in (*search.COLUMNS, *LONG_TEXTS)]
    return steps.select_related("idea").defer(*unread)


def _of_one_idea(idea: Idea) -> list:
    """One idea's latest entries, each given the idea itself: a join built fifty copies of it,
    about a tenth of the feed's cold time."""
    entries = _latest(
        _trail(with_idea=False).filter(idea=idea), _steps_alone(with_idea=False).filter(idea=idea)
    )
    for entry in entries:
        entry.idea = idea
    return entries


def _latest(changes, steps) -> list:
    """The latest FEED_ENTRIES entries of both kinds, the latest recorded first."""
    entries = [*changes[:FEED_ENTRIES], *steps[:FEED_ENTRIES]]
    return sorted(entries, key=lambda entry: entry.recorded_at, reverse=True)[:FEED_ENTRIES]


class StatusChangeFeed(AtomFeed):
    # Jinja2 (templates/jinja2/, see portal/jinja.py): 50 entries in Django's template
    # language were a third of a cold feed.
    description_template = "ideas/feeds/status_change_entry.html"

    def title(self) -> str:
        return _("What happens to the proposals – Öppna soc")

    def subtitle(self) -> str:
        return _("Every change of status of the ideas, with the date, who decided and why.")

    def link(self) -> str:
        return reverse("ideas:list")

    def items(self):
        return _latest(_trail(), _steps_alone())

    def get_context_data(self, **kwargs):
        change = kwargs["item"]
        if change.is_next_step:
            return {"obj": change}
        meeting = change.meeting
        if meeting is None or not meeting.is_published:
            return {"obj": change}
        return {
            "obj": change,
            "meeting": meeting,
            "meeting_url": absolute(meeting.get_absolute_url()),
        }

    def item_title(self, change: StatusChange | NextStep) -> str:
        if change.is_next_step:
            return _("%(idea)s: next step") % {"idea": change.idea.title}
        return _("%(idea)s: %(status)s") % {
            "idea": change.idea.title,
            "status": change.get_status_display(),
        }

    def item_link(self, change: StatusChange | NextStep) -> str:
        return change.get_absolute_url()

    def item_guid(self, change: StatusChange | NextStep) -> str:
        if change.is_next_step:
            return tag_uri(change.recorded_on, f"next-step/{change.pk}")
        return tag_uri(change.decided_on, f"status-change/{change.pk}")

    item_guid_is_permalink = False

    def item_pubdate(self, change: StatusChange | NextStep) -> datetime:
        """Published: the date of the decision, at midnight in Stockholm (a next step given on
        its own: when it was given)."""
        if change.is_next_step:
            return change.recorded_at
        return datetime.combine(change.decided_on, time.min)

    def item_updateddate(self, change: StatusChange) -> datetime:
        """Updated: when it reached the portal, so a decision recorded late for an earlier date
        is new to feed readers rather than filed among old entries."""
        return change.recorded_at

    def item_author_name(self, change: StatusChange | NextStep) -> str:
        return change.by_body if change.is_next_step else change.decided_by

    def item_categories(self, change: StatusChange | NextStep) -> list[str]:
        if change.is_next_step:
            return [_("Next step")]
        return [str(change.get_status_display())]


class GroupStatusChangeFeed(StatusChangeFeed):
    def get_object(self, request, slug: str) -> Group:
        return get_object_or_404(Group, slug=slug)

    def title(self, group: Group) -> str:
        return _("What happens to the proposals from %(group)s – Öppna soc") % {"group": group.name}

    def link(self, group: Group) -> str:
        return f"{reverse('ideas:list')}?grupp={group.slug}"

    def items(self, group: Group):
        return _latest(_trail().filter(idea__group=group), _steps_alone().filter(idea__group=group))


class IdeaStatusChangeFeed(StatusChangeFeed):
    def get_object(self, request, slug: str) -> Idea:
        return get_object_or_404(Idea, slug=slug)

    def title(self, idea: Idea) -> str:
        return _("What happens to “%(idea)s” – Öppna soc") % {"idea": idea.title}

    def subtitle(self, idea: Idea) -> str:
        return _("Every change of status of the idea, with the date, who decided and why.")

    def link(self, idea: Idea) -> str:
        return idea.get_absolute_url()

    def items(self, idea: Idea):
        return _of_one_idea(idea)
