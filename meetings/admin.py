import re
from datetime import MAXYEAR, MINYEAR

from django.contrib import admin, messages
from django.db import models
from django.db.models import Count
from django.shortcuts import redirect
from django.urls import path, reverse, reverse_lazy
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from directory.kept_forms import AutosavesDrafts
from directory.models import Group
from meetings import admin_copy, admin_import, admin_preview, admin_review, services
from meetings.models import AgendaItem, Attachment, Attendee, Meeting, MeetingLink
from portal import privacy
from portal.fields import SwedishSplitDateTimeField
from portal.widgets import MarkdownTextarea

# The minutes and the notice with "Förhandsgranska" beside them (meetings/admin_preview.py).
_MARKDOWN = {"widget": MarkdownTextarea(preview_url=reverse_lazy("admin:meetings_meeting_preview"))}


class AgendaItemInline(admin.StackedInline):
    model = AgendaItem
    extra = 0
    fields = ["position", "heading", "body", "ideas"]
    autocomplete_fields = ["ideas"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "body":
            kwargs.update(_MARKDOWN)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


@admin.register(AgendaItem)
class AgendaItemAdmin(admin.ModelAdmin):
    """Only for choosing an agenda item with autocomplete; items are edited on their meeting."""

    search_fields = ["heading", "meeting__title"]
    list_select_related = ["meeting"]

    def get_model_perms(self, request):
        return {}  # hidden from the admin's index


class _LabelledColumns:
    """A tabular inline whose fields are named for screen readers by their column's heading:
    Django writes its rows without a <label>, which axe finds once a row is on the page."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        if formfield is not None:
            formfield.widget.attrs.setdefault("aria-label", formfield.label)
        return formfield


class _CopiedRows:
    """An inline whose rows "Kopiera från förra mötet" fills in (meetings/admin_copy.py)."""

    def get_extra(self, request, obj=None, **kwargs):
        if obj is None and (copied := admin_copy.source(request)):
            return len(admin_copy.rows(copied, self.opts.get_field("meeting").related_query_name()))
        return super().get_extra(request, obj, **kwargs)


class AttendeeInline(_CopiedRows, _LabelledColumns, admin.TabularInline):
    model = Attendee
    extra = 0
    autocomplete_fields = ["organisation"]


class MeetingLinkInline(_CopiedRows, _LabelledColumns, admin.TabularInline):
    model = MeetingLink
    extra = 0


class AttachmentInline(_LabelledColumns, admin.TabularInline):
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
    list_filter = ["status", "group", YearFilter, "no_minutes"]
    list_select_related = ["group"]
    search_fields = ["title", "place", "agenda_items__heading", "agenda_items__body"]
    search_help_text = _("Searches the title, the place and the agenda items.")
    date_hierarchy = "starts_at"
    ordering = ["-starts_at"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["published_at", "updated_at"]
    fieldsets = [
        (
            None,
            {"fields": ["group", "title", "slug", "starts_at", "ends_at", "place", "diary_number"]},
        ),
        (_("Notice"), {"fields": ["notice"]}),
        (_("Publishing"), {"fields": ["status", "no_minutes", "published_at", "updated_at"]}),
    ]
    inlines = [AgendaItemInline, AttendeeInline, MeetingLinkInline, AttachmentInline]
    actions = ["publish", "unpublish"]
    # 13 mars 2026, 13/3 2026 and 13.00 as well as the ISO forms (portal/fields.py).
    formfield_overrides = {models.DateTimeField: {"form_class": SwedishSplitDateTimeField}}

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        if copied := admin_copy.source(request):
            initial = admin_copy.initial(copied) | {
                k: v for k, v in initial.items() if k not in ("kopiera", "kopiera_grupp")
            }
        return initial

    def add_view(self, request, form_url="", extra_context=None):
        # The groups with a meeting to copy from, for the form above the add form.
        groups = Group.objects.filter(meetings__isnull=False).distinct().order_by("name")
        extra_context = {"copy_groups": groups, **(extra_context or {})}
        return super().add_view(request, form_url, extra_context)

    def get_formset_kwargs(self, request, obj, inline, prefix):
        kwargs = super().get_formset_kwargs(request, obj, inline, prefix)
        if (obj is None or obj.pk is None) and (copied := admin_copy.source(request)):
            kwargs["initial"] = admin_copy.rows(copied, prefix)
        return kwargs

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(agenda_item_total=Count("agenda_items"))

    def get_urls(self):
        # "Importera minnesanteckningar" (meetings/admin_import.py), before the change view's
        # pattern, which would take "importera" for a meeting's id.
        view = self.admin_site.admin_view(lambda request: admin_import.import_view(self, request))
        review = self.admin_site.admin_view(
            lambda request, object_id: admin_review.review_view(self, request, object_id)
        )
        preview = self.admin_site.admin_view(
            lambda request: admin_preview.preview_view(self, request)
        )
        return [
            path("importera/", view, name="meetings_meeting_import"),
            path("forhandsgranska/", preview, name="meetings_meeting_preview"),
            path("<path:object_id>/granska/", review, name="meetings_meeting_review"),
            *super().get_urls(),
        ]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "notice":
            kwargs.update(_MARKDOWN)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        # Whether the form asks to publish is decided after the agenda items are saved
        # (save_related): until then the meeting is saved as it was.
        # The form's initial state is the stored one; an already public meeting is checked in
        # save_related too.
        was_public = form.initial.get("status") == Meeting.Status.PUBLISHED
        request._publish_asked = obj.is_published and not was_public
        # Whether a public meeting gets its first minutes now (announced in save_related).
        request._had_minutes = bool(obj.pk) and obj.agenda_items.exclude(body="").exists()
        if request._publish_asked:
            obj.status = Meeting.Status.DRAFT
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        """Publish only what the personal-data check passes; a published meeting whose texts
        now have an unconfirmed hit becomes a draft again, in the same transaction, so that the
        public never sees it (portal/privacy.py)."""
        super().save_related(request, form, formsets, change)
        meeting = form.instance
        request._review_needed = False
        if request._publish_asked:
            try:
                services.publish_meeting(meeting)
            except privacy.NotReviewed:
                request._review_needed = True
        elif meeting.is_published and services.privacy_review(meeting).pending:
            services.unpublish_meeting(meeting)
            request._review_needed = True
        else:
            services.minutes_saved(meeting, had_minutes=request._had_minutes)

    def _to_review(self, request, meeting):
        self.message_user(
            request,
            gettext(
                "The meeting is saved as a draft. The check found what may identify a person: "
                "look at each hit before it is published."
            ),
            messages.WARNING,
        )
        return redirect("admin:meetings_meeting_review", meeting.pk)

    def response_add(self, request, obj, post_url_continue=None):
        if getattr(request, "_review_needed", False):
            return self._to_review(request, obj)
        return super().response_add(request, obj, post_url_continue)

    def response_change(self, request, obj):
        if getattr(request, "_review_needed", False):
            return self._to_review(request, obj)
        return super().response_change(request, obj)

    @admin.display(description=_("agenda items"), ordering="agenda_item_total")
    def agenda_item_count(self, meeting: Meeting) -> int:
        return meeting.agenda_item_total

    @admin.action(description=_("Publish the selected meetings"), permissions=["change"])
    def publish(self, request, queryset):
        count, held = 0, []
        # The check reads each meeting's texts: all of them in four queries, not four each.
        texts = ["agenda_items", "links", "attachments", "attendees"]
        for meeting in queryset.prefetch_related(*texts):
            try:
                count += services.publish_meeting(meeting)
            except privacy.NotReviewed:
                held.append(meeting)
        self.message_user(
            request,
            ngettext("%(count)d meeting published.", "%(count)d meetings published.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        if held:
            links = format_html_join(
                ", ",
                '<a href="{}">{}</a>',
                ((reverse("admin:meetings_meeting_review", args=[m.pk]), m.title) for m in held),
            )
            self.message_user(
                request,
                format_html(
                    "{} {}",
                    ngettext(
                        "Not published, since the check found what may identify a person; "
                        "look at its hits first:",
                        "Not published, since the check found what may identify a person in "
                        "them; look at their hits first:",
                        len(held),
                    ),
                    links,
                ),
                messages.WARNING,
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
