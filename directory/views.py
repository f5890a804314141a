from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db.models import Case, Count, Exists, OuterRef, Q, Value, When
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from directory import forms
from directory.middleware import seconds_left
from directory.models import Group, Organisation
from directory.tokens import invitation_tokens
from portal.http import HttpRequest, cached_from, over_limit, paginate, reads_query

GROUP_IDEAS_SHOWN = 10
# The latest earlier meetings on a group page; the meeting list has them all, with filters.
GROUP_MEETINGS_SHOWN = 30
ORGANISATION_MEETINGS_PER_PAGE = 20

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


@cached_from("groups", "organisation-names", "meetings", "ideas")
@require_GET
def group_detail(request: HttpRequest, slug: str):
    group = _get_group(slug)
    published = group.meetings.published().listed()
    upcoming = published.upcoming()
    archive = published.past().with_minutes_flag()
    ideas = group.ideas.listed().select_related("theme").order_by("-status_changed_on", "-pk")
    return render(
        request,
        "directory/group_detail.html",
        {
            "group": group,
            "upcoming": upcoming,
            "archive": archive[:GROUP_MEETINGS_SHOWN],
            "archive_count": archive.count(),
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


@cached_from("organisations", "groups", "meetings")
@reads_query(sida="1")
@require_GET
def organisation_detail(request: HttpRequest, slug: str):
    organisation = _get_organisation(slug)
    # Through the relation's own models: the directory does not import the meetings app.
    # EXISTS, not a DISTINCT over the join (which compared every column of 4,000 meetings).
    meeting, attendee = organisation.meetings.model, organisation.meetings.through
    present = Exists(attendee.objects.filter(meeting=OuterRef("pk"), organisation=organisation))
    meetings = (
        meeting.objects.published()
        .listed()
        .filter(present)
        .select_related("group")
        .with_minutes_flag()
        .order_by("-starts_at", "-pk")
    )
    # A page at a time: the department attends thousands of meetings in a city's fifteen years.
    page = paginate(request, meetings, ORGANISATION_MEETINGS_PER_PAGE)
    return render(
        request,
        "directory/organisation_detail.html",
        {"organisation": organisation, "page": page},
    )


# Accounts. No public sign-up: staff invite representatives in the admin (see admin.py), and the
# invitation's link leads to `invitation`. Django's own views do the work; the templates are ours.

login = auth_views.LoginView.as_view(
    authentication_form=forms.LoginForm, redirect_authenticated_user=True
)
logout = auth_views.LogoutView.as_view()
# A visitor may ask for this many new links an hour, and this many may go to one address.
RESET_RATE_PER_VISITOR = "10/h"
RESET_RATE_PER_ADDRESS = "3/h"


class PasswordResetView(auth_views.PasswordResetView):
    """Asks for a link to choose a new password; the answer is the same for every address.

    Limited per visitor and per address, whether or not the address is anyone's, so the limit
    tells nothing either; over it, the form says so and keeps the address.
    """

    form_class = forms.PasswordResetForm
    success_url = reverse_lazy("directory:password_reset_done")
    title = gettext_lazy("Forgot your password?")

    def form_valid(self, form):
        address = form.cleaned_data["email"].casefold()
        if over_limit(self.request, "password-reset", RESET_RATE_PER_VISITOR) or over_limit(
            self.request, "password-reset-address", RESET_RATE_PER_ADDRESS, key=lambda *_: address
        ):
            form.add_error(
                None,
                _(
                    "A new link has been asked for several times in a short time. Wait an hour "
                    "and ask again, or use the link in the e-mail you already got."
                ),
            )
            return self.render_to_response(self.get_context_data(form=form), status=429)
        return super().form_valid(form)


password_reset = PasswordResetView.as_view()
password_reset_done = auth_views.PasswordResetDoneView.as_view(
    title=gettext_lazy("Check your e-mail")
)
password_reset_confirm = auth_views.PasswordResetConfirmView.as_view(
    form_class=forms.SetPasswordForm,
    success_url=reverse_lazy("directory:password_reset_complete"),
    title=gettext_lazy("Choose a new password"),
)
password_reset_complete = auth_views.PasswordResetCompleteView.as_view(
    title=gettext_lazy("Your new password is saved")
)


class InvitationView(auth_views.PasswordResetConfirmView):
    """The invitation's link: the representative chooses a first password and is logged in."""

    form_class = forms.SetPasswordForm
    template_name = "directory/invitation.html"
    token_generator = invitation_tokens
    title = gettext_lazy("Choose a password")
    post_reset_login = True
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"
    success_url = reverse_lazy("directory:account")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        if not self.validlink:
            context["title"] = _("The link no longer works")
        return context

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(self.request, _("Your password is saved and you are logged in. Welcome!"))
        return response


invitation = InvitationView.as_view()


@require_http_methods(["GET", "POST"])
@login_required
def account(request: HttpRequest):
    representative = getattr(request.user, "representative", None)
    form = None
    if representative is not None:
        data = request.POST if request.method == "POST" else None
        form = forms.NotifyForm(data, instance=representative)
        if request.method == "POST" and form.is_valid():
            form.save()
            messages.success(request, _("Your choice is saved."))
            return redirect("directory:account")
    follows = request.user.follows.select_related("idea").order_by("-created_at")
    return render(
        request,
        "directory/account.html",
        {
            "representative": representative,
            "organisations": representative.organisations.all() if representative else [],
            "form": form,
            "follows": follows,
        },
    )


@require_GET
def privacy(request: HttpRequest):
    department = Organisation.objects.filter(kind=Organisation.Kind.DEPARTMENT).first()
    return render(request, "directory/privacy.html", {"department": department})


@never_cache
@require_http_methods(["GET", "POST"])
def staff_session(request: HttpRequest):
    """When the staff session ends, for the warning before it (static/js/staff-session.js).

    POST is "Stay logged in": any request by staff moves the end to the idle time from now
    (StaffSessionMiddleware), and the answer says when that is. GET only asks, without moving
    it: another tab may have moved it since the page was loaded.
    """
    if not (request.user.is_active and request.user.is_staff):
        return JsonResponse({"ended": True}, status=403)
    idle, whole = seconds_left(request, untouched=request.method == "GET")
    return JsonResponse({"idle": idle, "whole": whole})
