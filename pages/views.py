from django.conf import settings
from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.csp import CSP, build_policy
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.clickjacking import xframe_options_exempt
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from directory.models import Group, Organisation
from ideas.models import DECISIONS, StatusChange
from meetings.models import Meeting
from pages import services
from pages.forms import ReportForm
from pages.models import AccessibilityStatement, Page
from portal import search
from portal.http import HttpRequest, absolute, cached_from, reads_query, refuse_large_bodies

# What a group's embeddable page shows of each kind.
EMBED_ITEMS = 5


@cached_from("meetings", "groups", "ideas")
@reads_query()
@require_GET
def home(request: HttpRequest):
    published = Meeting.objects.published().listed().select_related("group")
    return render(
        request,
        "pages/home.html",
        {
            "upcoming": published.upcoming()[:5],
            "latest_minutes": published.past().with_minutes()[:5],
            "latest_changes": StatusChange.objects.select_related("idea")
            .defer(*search.columns("idea"))
            .order_by("-decided_on", "-pk")[:5],
        },
    )


@cached_from("groups", "meetings", "ideas")
@reads_query()
@xframe_options_exempt
@require_GET
def embed_group(request: HttpRequest, slug: str):
    """A group's upcoming meetings and latest decisions without the site around them, for a
    frame on the municipality's own site: framing is allowed only to EMBED_ORIGINS."""
    group = get_object_or_404(Group.objects.only("name", "slug"), slug=slug)
    meetings = Meeting.objects.published().listed().filter(group=group).select_related("group")
    decisions = (
        StatusChange.objects.filter(idea__group=group, status__in=DECISIONS)
        .select_related("idea")
        .only("status", "decided_on", "idea__title", "idea__slug")
        .order_by("-decided_on", "-pk")
    )
    response = render(
        request,
        "pages/embed_group.html",
        {
            "group": group,
            "canonical": absolute(group.get_absolute_url()),
            "upcoming": meetings.upcoming()[:EMBED_ITEMS],
            "decisions": decisions[:EMBED_ITEMS],
        },
    )
    # Set here rather than by csp_override: the page cache stores the answer with its headers,
    # and a hit must allow the same frames.
    policy = {**settings.SECURE_CSP, "frame-ancestors": [CSP.SELF, *settings.EMBED_ORIGINS]}
    response.headers["Content-Security-Policy"] = build_policy(policy)
    return response


# The report acts on no account and a forged one is no different from a real one, so a CSRF
# token would protect nothing; without it the statement sets no cookie, like every page that
# is only read (see templates/directory/privacy.html).
@csrf_exempt
@require_http_methods(["GET", "POST"])
@refuse_large_bodies(64 * 1024)
def statement(request: HttpRequest):
    statement = AccessibilityStatement.objects.order_by("pk").first()
    if statement is None:
        raise Http404("No accessibility statement")
    form = ReportForm(request.POST if request.method == "POST" else None, request=request)
    if form.is_valid():
        services.report_accessibility_problem(**form.cleaned_data, language=get_language())
        messages.success(
            request,
            _(
                "Thank you! Your report has been sent to the staff who look after the website. "
                "If you gave your e-mail address, they will answer you."
            ),
        )
        return redirect("pages:statement")
    contact = statement
    if not (statement.contact_email or statement.contact_phone):
        contact = Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT).first()
    return render(
        request,
        "pages/statement.html",
        {"statement": statement, "form": form, "contact": contact},
        status=form.status,
    )


@require_GET
def page_detail(request: HttpRequest, slug: str):
    return _render_page(request, slug, easy_read=False)


@require_GET
def page_easy_read(request: HttpRequest, slug: str):
    return _render_page(request, slug, easy_read=True)


def _render_page(request: HttpRequest, slug: str, *, easy_read: bool):
    page = get_object_or_404(Page, slug=slug)
    others = Page.objects.exclude(pk=page.pk).only("title", "slug", "easy_read_title")
    return render(
        request, "pages/page.html", {"page": page, "others": others, "easy_read": easy_read}
    )


@require_GET
def easy_read_index(request: HttpRequest):
    pages = Page.objects.only("slug", "easy_read_title")
    return render(request, "pages/easy_read_index.html", {"pages": pages})
