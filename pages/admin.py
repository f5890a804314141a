from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from directory.kept_forms import KeepsPostedForms
from pages.models import AccessibilityStatement, Page
from portal.fields import ADMIN_DATE


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(KeepsPostedForms):
    """The one statement: it can be changed, never removed, and there is never a second one."""

    list_display = ["__str__", "compliance", "assessed_on", "updated_at"]
    readonly_fields = ["updated_at"]
    radio_fields = {"compliance": admin.VERTICAL}
    formfield_overrides = {models.DateField: ADMIN_DATE}
    fieldsets = [
        (None, {"fields": ["organisation_name", "service_name", "published_on"]}),
        (
            _("Compliance and known problems"),
            {"fields": ["compliance", "inaccessible_content"]},
        ),
        (_("The assessment"), {"fields": ["assessed_on", "assessment_method"]}),
        (_("Contact"), {"fields": ["contact_email", "contact_phone", "response_days"]}),
        (None, {"fields": ["updated_at"]}),
    ]

    def has_add_permission(self, request):
        return not AccessibilityStatement.objects.exists() and super().has_add_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Page)
class PageAdmin(KeepsPostedForms):
    list_display = ["title", "easy_read_title", "position", "updated_at"]
    list_editable = ["position"]
    search_fields = ["title", "body", "easy_read_title", "easy_read_body"]
    prepopulated_fields = {"slug": ["title"]}
    fieldsets = [
        (None, {"fields": ["title", "slug", "position", "body"]}),
        (_("Easy-to-read version"), {"fields": ["easy_read_title", "easy_read_body"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Others link to the page's address (the footer links to "Om Öppna soc"): keep it.
        return ["slug"] if obj else []

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj else self.prepopulated_fields
