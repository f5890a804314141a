import re
from datetime import date
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django_htmx.http import HttpResponseClientRedirect

from directory.models import Group, Organisation
from ideas import services
from ideas.discussion import comment_address, comment_page, page_of_threads
from ideas.forms import CommentForm, IdeaFilterForm, ReportForm
from ideas.models import Comment, Figure, Idea, NextStep, Status, StatusChange, Theme
from ideas.next_steps import interleave
from portal import search
from portal.http import HttpRequest, cached_from, limited, paginate, reads_query

IDEAS_PER_PAGE = 20
WAITING_DAYS = 90
WAITING_SHOWN = 20
LATE_SHOWN = 20
ORDERS = {
    "andrad": ("-status_changed_on", "-pk"),
    "nyast": ("-raised_on", "-pk"),
    "aldst": ("status_changed_on", "pk"),
}
QUARTERS_SHOWN = 8
# What an idea's page shows of its trail: the entry, where it was decided, what it corrects.
TRAIL_COLUMNS = (
    "idea", "status", "decided_on", "decided_by", "explanation", "corrects", "meeting",
    "agenda_item", "meeting__title", "meeting__slug", "meeting__starts_at", "meeting__status",
    "corrects__status", "corrects__decided_on", "recorded_at", "diary_number",
)  # fmt: skip


def _having_ideas(model, field: str):
    """The groups, themes or organisations that have an idea, as (slug, name), by name.

    One index probe per row of the small table (EXISTS), not a DISTINCT over the join with
    every idea: at 100,000 ideas the difference is 0.2 s on every cold /ideer/.
    """
    has_idea = Exists(Idea.objects.filter(**{field: OuterRef("pk")}))
    return model.objects.filter(has_idea).order_by("name").only("slug", "name")


def _median_days(ideas_per_days: dict[int, int]) -> float | None:
    """The median of a histogram {days: ideas}, as percentile_cont(0.5) gives it: the middle
    value, or halfway between the two middle values."""
    total = sum(ideas_per_days.values())
    if not total:
        return None
    low_at, high_at = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for days in sorted(ideas_per_days):
        seen += ideas_per_days[days]
        if low is None and seen > low_at:
            low = days
        if seen > high_at:
            high = days
            break
    return (low + high) / 2


def _get_idea(slug: str) -> Idea:
    # Only what the trail shows (templates/jinja2/ideas/trail.html): each entry's meeting and
    # agenda item came whole, two meetings an entry with every date and text of each, and
    # reading them was a third of a cold page. An agenda item is only an anchor on its
    # meeting's page (StatusChange.clean keeps it on the entry's meeting), so neither it nor
    # its meeting is read again.
    trail = StatusChange.objects.select_related("meeting", "corrects").only(*TRAIL_COLUMNS)
    steps = NextStep.objects.only(
        "idea", "text", "by_body", "planned_month", "status_change", "recorded_at"
    )
    ideas = (
        Idea.objects.select_related("group", "theme", "organisation")
        .defer(*search.COLUMNS)
        .prefetch_related(Prefetch("trail", queryset=trail), Prefetch("next_steps", steps))
    )
    return get_object_or_404(ideas, slug=slug)


@cached_from("ideas", "groups", "organisation-names")
@reads_query(sida="1", status="", grupp="", tema="", organisation="", visa="", ordning="andrad")
@require_GET
@limited("pages")
def idea_list(request: HttpRequest):
    choices = {
        "grupp": list(_having_ideas(Group, "group")),
        "tema": list(_having_ideas(Theme, "theme")),
        "organisation": list(_having_ideas(Organisation, "organisation")),
    }
    form = IdeaFilterForm(
        request.GET,
        groups=choices["grupp"],
        themes=choices["tema"],
        organisations=choices["organisation"],
    )
    if not form.is_valid():
        raise Http404("Unknown filter value")
    filters = form.cleaned_data
    ideas = Idea.objects.listed().select_related("group", "theme")
    if filters["status"]:
        ideas = ideas.filter(status=filters["status"])
    # By id, from the choices already read: a filter on the joined slug hid from the planner
    # which group it was, and it walked every idea instead of the group's index.
    fields = {"grupp": "group", "tema": "theme", "organisation": "organisation"}
    for parameter, field in fields.items():
        if filters[parameter]:
            chosen = next(c for c in choices[parameter] if c.slug == filters[parameter])
            ideas = ideas.filter(**{f"{field}_id": chosen.pk})
    if filters["visa"] == "vantar":
        ideas = ideas.waiting(WAITING_DAYS)
    elif filters["visa"] == "forsenat":
        ideas = ideas.late_next_steps().select_related("next_step")
    ideas = ideas.order_by(*ORDERS[filters["ordning"] or "andrad"])
    count = None
    if not filters["visa"] and not any(filters[parameter] for parameter in fields):
        # All ideas, or those of one status: the database keeps the figure (Figure), so
        # 100,000 ideas need not be counted on every cold /ideer/.
        count = Figure.objects.ideas(filters["status"] or None)
    page = paginate(request, ideas, IDEAS_PER_PAGE, count=count, by_ids=True)
    template = "ideas/idea_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    context = {"form": form, "page": page, "show_next_step": filters["visa"] == "forsenat"}
    return render(request, template, context)


