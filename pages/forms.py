from django import forms
from django.utils.translation import gettext_lazy as _

DESCRIPTION_MAX_LENGTH = 3000


class ReportForm(forms.Form):
    """A visitor reports an accessibility problem; only the description is required."""

    page = forms.CharField(
        label=_("Which page is it about? (if you know)"),
        max_length=500,
        required=False,
        help_text=_("The page's address, or its heading."),
    )
    description = forms.CharField(
        label=_("Describe the problem"),
        max_length=DESCRIPTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What did you try to do, and what did not work?"),
        error_messages={
            "required": _("Describe the problem before you send the report."),
            "max_length": _("Write at most %(limit_value)d characters (you wrote %(show_value)d)."),
        },
    )
    name = forms.CharField(label=_("Your name (if you want)"), max_length=200, required=False)
    email = forms.EmailField(
        label=_("Your e-mail address (if you want an answer)"),
        max_length=254,
        required=False,
        error_messages={
            "invalid": _("Write the e-mail address as name@example.se, or leave the field empty.")
        },
    )
