from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from directory.kept_forms import KeepsPostedForms
from ideas import services
from ideas.models import (
    Comment,
    CommentReport,
    Idea,
    NextStep,
    StatusChange,
    Theme,
)
from portal import privacy
from portal.fields import ADMIN_DATE, SwedishMonthField


@admin.register(Theme)
class ThemeAdmin(KeepsPostedForms):
    list_display = ["name"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class _AppendOnlyInline(admin.TabularInline):
    """Rows of an append-only trail on the idea's page: shown, never added here, changed or
    deleted (new rows come from the forms for a new entry below them)."""

    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class TrailInline(_AppendOnlyInline):
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
        "diary_number",
        "meeting",
        "corrects",
        "recorded_by",
        "recorded_at",
    ]


_NEXT_STEP_FIELDS = {
    "text": "next_step_text",
    "by_body": "next_step_by",
    "planned_month": "next_step_month",
}


class NewStatusChangeForm(forms.ModelForm):
    """A new entry, and optionally the next step that follows it (NextStep's three fields)."""

    next_step_text = forms.CharField(
        label=_("Next step: what happens next"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 60}),
        help_text=_(
            "Public. A new status ends the current next step; write the next one here if there "
            "is one, e.g. “The department prepares a proposal.”"
        ),
    )
    next_step_by = forms.CharField(
        label=_("Next step: by"),
        required=False,
        max_length=200,
        help_text=NextStep._meta.get_field("by_body").help_text,
    )
    next_step_month = SwedishMonthField(label=_("Next step: planned month"), required=False)

    class Meta:
        model = StatusChange
        fields = [
            "status",
            "decided_on",
            "decided_by",
            "explanation",
            "diary_number",
            "meeting",
            "agenda_item",
            "corrects",
        ]
        widgets = {"explanation": forms.Textarea(attrs={"rows": 3, "cols": 60})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["decided_on"].initial = timezone.localdate

    def clean(self):
        data = super().clean()
        given = {name: data.get(f"next_step_{name}") for name in ("text", "by", "month")}
        if any(given.values()):
            for name, value in given.items():
                if not value:
                    self.add_error(
                        f"next_step_{name}",
                        _("A next step needs what happens, by whom and the planned month."),
                    )
        if all(given.values()):
            # The next step's own rules (ideas/next_steps.py), on these three fields.
            step = NextStep(text=given["text"], by_body=given["by"], planned_month=given["month"])
            try:
                step.clean()
            except ValidationError as error:
                for field, messages in error.message_dict.items():
                    self.add_error(_NEXT_STEP_FIELDS.get(field), messages)
        return data

    def next_step(self) -> dict | None:
        data = self.cleaned_data
        if not data.get("next_step_text"):
            return None
        return {
            "text": data["next_step_text"],
            "by_body": data["next_step_by"],
            "planned_month": data["next_step_month"],
        }


class NewStatusChangeInline(admin.StackedInline):
    """One new entry, saved through services.record_status_change(): the status follows it."""

    model = StatusChange
    fk_name = "idea"
    form = NewStatusChangeForm
    # max_num = 1 makes the admin use the singular name as the heading.
    verbose_name = verbose_name_plural = _("record a status change")
    extra = 1
    max_num = 1
    can_delete = False
    autocomplete_fields = ["meeting", "agenda_item"]
    formfield_overrides = {models.DateField: ADMIN_DATE}

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


class NextStepTrailInline(_AppendOnlyInline):
    """The next steps given so far: shown, never changed or deleted."""

    model = NextStep
    fk_name = "idea"
    verbose_name = _("recorded next step")
    verbose_name_plural = _("next steps given (cannot be changed; give a new one instead)")
    fields = readonly_fields = [
        "text",
        "by_body",
        "planned_month",
        "status_change",
        "recorded_by",
        "recorded_at",
    ]


class NewNextStepForm(forms.ModelForm):
    class Meta:
        model = NextStep
        fields = ["text", "by_body", "planned_month"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2, "cols": 60})}
        field_classes = {"planned_month": SwedishMonthField}


