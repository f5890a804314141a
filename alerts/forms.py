import hashlib
import hmac

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from alerts.models import Subscription
from alerts.services import normalised
from portal.http import over_limit

Frequency = Subscription.Frequency


class AlertForm(forms.Form):
    """An e-mail address asks for alerts; the small form on the pages sends the address alone."""

    email = forms.EmailField(
        label=_("Your e-mail address"),
        max_length=254,
        error_messages={
            "required": _("Write your e-mail address, as name@example.se."),
            "invalid": _("Write the e-mail address as name@example.se."),
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    frequency = forms.ChoiceField(
        label=_("How often?"),
        choices=Frequency.choices,
        initial=Frequency.IMMEDIATELY,
        required=False,
        widget=forms.RadioSelect,
    )
    comments = forms.BooleanField(
        label=_("Also new comments from the user organisations"), required=False
    )

    def __init__(self, *args, request, offers_comments: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.request = request
        if not offers_comments:
            del self.fields["comments"]

    def clean_frequency(self) -> str:
        return self.cleaned_data["frequency"] or Frequency.IMMEDIATELY

    def clean(self):
        """Each address gets a few mails an hour at most, whoever asks for them."""
        cleaned = super().clean()
        email = cleaned.get("email")
        rate = settings.ALERTS_PER_ADDRESS_RATE
        if email and rate != "0" and over_limit(self.request, "alerts-address", rate, key=_key):
            raise ValidationError(
                _(
                    "Several e-mails have been sent to this address in a short time. Wait an "
                    "hour and try again."
                ),
                code="rate_limited",
            )
        cleaned.setdefault("comments", False)
        return cleaned

    @property
    def status(self) -> int:
        codes = [error.code for error in self.non_field_errors().as_data()]
        return 429 if "rate_limited" in codes else 200


class ChoicesForm(forms.Form):
    """A subscriber changes how often, and whether with the comments, on the manage page."""

    frequency = forms.ChoiceField(
        label=_("How often?"), choices=Frequency.choices, widget=forms.RadioSelect
    )
    comments = forms.BooleanField(
        label=_("Also new comments from the user organisations"), required=False
    )

    def __init__(self, *args, subscription: Subscription, **kwargs):
        kwargs.setdefault(
            "initial", {"frequency": subscription.frequency, "comments": subscription.comments}
        )
        super().__init__(*args, prefix=f"s{subscription.pk}", **kwargs)
        if not subscription.offers_comments:
            del self.fields["comments"]


def _key(group: str, request) -> str:
    """The per-address count's key: a keyed hash, so that no address is kept in the cache."""
    email = normalised(request.POST.get("email", ""))
    return hmac.new(settings.SECRET_KEY.encode(), email.encode(), hashlib.sha256).hexdigest()
