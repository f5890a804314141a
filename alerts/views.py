"""The alerts' pages: ask for e-mail about something, confirm, unsubscribe, manage.

None of them needs a CSRF token, so none sets a cookie (docs/security.md): asking acts on no
account, and a forged request could only do what anyone may do, send a confirmation mail to an
address; the others act through the signed link in their address, which another site cannot
know. The pages reached by a signed link are never cached and never indexed.
"""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods

from alerts import services, tokens
from alerts.forms import AlertForm, ChoicesForm
from alerts.models import UNCONFIRMED_DAYS, Subscription
from directory.models import Group
from ideas.models import Idea
from portal.http import HttpRequest, limited, reads_query, refuse_large_bodies

Topic = Subscription.Topic
_MAX_BODY = 8 * 1024


def _asking(view):
    """The pages that ask for alerts: GET the form (mostly from the page cache, so not counted
    against the limit) or POST it, at most RATE_LIMITS["alerts"] times per visitor."""
    view = refuse_large_bodies(_MAX_BODY)(view)
    view = limited("alerts")(view)
    view = require_http_methods(["GET", "POST"])(view)
    view = reads_query()(view)
    return csrf_exempt(view)


@_asking
def idea(request: HttpRequest, slug: str):
    found = get_object_or_404(Idea.objects.only("pk", "title", "slug", "group_id"), slug=slug)
    return _ask(request, Subscription(topic=Topic.IDEA, idea=found))


@_asking
def group(request: HttpRequest, slug: str):
    found = get_object_or_404(Group.objects.only("pk", "name", "slug"), slug=slug)
    return _ask(request, Subscription(topic=Topic.GROUP, group=found))


@_asking
def group_minutes(request: HttpRequest, slug: str):
    found = get_object_or_404(Group.objects.only("pk", "name", "slug"), slug=slug)
    return _ask(request, Subscription(topic=Topic.MINUTES, group=found))


@_asking
def decisions(request: HttpRequest):
    return _ask(request, Subscription(topic=Topic.DECISIONS))


@_asking
def minutes(request: HttpRequest):
    return _ask(request, Subscription(topic=Topic.MINUTES))


def _ask(request: HttpRequest, subscription: Subscription):
    data = request.POST if request.method == "POST" else None
    form = AlertForm(data, request=request, offers_comments=subscription.offers_comments)
    if not form.is_valid():
        return _form_page(request, form, subscription, status=form.status)
    services.ask(
        email=form.cleaned_data["email"],
        topic=subscription.topic,
        idea=subscription.idea,
        group=subscription.group,
        frequency=form.cleaned_data["frequency"],
        comments=form.cleaned_data["comments"],
        language=get_language(),
    )
    # The same answer whether the address is new, waiting or already subscribed.
    return redirect("alerts:sent")


def _form_page(request, form, subscription, status=200):
    context = {"form": form, "subscription": subscription, "about": subscription.describe()}
    return render(request, "alerts/ask.html", context, status=status)


@reads_query()
@require_GET
def sent(request: HttpRequest):
    return render(request, "alerts/sent.html", {"days": UNCONFIRMED_DAYS})


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def confirm(request: HttpRequest, token: str):
    try:
        asked = tokens.read_confirm(token)
    except tokens.BadLink:
        return _bad_link(request)
    if request.method == "POST":
        subscription = services.confirm(
            asked["n"], frequency=asked["f"], comments=asked["c"], language=asked["l"]
        )
    else:
        subscription = (
            Subscription.objects.select_related("idea", "group").filter(pk=asked["n"]).first()
        )
    if subscription is None:
        return _bad_link(request)
    context = {
        "about": subscription.describe(),
        "confirmed": subscription.confirmed_at is not None,
        "manage_token": tokens.manage_token(subscription.subscriber_id),
    }
    return render(request, "alerts/confirm.html", context)


# The one-click POST of RFC 8058 comes from a mail client, without a token of the site's: the
# signed link is what authorises it. A GET only asks, so a link checker that opens every link
# in a mail ends nothing.
@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str):
    try:
        subscriber_id, subscription_ids = tokens.read_unsubscribe(token)
    except tokens.BadLink:
        return _bad_link(request)
    ended = 0
    if request.method == "POST":
        ended = services.end(subscriber_id, subscription_ids)
    subscriptions = list(
        Subscription.objects.select_related("idea", "group").filter(
            subscriber_id=subscriber_id, pk__in=subscription_ids
        )
    )
    context = {
        "abouts": [subscription.describe() for subscription in subscriptions],
        "done": request.method == "POST",
        "ended": ended,
        "manage_token": tokens.manage_token(subscriber_id),
        "others": Subscription.objects.filter(subscriber_id=subscriber_id).exists(),
    }
    return render(request, "alerts/unsubscribe.html", context)


@csrf_exempt
@never_cache
@require_http_methods(["GET", "POST"])
@refuse_large_bodies(_MAX_BODY)
def manage(request: HttpRequest, token: str):
    try:
        subscriber_id = tokens.read_manage(token)
    except tokens.BadLink:
        return _bad_link(request)
    subscriptions = Subscription.objects.select_related("idea", "group").filter(
        subscriber_id=subscriber_id
    )
    done, bound = "", None
    if request.method == "POST":
        action = request.POST.get("action", "")
        chosen = subscriptions.filter(pk=_number(request.POST.get("subscription"))).first()
        if action == "end_all":
            services.end(subscriber_id)
            done = "ended_all"
        elif chosen is not None and action == "end":
            services.end(subscriber_id, [chosen.pk])
            done = "ended"
        elif chosen is not None and chosen.confirmed_at and action == "save":
            bound = ChoicesForm(request.POST, subscription=chosen)
            if bound.is_valid():
                services.change(
                    chosen,
                    frequency=bound.cleaned_data["frequency"],
                    comments=bound.cleaned_data.get("comments", False),
                )
                done, bound = "saved", None
    rows = [
        {
            "subscription": subscription,
            "about": subscription.describe(),
            "form": bound
            if bound is not None and bound.prefix == f"s{subscription.pk}"
            else ChoicesForm(subscription=subscription),
        }
        for subscription in subscriptions
    ]
    return render(request, "alerts/manage.html", {"rows": rows, "done": done})


def _number(value) -> int | None:
    return int(value) if value and value.isdigit() and len(value) < 19 else None


def _bad_link(request: HttpRequest):
    return render(request, "alerts/bad_link.html", status=404)
