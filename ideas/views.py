from datetime import date, timedelta

from django.db.models import Aggregate, Count, DurationField, F, OuterRef, Prefetch, Subquery
from django.db.models.functions import TruncQuarter
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from directory.models import Group, Organisation
from ideas.forms import IdeaFilterForm
from ideas.models import DECISIONS, Idea, Status, StatusChange, Theme
from oppnasoc.http import HttpRequest, paginate

IDEAS_PER_PAGE = 20
WAITING_DAYS = 90
WAITING_SHOWN = 50
QUARTERS_SHOWN = 8


class _Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = DurationField()


def _get_idea(slug: str) -> Idea:
    trail = StatusChange.objects.select_related("meeting", "agenda_item__meeting", "corrects")
    ideas = Idea.objects.select_related("group", "theme", "organisation").prefetch_related(
        Prefetch("trail", queryset=trail)
    )
    return get_object_or_404(ideas, slug=slug)


@require_GET
def idea_list(request: HttpRequest):
    form = IdeaFilterForm(
        request.GET,
        groups=Group.objects.filter(ideas__isnull=False).distinct(),
        themes=Theme.objects.filter(ideas__isnull=False).distinct(),
        organisations=Organisation.objects.filter(ideas__isnull=False).distinct(),
    )
    if not form.is_valid():
        raise Http404("Unknown filter value")
    filters = form.cleaned_data
    ideas = Idea.objects.select_related("group", "theme")
    if filters["status"]:
        ideas = ideas.filter(status=filters["status"])
    if filters["grupp"]:
        ideas = ideas.filter(group__slug=filters["grupp"])
    if filters["tema"]:
        ideas = ideas.filter(theme__slug=filters["tema"])
    if filters["organisation"]:
        ideas = ideas.filter(organisation__slug=filters["organisation"])
    if filters["ordning"] == "nyast":
        ideas = ideas.order_by("-raised_on", "-pk")
    else:
        ideas = ideas.order_by("-status_changed_on", "-pk")
    page = paginate(request, ideas, IDEAS_PER_PAGE)
    template = "ideas/idea_list.html"
    if request.htmx and not request.htmx.history_restore_request:
        template += "#results"
    return render(request, template, {"form": form, "page": page})


@require_GET
def idea_detail(request: HttpRequest, slug: str):
    idea = _get_idea(slug)
    trail = list(idea.trail.all())
    corrected = {entry.corrects_id for entry in trail if entry.corrects_id}
    # Ideas must not import the meetings app: the meetings come through the reverse relation.
    discussed = (
        idea.agenda_items.filter(meeting__status="published")
        .select_related("meeting__group")
        .order_by("-meeting__starts_at")
    )
    return render(
        request,
        "ideas/idea_detail.html",
        {"idea": idea, "trail": trail, "corrected": corrected, "discussed": discussed},
    )


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


@require_GET
def progress(request: HttpRequest):
    """ "Vad händer med förslagen?": the figures for all ideas, in a fixed number of queries."""
    counts = dict(Idea.objects.values_list("status").annotate(n=Count("id")).order_by())

    first_decision = Subquery(
        StatusChange.objects.filter(idea=OuterRef("pk"), status__in=DECISIONS)
        .order_by("decided_on", "pk")
        .values("decided_on")[:1]
    )
    decided = Idea.objects.annotate(first_decision=first_decision).filter(
        first_decision__isnull=False
    )
    quarters = _quarters(QUARTERS_SHOWN)
    raised_per_quarter = dict(
        Idea.objects.filter(raised_on__gte=quarters[0])
        .annotate(q=TruncQuarter("raised_on"))
        .values_list("q")
        .annotate(n=Count("id"))
        .order_by()
    )
    decided_per_quarter = dict(
        decided.filter(first_decision__gte=quarters[0])
        .annotate(q=TruncQuarter("first_decision"))
        .values_list("q")
        .annotate(n=Count("id"))
        .order_by()
    )
    median = decided.aggregate(m=_Median(F("first_decision") - F("raised_on")))["m"]
    waiting = Idea.objects.waiting(WAITING_DAYS).select_related("group", "theme")
    return render(
        request,
        "ideas/progress.html",
        {
            "statuses": _status_chart(counts),
            "total": sum(counts.values()),
            "quarters": _quarter_chart(quarters, raised_per_quarter, decided_per_quarter),
            "median_days": round(median / timedelta(days=1)) if median is not None else None,
            "waiting": waiting[:WAITING_SHOWN],
            "waiting_count": waiting.count(),
            "waiting_days": WAITING_DAYS,
        },
    )
