from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from pages.tasks import recipients
from portal.http import over_limit

DESCRIPTION_MAX_LENGTH = 3000
# A visitor may send this many reports an hour; a real one sends one or two.
REPORT_RATE = "5/h"
# The answer's status when a report that is in order still cannot be sent.
REFUSED = {"no_recipient": 503, "rate_limited": 429}


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

    def __init__(self, *args, request, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request

    def clean(self):
        """A report in order is refused only when no one would get it, or after many of them.

        check --deploy refuses a production site without a recipient; never thank falsely.
        """
        cleaned = super().clean()
        if self.errors:
            return cleaned
        if not recipients():
            raise ValidationError(
                _(
                    "The report could not be sent: no one has been set to receive it. Use the "
                    "contact details above instead."
                ),
                code="no_recipient",
            )
        if over_limit(self.request, "accessibility-report", REPORT_RATE):
            raise ValidationError(
                _(
                    "You have sent several reports in a short time. Wait an hour and send "
                    "again; your text is kept here."
                ),
                code="rate_limited",
            )
        return cleaned

    @property
    def status(self) -> int:
        """200 for a mistake to correct; 503 or 429 for a report refused as a whole."""
        codes = [error.code for error in self.non_field_errors().as_data()]
        return next((REFUSED[code] for code in codes if code in REFUSED), 200)
