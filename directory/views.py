from django.db.models import Case, Count, Q, Value, When
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from directory.models import Group, Organisation
from oppnasoc.http import HttpRequest

GROUP_IDEAS_SHOWN = 10

# The directory must not import the meetings app: it reaches meetings through the reverse
# relations `group.meetings` and `organisation.meetings`, whose managers carry the meetings'
# own QuerySet methods (published(), upcoming(), …).


def _get_group(slug: str) -> Group:
    return get_object_or_404(Group.objects.prefetch_related("organisations"), slug=slug)


def _get_organisation(slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.prefetch_related("groups"), slug=slug)


@require_GET
def group_list(request: HttpRequest):
    now = timezone.now()
    groups = Group.objects.annotate(
        upcoming_count=Count(
            "meetings",
            filter=Q(meetings__status="published", meetings__starts_at__gte=now),
        )
    )
    return render(request, "directory/group_list.html", {"groups": groups})


@require_GET
def group_detail(request: HttpRequest, slug: str):
    group = _get_group(slug)
    published = group.meetings.published()
    upcoming = published.upcoming()
    archive = published.past().with_minutes_flag()
    ideas = group.ideas.select_related("theme").order_by("-status_changed_on", "-pk")
    return render(
        request,
        "directory/group_detail.html",
        {
            "group": group,
            "upcoming": upcoming,
            "archive": archive,
            "ideas": ideas[:GROUP_IDEAS_SHOWN],
            "idea_count": ideas.count(),
        },
    )


@require_GET
def organisation_list(request: HttpRequest):
    # User organisations first: the portal is theirs as much as the department's.
    kind_order = Case(
        *(When(kind=kind, then=Value(i)) for i, kind in enumerate(Organisation.Kind.values)),
        default=Value(len(Organisation.Kind.values)),
    )
    organisations = Organisation.objects.order_by(kind_order, "name")
    return render(request, "directory/organisation_list.html", {"organisations": organisations})


@require_GET
def organisation_detail(request: HttpRequest, slug: str):
    organisation = _get_organisation(slug)
    meetings = (
        organisation.meetings.published()
        .select_related("group")
        .with_minutes_flag()
        .distinct()
        .order_by("-starts_at")
    )
    return render(
        request,
        "directory/organisation_detail.html",
        {"organisation": organisation, "meetings": meetings},
    )