def in_trail_order(entries) -> list["StatusChange"]:
    """An idea's trail as its page shows it: the latest decision first, by the date it was taken.

    An entry recorded today for a decision taken earlier goes where that date puts it; on the
    same day the later recorded comes first. A correction stands just above the entry it
    corrects (the newest correction first), wherever its own date would put it.
    """
    entries = list(entries)
    by_pk = {entry.pk: entry for entry in entries}

    def original(entry):
        while entry.corrects_id in by_pk:
            entry = by_pk[entry.corrects_id]
        return entry

    roots, corrections = [], {}
    for entry in entries:
        if (root := original(entry)) is entry:
            roots.append(entry)
        else:
            corrections.setdefault(root.pk, []).append(entry)
    ordered = []
    for root in sorted(roots, key=lambda entry: (entry.decided_on, entry.pk), reverse=True):
        ordered += sorted(corrections.get(root.pk, []), key=lambda entry: entry.pk, reverse=True)
        ordered.append(root)
    return ordered


def _reply_to(idea: Idea, comment_id: str | None) -> Comment | None:
    """The published top-level comment a reply answers; replies go one level deep only."""
    if not comment_id:
        return None
    # Not isdigit(): "²" is a digit to it but no number to int(), nor are 5,000 nines.
    if not re.fullmatch(r"[0-9]{1,18}", comment_id):
        raise Http404("No such comment")
    return get_object_or_404(
        Comment, pk=comment_id, idea=idea, parent=None, state=Comment.State.APPROVED
    )


def _may_comment(user) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    representative = getattr(user, "representative", None)
    return representative is not None and representative.organisations.exists()


def _render_idea(
    request: HttpRequest,
    idea: Idea,
    *,
    form=None,
    parent=None,
    may_comment: bool | None = None,
    status=200,
    part="",
    announce="",
    focus_comment: int | None = None,
    comments_page: int | str | None = None,
):
    """The idea page, or one of its partials for htmx (`part` is "comments" or "follow").

    Views that already know whether the user may comment pass `may_comment`, so the question
    costs one query a request. After an htmx action, screen readers read out `announce`, and
    the comment `focus_comment` gets the focus. `comments_page`: which page of the comment
    threads; the first by default.
    """
    user = request.user
    if may_comment is None:
        may_comment = _may_comment(user)
    if form is None and idea.open_for_comments and may_comment:
        form = CommentForm(user=user, idea=idea, parent=parent)
    trail = in_trail_order(idea.trail.all())
    steps = list(idea.next_steps.all())
    context = {
        "idea": idea,
        "next_step": next((s for s in steps if s.pk == idea.next_step_id), None),
        "trail": interleave(trail, steps),
        "corrected": {entry.corrects_id for entry in trail if entry.corrects_id},
        "discussed": _discussed_at(idea),
        "comments": page_of_threads(idea, user, comments_page),
        "form": form,
        "reply_to": parent,
        "following": user.is_authenticated and idea.follows.filter(user=user).exists(),
        "announce": announce,
        "focus_comment": focus_comment,
    }
    template = "ideas/idea_detail.html" + (f"#{part}" if part else "")
    return render(request, template, context, status=status)


