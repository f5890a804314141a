"""The record of the personal-data check (portal/privacy.py), for staff to read: each hit someone
confirmed as nothing sensitive, what and where it was, the text around it, who confirmed it and
when. Nobody adds, changes or deletes an entry here: the record is made by publishing a meeting
or approving a comment, and kept as it was made.
"""

from django.contrib import admin
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from portal.models import PrivacyConfirmation
from portal.privacy import KINDS


class KindFilter(admin.SimpleListFilter):
    title = _("kind")
    parameter_name = "kind"

    def lookups(self, request, model_admin):
        return list(KINDS.items())

    def queryset(self, request, queryset):
        return queryset.filter(kind=self.value()) if self.value() else queryset


@admin.register(PrivacyConfirmation)
class PrivacyConfirmationAdmin(admin.ModelAdmin):
    list_display = ("confirmed_at", "kind_label", "text", "subject_link", "where", "confirmed_by")
    list_filter = (KindFilter, "confirmed_at")
    search_fields = ("text", "where", "context", "confirmed_by__username")
    date_hierarchy = "confirmed_at"
    ordering = ("-confirmed_at", "-pk")
    fields = (
        "subject_link",
        "kind_label",
        "text",
        "where",
        "context",
        "confirmed_by",
        "confirmed_at",
    )
    readonly_fields = fields
    list_select_related = ("confirmed_by", "content_type")
    show_full_result_count = False

    def get_queryset(self, request):
        # The subjects (meetings, comments) in one query per kind, whatever the page's length.
        return super().get_queryset(request).prefetch_related("subject")

    @admin.display(description=_("kind"), ordering="kind")
    def kind_label(self, confirmation: PrivacyConfirmation) -> str:
        return str(KINDS.get(confirmation.kind, confirmation.kind))

    @admin.display(description=_("checked in"))
    def subject_link(self, confirmation: PrivacyConfirmation) -> str:
        subject, kind = confirmation.subject, confirmation.content_type
        if subject is None:
            return _("(deleted)")
        # A title where the subject has one (a meeting); otherwise its kind and number (a
        # comment, whose name would read its author and idea, two queries a row).
        label = kind.model_class()._meta.verbose_name.capitalize()
        title = getattr(subject, "title", None)
        name = f"{label}: {title}" if title else f"{label} {subject.pk}"
        try:
            url = reverse(f"admin:{kind.app_label}_{kind.model}_change", args=[subject.pk])
        except NoReverseMatch:
            return name
        return format_html('<a href="{}">{}</a>', url, name)

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
