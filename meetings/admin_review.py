"""The admin's "Granska och publicera": the personal-data check of a meeting before it goes
public (portal/privacy.py). Each hit is shown with its place and the text around it; the editor
changes the text on the meeting's page, or ticks "Ingen känslig uppgift" for each hit, and
publishes. Nothing is published while a hit is unconfirmed; who confirmed what is kept.
"""

from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _

from meetings import services
from meetings.models import Meeting
from portal import privacy


def review_view(model_admin: ModelAdmin, request, object_id: str):
    meeting = model_admin.get_object(request, object_id)
    if meeting is None:
        raise Http404
    if not model_admin.has_change_permission(request, meeting):
        raise PermissionDenied
    change_page = reverse("admin:meetings_meeting_change", args=[meeting.pk])
    if meeting.is_published:
        messages.info(request, _("The meeting is already published."))
        return redirect(change_page)
    review = services.privacy_review(meeting)
    checked: set[str] = set()
    errors: list[str] = []
    if request.method == "POST":
        checked, errors = privacy.confirmed_keys(review, request.POST.getlist("confirm"))
        if not errors:
            try:
                services.publish_meeting(meeting, by=request.user, confirm=checked)
            except privacy.NotReviewed as refused:
                # Someone changed the text meanwhile: show what is new.
                review, errors = refused.review, [_("The text has changed; look again.")]
            else:
                messages.success(request, _("The meeting is published."))
                return redirect(change_page)
    return TemplateResponse(
        request,
        "admin/meetings/meeting/review.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": Meeting._meta,
            "title": _("Check and publish: %(meeting)s") % {"meeting": meeting},
            "meeting": meeting,
            "original": meeting,
            "review": review,
            "checked": checked,
            "errors": errors,
            "change_page": change_page,
        },
    )