class NewNextStepInline(admin.StackedInline):
    """A new next step on its own, saved through services.record_next_step()."""

    model = NextStep
    fk_name = "idea"
    form = NewNextStepForm
    verbose_name = verbose_name_plural = _("give a new next step without a new status")
    extra = 1
    max_num = 1
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).none()

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(Idea)
class IdeaAdmin(KeepsPostedForms):
    list_display = ["title", "group", "theme", "status", "status_changed_on"]
    list_filter = ["status", "group", "theme"]
    list_select_related = ["group", "theme"]
    search_fields = ["title", "problem", "proposal"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["status", "status_changed_on", "next_step", "next_step_month"]
    autocomplete_fields = ["organisation"]
    formfield_overrides = {models.DateField: ADMIN_DATE}
    fields = [
        "title",
        "slug",
        "problem",
        "proposal",
        "easy_read",
        "theme",
        "group",
        "organisation",
        "raised_on",
        "open_for_comments",
        "diary_number",
        "status",
        "status_changed_on",
        "next_step",
        "next_step_month",
    ]
    # A next step given on its own is saved after a new status, which would end it otherwise.
    inlines = [NewStatusChangeInline, TrailInline, NewNextStepInline, NextStepTrailInline]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            # Every trail starts with the proposal being received by its group.
            services.record_received(obj, recorded_by=request.user)

    def save_formset(self, request, form, formset, change):
        if not issubclass(formset.form, (NewStatusChangeForm, NewNextStepForm)):
            return super().save_formset(request, form, formset, change)
        formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
        for entry_form in formset.forms:
            if not (entry_form.has_changed() and entry_form.cleaned_data):
                continue
            # The model's fields as declared here: the admin's own Meta lists the form's others.
            names = (
                NewNextStepForm if isinstance(entry_form, NewNextStepForm) else NewStatusChangeForm
            ).Meta.fields
            fields = {name: entry_form.cleaned_data[name] for name in names}
            if isinstance(entry_form, NewNextStepForm):
                entry = services.record_next_step(form.instance, recorded_by=request.user, **fields)
            else:
                entry = services.record_status_change(
                    form.instance,
                    recorded_by=request.user,
                    next_step=entry_form.next_step(),
                    **fields,
                )
            formset.new_objects.append(entry)
        return formset.new_objects


class HideForm(forms.Form):
    reason = forms.CharField(
        label=_("Public reason for hiding"),
        max_length=300,
        help_text=_(
            "Shown in the comment's place, e.g. “it contained information about a private person”."
        ),
    )


class CommentForm(forms.ModelForm):
    """The moderator's form: approving needs each hit of the personal-data check confirmed."""

    confirm = forms.MultipleChoiceField(
        label=_("Personal-data check"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "privacy-confirm"}),
    )

    class Meta:
        model = Comment
        fields = ["state", "hidden_reason"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.review = services.comment_privacy_review(self.instance)
        field = self.fields.get("confirm")  # not on a withdrawn comment's form, which is shown
        if field is None:
            return
        field.choices = privacy.choices(self.review)
        if not self.review.hits:
            field.help_text = _("The check found nothing in the comment.")
        elif not self.review.pending:
            field.help_text = _("Each hit is confirmed as nothing sensitive.")
        else:
            field.help_text = _(
                "The check found what may identify a person. Before approving, tick each hit "
                "that is nothing sensitive; otherwise hide the comment with a reason."
            )

    def clean(self):
        data = super().clean()
        if data.get("state") == Comment.State.APPROVED and "state" in self.changed_data:
            _keys, errors = privacy.confirmed_keys(self.review, data.get("confirm") or [])
            if errors:
                self.add_error("confirm", ValidationError(errors))
        return data


class ReportInline(admin.TabularInline):
    model = CommentReport
    fields = readonly_fields = ["reason", "reporter", "created_at"]
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False


class ReportedFilter(admin.SimpleListFilter):
    title = _("reports")
    parameter_name = "anmald"

    def lookups(self, request, model_admin):
        return [("ja", _("Reported"))]

    def queryset(self, request, queryset):
        if self.value() == "ja":
            return queryset.filter(reports__isnull=False).distinct()
        return queryset


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    """The moderators' queue: approve, or hide with a public reason, one by one or in bulk."""

    list_display = ["excerpt", "idea", "organisation", "author", "state", "created_at", "reports"]
    list_filter = ["state", ReportedFilter, "is_official"]
    list_select_related = ["idea", "organisation", "author"]
    search_fields = ["body", "idea__title", "author__first_name", "author__last_name"]
    ordering = ["state", "created_at"]
    form = CommentForm
    fields = ["idea", "parent", "organisation", "author", "is_official", "body", "confirm",
              "state", "hidden_reason", "created_at", "moderated_at", "moderated_by"]  # fmt: skip
    readonly_fields = ["idea", "parent", "organisation", "author", "is_official", "body",
                       "created_at", "moderated_at", "moderated_by"]  # fmt: skip
    inlines = [ReportInline]
    actions = ["approve", "hide"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(report_count=Count("reports"))

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.state == Comment.State.WITHDRAWN:
            return [*self.readonly_fields, "state", "hidden_reason"]
        return self.readonly_fields

    def get_fields(self, request, obj=None):
        if obj is not None and obj.state == Comment.State.WITHDRAWN:
            return [name for name in self.fields if name != "confirm"]  # nothing to approve
        return self.fields

    def has_add_permission(self, request):
        return False  # comments are written on the public site

    @admin.display(description=_("comment"))
    def excerpt(self, comment: Comment) -> str:
        return Truncator(comment.body).chars(80)

    @admin.display(description=_("reports"), ordering="report_count")
    def reports(self, comment: Comment) -> int:
        return comment.report_count

    def save_model(self, request, obj, form, change):
        if "state" in form.changed_data:
            services.moderate_comments(
                [obj],
                moderator=request.user,
                state=obj.state,
                reason=obj.hidden_reason,
                confirm=form.cleaned_data.get("confirm") or (),
            )
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Approve the selected comments"), permissions=["change"])
    def approve(self, request, queryset):
        count = services.moderate_comments(
            queryset, moderator=request.user, state=Comment.State.APPROVED
        )
        self.message_user(
            request,
            ngettext("%(count)d comment approved.", "%(count)d comments approved.", count)
            % {"count": count},
            messages.SUCCESS,
        )
        held = queryset.exclude(state__in=[Comment.State.APPROVED, Comment.State.WITHDRAWN]).count()
        if held:
            self.message_user(
                request,
                ngettext(
                    "%(count)d comment was not approved: the check found what may identify a "
                    "person. Open it to look at the hits.",
                    "%(count)d comments were not approved: the check found what may identify a "
                    "person. Open each to look at its hits.",
                    held,
                )
                % {"count": held},
                messages.WARNING,
            )

    @admin.action(
        description=_("Hide the selected comments, with a reason"), permissions=["change"]
    )
    def hide(self, request, queryset):
        form = HideForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            count = services.moderate_comments(
                queryset,
                moderator=request.user,
                state=Comment.State.HIDDEN,
                reason=form.cleaned_data["reason"],
            )
            self.message_user(
                request,
                ngettext("%(count)d comment hidden.", "%(count)d comments hidden.", count)
                % {"count": count},
                messages.SUCCESS,
            )
            return None
        return TemplateResponse(
            request,
            "admin/ideas/comment/hide.html",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "title": _("Hide comments"),
                "comments": queryset,
                "form": form,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            },
        )
