from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from directory.forms import NamesSelect
from directory.models import Organisation
from ideas import services
from ideas.models import COMMENT_MAX_LENGTH, Comment, CommentReport, Idea, Status
from portal.widgets import QuickSelect


class IdeaFilterForm(forms.Form):
    """The filters on /ideer/; the choices are only those that have ideas."""

    SORTS = [
        ("andrad", _("Latest status change")),
        ("nyast", _("Newest idea")),
        ("aldst", _("Oldest status change")),
    ]
    # The progress page's two lists in full (ideas/views.py: WAITING_DAYS).
    SHOWS = [
        ("", _("All ideas")),
        ("vantar", _("Waiting for an answer for more than 90 days")),
        ("forsenat", _("Late next step")),
    ]

    status = forms.ChoiceField(label=_("Status"), required=False, widget=QuickSelect)
    grupp = forms.ChoiceField(label=_("Group"), required=False, widget=NamesSelect)
    tema = forms.ChoiceField(label=_("Theme"), required=False, widget=NamesSelect)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False, widget=NamesSelect)
    visa = forms.ChoiceField(label=_("Show"), required=False, choices=SHOWS, widget=QuickSelect)
    ordning = forms.ChoiceField(
        label=_("Sort by"), required=False, choices=SORTS, widget=QuickSelect
    )

    def __init__(self, data, *, groups, themes, organisations):
        super().__init__(data)
        self.fields["status"].choices = [("", _("All statuses")), *Status.choices]
        self.fields["grupp"].choices = [("", _("All groups"))] + [(g.slug, g.name) for g in groups]
        self.fields["tema"].choices = [("", _("All themes"))] + [(t.slug, t.name) for t in themes]
        self.fields["organisation"].choices = [("", _("All organisations"))] + [
            (o.slug, o.name) for o in organisations
        ]


class CommentForm(forms.ModelForm):
    """A comment or a reply, on behalf of one of the writer's organisations.

    Staff write the department's official answers instead and choose no organisation.
    """

    class Meta:
        model = Comment
        fields = ["organisation", "body"]
        widgets = {
            "organisation": forms.RadioSelect,
            "body": forms.Textarea(attrs={"rows": 6}),
        }
        labels = {"body": _("Your comment"), "organisation": _("Write on behalf of")}

    def __init__(self, *args, user, idea: Idea, parent: Comment | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.user, self.idea, self.parent = user, idea, parent
        # Filled in here, in the language of the request, rather than once at import.
        self.fields["body"].help_text = _(
            "At most %(max)d characters. Links are shown as plain addresses."
        ) % {"max": COMMENT_MAX_LENGTH}
        representative = getattr(user, "representative", None)
        self.official = services.may_be_official(user)
        if self.official:
            del self.fields["organisation"]
        else:
            self.fields["organisation"].queryset = (
                representative.organisations.all()
                if representative
                else Organisation.objects.none()
            )
            self.fields["organisation"].empty_label = None
            self.fields["organisation"].required = True
            self.fields["organisation"].error_messages["required"] = _(
                "Choose the organisation you write for."
            )
        self.fields["body"].error_messages["required"] = _("Write a comment before you send it.")

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(_("Write a comment before you send it."), code="required")
        return body

    def clean(self):
        cleaned = super().clean()
        if not self.idea.open_for_comments:
            raise ValidationError(_("The idea is closed for comments."), code="closed")
        since = timezone.now() - settings.COMMENT_RATE_WINDOW
        recent = Comment.objects.filter(author=self.user, created_at__gte=since)
        body = cleaned.get("body")
        if body and recent.filter(idea=self.idea, body=body).exists():
            raise ValidationError(
                _("You have already sent this comment. It is shown below."), code="repeated"
            )
        if recent.count() >= settings.COMMENT_RATE_LIMIT:
            raise ValidationError(
                _(
                    "You have written %(limit)d comments in a short time. Wait a few minutes "
                    "and send again; your text is kept here."
                )
                % {"limit": settings.COMMENT_RATE_LIMIT},
                code="rate_limited",
            )
        return cleaned

    @property
    def rate_limited(self) -> bool:
        return any(e.code == "rate_limited" for e in self.non_field_errors().as_data())


class ReportForm(forms.ModelForm):
    class Meta:
        model = CommentReport
        fields = ["reason"]
        widgets = {"reason": forms.Textarea(attrs={"rows": 4})}
        labels = {"reason": _("What is wrong with the comment?")}
        help_texts = {
            "reason": _("For example: it tells something about a private person's circumstances.")
        }
