import re
from datetime import MAXYEAR, MINYEAR

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from directory.kept_forms import AutosavesDrafts
from meetings import admin_import, services
from meetings.models import AgendaItem, Attachment, Attendee, Meeting, MeetingLink
from portal.fields import SwedishSplitDateTimeField


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "heading", "body", "ideas"]
    autocomplete_fields = ["ideas"]


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    """Only for choosing an agenda item with autocomplete; items are edited on their meeting."""

    search_fields = ["heading", "meeting__title"]
    list_select_related = ["meeting"]

    def get_model_perms(self, request):
        return {}  # hidden from the admin's index


class AttendeeInline(admin.TabularInline):
    model = Attendee
    extra = 0
    autocomplete_fields = ["organisation"]


class MeetingLinkInline(admin.TabularInline):
    model = MeetingLink
    extra = 0


class AttachmentInline(admin.TabularInline):
    model = Attachment
    extra = 0
    fields = ["position", "title", "file"]


class YearFilter(admin.SimpleListFilter):
    title = _("year")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        years = Meeting.objects.dates("starts_at", "year", order="DESC")
        return [(str(d.year), str(d.year)) for d in years]

    def queryset(self, request, queryset):
        value = self.value() or ""
        # Only a year Python's dates hold, in ASCII digits ("²" is a digit too, but no number).
        if re.fullmatch(r"[0-9]{1,4}", value) and MINYEAR < int(value) < MAXYEAR:
            return queryset.filter(starts_at__year=int(value))
        return queryset


@admin.register(Meeting)
class MeetingAdmin(AutosavesDrafts):
    list_display = ["title", "group", "starts_at", "status", "agenda_item_count"]
    list_filter = ["status", "group", YearFilter]
    list_select_related = ["group"]
    search_fields = ["title", "place", "agenda_items__heading", "agenda_items__body"]
    search_help_text = _("Searches the title, the place and the agenda items.")
    date_hierarchy = "starts_at"
    ordering = ["-starts_at"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["published_at", "updated_at"]
    fieldsets = [
        (None, {"fields": ["group", "title", "slug", "starts_at", "ends_at", "place"]}),
        (_("Notice"), {"fields": ["notice"]}),
        (_("Publishing"), {"fields": ["status", "published_at", "updated_at"]}),
    ]
    inlines = [AgendaItemInline, AttendeeInline, MeetingLinkInline, AttachmentInline]
    actions = ["publish", "unpublish"]
    # 13 mars 2026, 13/3 2026 and 13.00 as well as the ISO forms (portal/fields.py).
    formfield_overrides = {models.DateTimeField: {"form_class": SwedishSplitDateTimeField}}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(agenda_item_total=Count("agenda_items"))

    def get_urls(self):
        # "Importera minnesanteckningar" (meetings/admin_import.py), before the change view's
        # pattern, which would take "importera" for a meeting's id.
        view = self.admin_site.admin_view(lambda request: admin_import.import_view(self, request))
        return [
            path("importera/", view, name="meetings_meeting_import"),
            *super().get_urls(),
        ]

    @admin.display(description=_("agenda items"), ordering="agenda_item_total")
    def agenda_item_count(self, meeting: Meeting) -> int:
        return meeting.agenda_item_total

    @admin.action(description=_("Publish the selected meetings"), permissions=["change"])
    def publish(self, request, queryset):
        count = sum(services.publish_meeting(meeting) for meeting in queryset)
        self.message_user(
            request,
            ngettext("%(count)d meeting published.", "%(count)d meetings published.", count)
            % {"count": count},
            messages.SUCCESS,
        )

    @admin.action(
        description=_("Unpublish the selected meetings (make them drafts)"), permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = sum(services.unpublish_meeting(meeting) for meeting in queryset)
        self.message_user(
            request,
            ngettext(
                "%(count)d meeting is a draft again and hidden from the public.",
                "%(count)d meetings are drafts again and hidden from the public.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
