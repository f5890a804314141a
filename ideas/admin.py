from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ideas.models import Idea, Status, StatusChange, Theme, record_status_change


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class TrailInline(admin.TabularInline):
    """The entries recorded so far: shown, never changed or deleted."""

    model = StatusChange
    fk_name = "idea"
    verbose_name = _("recorded status change")
    verbose_name_plural = _("status trail (cannot be changed; correct a mistake with a new entry)")
    fields = readonly_fields = [
        "status",
        "decided_on",
        "decided_by",
        "explanation",
        "meeting",
        "corrects",
        "recorded_by",
        "recorded_at",
    ]
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class NewStatusChangeForm(forms.ModelForm):
    class Meta:
        model = StatusChange
        fields = [
            "status",
            "decided_on",
            "decided_by",
            "explanation",
            "meeting",
            "agenda_item",
            "corrects",
        ]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 3, "cols": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate


class NewStatusChangeInline(admin.StackedInline):
    """One new entry, saved through record_status_change() so the idea's status follows it."""

    model = StatusChange
    fk_name = "idea"
    form = NewStatusChangeForm
    # max_num = 1 makes the admin use the singular name as the heading.
    verbose_name = verbose_name_plural = _("record a status change")
    extra = 1
    max_num = 1
    can_delete = False
    autocomplete_fields = ["meeting", "agenda_item"]

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return False

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form.base_fields["corrects"].queryset = (
            StatusChange.objects.filter(idea=obj) if obj else StatusChange.objects.none()
        )
        return formset


@admin.register(Idea)
class IdeaAdmin(admin.ModelAdmin):
    list_display = ["title", "group", "theme", "status", "status_changed_on"]
    list_filter = ["status", "group", "theme"]
    list_select_related = ["group", "theme"]
    search_fields = ["title", "problem", "proposal"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "status_changed_on"]
    autocomplete_fields = ["organisation"]
    fields = [
        "title",
        "slug",
        "problem",
        "proposal",
        "theme",
        "group",
        "organisation",
        "raised_on",
        "open_for_comments",
        "status",
        "status_changed_on",
    ]
    inlines = [NewStatusChangeInline, TrailInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # Every trail starts with the proposal being received by its group.
            record_status_change(
                obj,
                recorded_by=request.user,
                status=Status.RECEIVED,
                decided_on=min(obj.raised_on, timezone.localdate()),
                decided_by=obj.group.name,
            )

    def save_formset(self, request, form, formset, change):
        if not issubclass(formset.form, NewStatusChangeForm):
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for entry_form in formset.forms:
            if entry_form.has_changed() and entry_form.cleaned_data:
                fields = {
                    name: entry_form.cleaned_data[name] for name in NewStatusChangeForm.Meta.fields
                }
                entry = record_status_change(form.instance, recorded_by=request.user, **fields)
                formset.new_objects.append(entry)
        return formset.new_objects