def _discussed_at(idea: Idea):
    """The published meetings that discussed the idea, each once, with its first agenda item
    that did: an item cites the idea (AgendaItem.ideas) or a decision on the idea names the item
    (StatusChange.agenda_item), so the editor makes either link, not both. One query."""
    # Ideas must not import the meetings app: the agenda items' model comes through the relation.
    # The items' ids as one UNION: an OR of the two sets made PostgreSQL test every published
    # meeting's items against both (47 ms at a city's 100,000 items; 1 ms by id).
    items = idea.agenda_items.model.objects
    cited = idea.agenda_items.through.objects.filter(idea=idea).values("agendaitem_id")
    decided = idea.trail.filter(agenda_item__isnull=False).values("agenda_item")
    return (
        items.filter(pk__in=cited.union(decided))
        .filter(meeting__status="published")
        .select_related("meeting")
        .only("heading", "meeting__title", "meeting__slug", "meeting__starts_at")
        .order_by("-meeting__starts_at", "meeting_id", "position", "pk")
        .distinct("meeting__starts_at", "meeting_id")
    )


def _login_first(request: HttpRequest, next_url: str):
    login = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': next_url})}"
    return HttpResponseClientRedirect(login) if request.htmx else redirect(login)


@cached_from("ideas", "groups", "organisation-names", "comments", "people", "meetings")
@reads_query(svara=None, sida="1")
@require_GET
@limited("pages")
def idea_detail(request: HttpRequest, slug: str):
    idea = _get_idea(slug)
    may_comment = _may_comment(request.user)
    parent = _reply_to(idea, request.GET.get("svara")) if may_comment else None
    return _render_idea(
        request, idea, parent=parent, may_comment=may_comment, comments_page=request.GET.get("sida")
    )


@require_GET
def comment_link(request: HttpRequest, pk: int):
    """A comment's permanent address (search results link it): the page of its idea that
    shows it, whichever page that is by now."""
    comment = get_object_or_404(
        Comment.objects.visible_to(request.user).select_related("idea", "parent"), pk=pk
    )
    return redirect(comment_address(comment, request.user))


@require_POST
def comment_create(request: HttpRequest, slug: str):
    idea = _get_idea(slug)
    if not request.user.is_authenticated:
        return _login_first(request, idea.get_absolute_url())
    if not _may_comment(request.user):
        raise PermissionDenied("Only representatives of user organisations and staff comment.")
    parent = _reply_to(idea, request.POST.get("parent"))
    form = CommentForm(request.POST, user=request.user, idea=idea, parent=parent)
    if not form.is_valid():
        status = 429 if form.rate_limited else 422
        part = "comments" if request.htmx else ""
        page = comment_page(parent, request.user) if parent else None
        return _render_idea(
            request,
            idea,
            form=form,
            parent=parent,
            may_comment=True,
            status=status,
            part=part,
            comments_page=page,
        )
    comment = services.post_comment(
        idea,
        author=request.user,
        body=form.cleaned_data["body"],
        organisation=form.cleaned_data.get("organisation"),
        parent=parent,
    )
    if request.htmx:
        if comment.state == Comment.State.PENDING:
            announce = _("Your comment was sent. It is shown when a moderator has read it.")
        else:
            announce = _("Your comment was published.")
        return _render_idea(
            request,
            idea,
            may_comment=True,
            part="comments",
            announce=announce,
            comments_page=comment_page(comment, request.user),
        )
    return redirect(comment_address(comment, request.user))


@require_POST
def comment_withdraw(request: HttpRequest, pk: int):
    comment = get_object_or_404(Comment.objects.select_related("idea"), pk=pk)
    if not request.user.is_authenticated:
        return _login_first(request, comment.get_absolute_url())
    if comment.author_id != request.user.pk:
        raise PermissionDenied("Only the writer can withdraw a comment.")
    services.withdraw_comment(comment)
    if request.htmx:
        return _render_idea(
            request,
            _get_idea(comment.idea.slug),
            part="comments",
            announce=_("Your comment was withdrawn."),
            focus_comment=comment.pk,
            comments_page=comment_page(comment, request.user),
        )
    return redirect(comment_address(comment, request.user))


@require_http_methods(["GET", "POST"])
def comment_report(request: HttpRequest, pk: int):
    comment = get_object_or_404(
        Comment.objects.select_related("idea", "author", "organisation"),
        pk=pk,
        state=Comment.State.APPROVED,
    )
    if not request.user.is_authenticated:
        return _login_first(request, request.get_full_path())
    if comment.reports.filter(reporter=request.user).exists():
        messages.info(request, _("You have already reported this comment. Thank you."))
        return redirect(comment_address(comment, request.user))
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.report_comment(comment, reporter=request.user, reason=form.cleaned_data["reason"])
        messages.success(request, _("Thank you. A moderator will look at the comment."))
        return redirect(comment_address(comment, request.user))
    status = 422 if form.errors else 200
    return render(
        request, "ideas/comment_report.html", {"comment": comment, "form": form}, status=status
    )


