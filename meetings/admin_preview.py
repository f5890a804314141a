"""The admin's "Förhandsgranska" beside each minutes field (portal.widgets.MarkdownTextarea):
the text as the public page will show it. htmx asks for the fragment while the editor types;
without JavaScript the button posts the whole form here in a new tab, and this page shows the
one field whose button was pressed.
"""

import re

from django.contrib.admin import ModelAdmin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse
from django.utils.translation import gettext as _

from directory.middleware import not_activity
from meetings.models import Meeting
from portal.templatetags.portal import markdown

_BUTTON = re.compile(r"^(?P<field>[\w-]+)-preview$")


def preview_view(model_admin: ModelAdmin, request):
    if not (model_admin.has_add_permission(request) or model_admin.has_change_permission(request)):
        raise PermissionDenied
    not_activity(request)  # it only reads: the warning before the session ends stays right
    field = next(
        (
            m["field"]
            for key in request.POST
            if (m := _BUTTON.match(key)) and m["field"] in request.POST
        ),
        "",
    )
    text = request.POST.get(field, "")
    context = {"shown": markdown(text) if text.strip() else "", "request": request}
    if request.htmx:
        return TemplateResponse(request, "admin/meetings/meeting/preview.html#shown", context)
    return TemplateResponse(
        request,
        "admin/meetings/meeting/preview.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": Meeting._meta,
            "title": _("Preview"),
            **context,
        },
    )
