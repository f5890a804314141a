from django import forms
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import User
from django.core import validators
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from directory import services
from directory.models import Representative
from portal.widgets import QuickSelect


class NamesSelect(QuickSelect):
    """A choice among names staff wrote (groups, themes, organisations), as a filter offers.

    The names stay Swedish in every language, so each option but the empty one ("All …") is
    marked lang="sv" for screen readers on the English pages.
    """

    option_lang = "sv"


class InvitationForm(forms.ModelForm):
    """The admin's form to invite a representative: their account is made from these fields."""

    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    email = forms.EmailField(
        label=_("E-mail address"),
        max_length=150,  # it becomes the account's username
        help_text=_("The invitation goes here, and the person logs in with this address."),
    )

    class Meta:
        model = Representative
        fields = ["first_name", "last_name", "email", "organisations", "notify"]

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).exists():
            raise ValidationError(
                _(
                    "There is already an account with the e-mail address %(email)s. "
                    "Find the person in the list of representatives, or use another address."
                ),
                code="duplicate",
                params={"email": email},
            )
        return email

    def create_user(self) -> User:
        """The representative's account: no password until they choose one from the invitation."""
        data = self.cleaned_data
        return User.objects.create_user(
            username=data["email"],
            email=data["email"],
            password=None,
            first_name=data["first_name"].strip(),
            last_name=data["last_name"].strip(),
        )


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {
        "invalid_login": _(
            "The e-mail address or the password is wrong. Check both and try again. "
            "After 5 failed attempts, logging in is blocked for a while."
        ),
        "inactive": _("This account is closed. Contact the social services department."),
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["username"].label = _("E-mail address")
        # Focus stays at the top of the page, where a screen reader starts reading.
        self.fields["username"].widget.attrs.pop("autofocus", None)
        self.fields["password"].label = _("Password")
        # AuthenticationForm sets the field's max_length after the field has made its
        # validators, so without this any length reached authenticate(), and django-axes's
        # record of the failed attempt (255 characters at most) failed with a 500.
        self.fields["username"].validators.append(
            validators.MaxLengthValidator(self.fields["username"].max_length)
        )

    def clean_username(self):
        # Representatives' accounts are named by their e-mail address in lower case.
        username = self.cleaned_data["username"].strip()
        return username.lower() if "@" in username else username

    def clean(self):
        try:
            return super().clean()
        except ValidationError:
            # The message is about both fields: each says so to a screen reader.
            for name in ("username", "password"):
                self.fields[name].widget.attrs.update(
                    {"aria-describedby": "form-error", "aria-invalid": "true"}
                )
            raise


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Sends the reset e-mail from a background task, never inside the request."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""
        self.fields["email"].label = _("E-mail address")

    def get_users(self, email):
        # An invited representative who has not yet chosen a password can get a new link here.
        users = User.objects.filter(email__iexact=email, is_active=True)
        return (
            user for user in users if user.has_usable_password() or hasattr(user, "representative")
        )

    def save(self, *args, **kwargs):
        """Queue the mail for whoever has the address, with the same work when no one has it."""
        services.send_password_reset(
            list(self.get_users(self.cleaned_data["email"])), get_language()
        )


class SetPasswordForm(auth_forms.SetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.label_suffix = ""


class NotifyForm(forms.ModelForm):
    class Meta:
        model = Representative
        fields = ["notify"]
        widgets = {"notify": forms.RadioSelect}
        labels = {"notify": _("E-mail about the ideas you follow")}