@require_POST
def follow(request: HttpRequest, slug: str):
    idea = _get_idea(slug)
    if not request.user.is_authenticated:
        return _login_first(request, idea.get_absolute_url())
    if request.POST.get("folj") == "nej":
        services.unfollow(idea, request.user)
    else:
        services.follow(idea, request.user)
    if request.htmx:
        return _render_idea(request, idea, part="follow")
    return redirect(idea.get_absolute_url())


def _quarters(count: int) -> list[date]:
    """The first days of the last `count` quarters, oldest first, this quarter last."""
    today = timezone.localdate()
    index = today.year * 4 + (today.month - 1) // 3
    return [date(i // 4, (i % 4) * 3 + 1, 1) for i in range(index - count + 1, index + 1)]


def _quarter_name(quarter: date) -> str:
    return _("Q%(quarter)d") % {"quarter": (quarter.month + 2) // 3}


# The charts are drawn in a narrow SVG (320 units wide) so that their text stays readable when
# the chart shrinks to a phone's width; CSS caps how wide they grow on a large screen.


def _status_chart(counts: dict) -> list[dict]:
    """One labelled bar per status, 36 units apart; widths 0-260."""
    top = max(counts.values(), default=0) or 1
    return [
        {"value": value, "label": label, "count": counts.get(value, 0), "y": 36 * i,
         "width": round(260 * counts.get(value, 0) / top)}
        for i, (value, label) in enumerate(Status.choices)
    ]  # fmt: skip


def _quarter_chart(quarters: list[date], raised: dict, decided: dict) -> list[dict]:
    """Two columns a quarter, 40 units apart; heights 0-150 from a baseline at y=160."""
    top = max([*raised.values(), *decided.values()], default=0) or 1
    columns = []
    for i, quarter in enumerate(quarters):
        r, d = raised.get(quarter, 0), decided.get(quarter, 0)
        raised_height, decided_height = round(150 * r / top), round(150 * d / top)
        columns.append(
            {"year": quarter.year, "quarter": _quarter_name(quarter), "raised": r, "decided": d,
             "x": 4 + 40 * i,
             "raised_height": raised_height, "raised_y": 160 - raised_height,
             "decided_height": decided_height, "decided_y": 160 - decided_height}
        )  # fmt: skip
    return columns


@cached_from("ideas", "groups")
@reads_query()
@require_GET
@limited("pages")
def progress(request: HttpRequest):
    """ "Vad händer med förslagen?": the figures for all ideas, in a fixed number of queries."""
    # The figures are kept by the database as ideas change (Figure), so the page reads a few
    # hundred small rows however many ideas there are.
    quarters = _quarters(QUARTERS_SHOWN)
    figures: dict[str, dict[str, int]] = {"status": {}, "raised": {}, "decided": {}, "days": {}}
    for figure, key, ideas in Figure.objects.exclude(
        figure__in=["raised", "decided"], key__lt=quarters[0].isoformat()
    ).values_list("figure", "key", "ideas"):
        figures[figure][key] = ideas
    counts = figures["status"]
    raised_per_quarter = {date.fromisoformat(k): n for k, n in figures["raised"].items()}
    decided_per_quarter = {date.fromisoformat(k): n for k, n in figures["decided"].items()}
    median = _median_days({int(days): n for days, n in figures["days"].items()})
    waiting = Idea.objects.waiting(WAITING_DAYS).listed().select_related("group", "theme")
    late = Idea.objects.late_next_steps().listed().select_related("group", "theme", "next_step")
    return render(
        request,
        "ideas/progress.html",
        {
            "statuses": _status_chart(counts),
            "total": sum(counts.values()),
            "quarters": _quarter_chart(quarters, raised_per_quarter, decided_per_quarter),
            "median_days": round(median) if median is not None else None,
            "waiting": list(waiting[:WAITING_SHOWN]),
            "waiting_count": waiting.count(),
            "waiting_days": WAITING_DAYS,
            "late": list(late[:LATE_SHOWN]),
            "late_count": late.count(),
        },
    )
