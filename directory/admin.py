from django import forms
from django.contrib import admin, messages
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin
from django.contrib.auth.models import Group as StaffGroup
from django.contrib.auth.models import Permission, User
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from directory import services
from directory.forms import InvitationForm
from directory.kept_forms import KeepsPostedForms
from directory.models import Group, Organisation, Representative


@admin.register(Organisation)
class OrganisationAdmin(KeepsPostedForms):
    list_display = ["name", "kind", "website"]
    list_filter = ["kind"]
    search_fields = ["name", "description"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Group)
class GroupAdmin(KeepsPostedForms):
    list_display = ["name", "kind"]
    list_filter = ["kind"]
    search_fields = ["name", "summary"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["organisations"]
    fieldsets = [
        (None, {"fields": ["name", "slug", "kind", "summary", "easy_read", "organisations"]}),
        (_("Sections"), {"fields": ["why", "who", "where", "when", "proposals"]}),
        (
            _("Contact person"),
            {"fields": ["contact_name", "contact_role", "contact_phone", "contact_email"]},
        ),
    ]


@admin.register(Representative)
class RepresentativeAdmin(admin.ModelAdmin):
    """Staff invite representatives here; there is no public sign-up."""

    add_form = InvitationForm
    list_display = ["name", "email", "organisation_names", "has_password", "invited_at"]
    list_filter = ["organisations"]
    search_fields = ["user__first_name", "user__last_name", "user__email"]
    readonly_fields = ["name", "email", "has_password", "invited_at"]
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    radio_fields = {"notify": admin.VERTICAL}
    actions = ["resend_invitation"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        return queryset.select_related("user").prefetch_related("organisations")

    def get_fieldsets(self, request, obj=None):
        if obj is None:
            return [(None, {"fields": [*self.add_form.Meta.fields]})]
        return [
            (None, {"fields": ["name", "email", "organisations", "notify"]}),
            (_("Account"), {"fields": ["has_password", "invited_at"]}),
        ]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.readonly_fields

    def get_form(self, request, obj=None, **kwargs):
        if obj is None:
            kwargs["form"] = self.add_form
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.user = form.create_user()
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            # After the organisations are saved too, and only if everything is.
            services.invite(form.instance)

    def response_add(self, request, obj, post_url_continue=None):
        self.message_user(
            request,
            _("The invitation will be sent to %(email)s.") % {"email": obj.user.email},
            messages.SUCCESS,
        )
        return super().response_add(request, obj, post_url_continue)

    @admin.action(description=_("Send the invitation again"))
    def resend_invitation(self, request, queryset):
        waiting = [r for r in queryset.select_related("user") if not r.user.has_usable_password()]
        for representative in waiting:
            services.invite(representative)
        if waiting:
            self.message_user(
                request,
                ngettext(
                    "The invitation will be sent again to %(count)d representative.",
                    "The invitation will be sent again to %(count)d representatives.",
                    len(waiting),
                )
                % {"count": len(waiting)},
                messages.SUCCESS,
            )
        if skipped := queryset.count() - len(waiting):
            self.message_user(
                request,
                ngettext(
                    "%(count)d representative has already chosen a password and got no "
                    "invitation: they can use “Forgot your password?” on the login page.",
                    "%(count)d representatives have already chosen a password and got no "
                    "invitation: they can use “Forgot your password?” on the login page.",
                    skipped,
                )
                % {"count": skipped},
                messages.WARNING,
            )

    @admin.display(description=_("name"), ordering="user__last_name")
    def name(self, obj):
        return obj.user.get_full_name() or obj.user.get_username()

    @admin.display(description=_("e-mail address"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    @admin.display(description=_("organisations"))
    def organisation_names(self, obj):
        return ", ".join(o.name for o in obj.organisations.all())

    @admin.display(description=_("has chosen a password"), boolean=True)
    def has_password(self, obj):
        return obj.user.has_usable_password()


# Staff accounts and roles: Django's own admin, with the permissions named in Swedish. Django
# stores a permission's name in English when the table is made ("Can add meeting"); the list of
# permissions shows the app and model in the staff's language and the act as it is translated here.
_ACTS = {
    "add": _("Can add %(model)s"),
    "change": _("Can change %(model)s"),
    "delete": _("Can delete %(model)s"),
    "view": _("Can view %(model)s"),
}


def _permission_label(permission: Permission) -> str:
    act, _sep, _rest = permission.codename.partition("_")
    model = permission.content_type.model_class()
    if model is None or act not in _ACTS:
        return str(permission)
    name = _ACTS[act] % {"model": model._meta.verbose_name}
    return f"{model._meta.app_config.verbose_name} | {model._meta.verbose_name} | {name}"


class _SwedishPermissions:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        field = super().formfield_for_manytomany(db_field, request=request, **kwargs)
        if field is not None and db_field.name in ("permissions", "user_permissions"):
            field.label_from_instance = _permission_label
        return field


admin.site.unregister(User)
admin.site.unregister(StaffGroup)


@admin.register(User)
class StaffUserAdmin(_SwedishPermissions, UserAdmin):
    pass


@admin.register(StaffGroup)
class StaffGroupAdmin(_SwedishPermissions, DjangoGroupAdmin):
    pass
