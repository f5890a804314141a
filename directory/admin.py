from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from directory.models import Group, Organisation


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Group)
class GroupAdmin(admin.ModelAdmin):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisations"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "summary", "organisations"]}),
        (_("Sections"), {"fields": ["why", "who", "where", "when", "proposals"]}),
        (
            _("Contact person"),
            {"fields": ["contact_name", "contact_role", "contact_phone", "contact_email"]},
        ),
    ]
