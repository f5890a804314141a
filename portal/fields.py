"""Form fields for what staff type in Swedish: dates and times (portal/dates.py).

Django's admin takes 2026-03-13 and 13:00 and refuses `13/3 2026`, `13 mars 2026` and `13.00`
without saying which form it wants. These take all of them, and the ISO form the admin's
calendar writes; the help text and the message say the expected forms.
"""

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.dates import read_date, read_month, read_time

DATE_FORMS = _("Write the date as 2026-03-13, 13/3 2026 or 13 mars 2026.")
TIME_FORMS = _("Write the time as 13.00, 13:00 or kl. 13.")
MONTH_FORMS = _("Write the month as mars 2027 or 2027-03.")


class _AsTyped:
    """A field whose text is read by `read` (None: not understood)."""

    read = None

    def to_python(self, value):
        if value in self.empty_values or not isinstance(value, str):
            return super().to_python(value)
        if (found := self.read(value)) is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return found


class SwedishDateField(_AsTyped, forms.DateField):
    """A date; for a model's DateField in the admin through `formfield_overrides`, which passes
    the model's (empty) help text, so an empty one is replaced too."""

    default_error_messages = {"invalid": DATE_FORMS}
    read = staticmethod(read_date)

    def __init__(self, **kwargs):
        kwargs["help_text"] = kwargs.get("help_text") or DATE_FORMS
        super().__init__(**kwargs)


class AdminDateInput(AdminDateWidget):
    """The admin's date input with its calendar, described to a screen reader by its help text
    and error as well: Django's names only the time-zone warning, so the expected forms were
    shown but never read out with the field."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        shown = context["widget"]["attrs"]
        if field_id := shown.get("id"):
            error = [f"{field_id}_error"] if shown.get("aria-invalid") else []
            shown["aria-describedby"] = " ".join(
                [f"{field_id}_helptext", *error, shown["aria-describedby"]]
            )
        return context


# A model's DateField in the admin, through `formfield_overrides`.
ADMIN_DATE = {"form_class": SwedishDateField, "widget": AdminDateInput}


class SwedishTimeField(_AsTyped, forms.TimeField):
    default_error_messages = {"invalid": TIME_FORMS}
    read = staticmethod(read_time)


class SwedishMonthField(_AsTyped, forms.DateField):
    """A month, stored as its first day; shown as "mars 2027" when the form is shown again."""

    default_error_messages = {"invalid": MONTH_FORMS}
    read = staticmethod(read_month)

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", MONTH_FORMS)
        kwargs.setdefault("widget", forms.TextInput(attrs={"size": 14}))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if hasattr(value, "month") and hasattr(value, "year"):
            return f"{value.year}-{value.month:02d}"
        return value


class SwedishSplitDateTimeField(forms.SplitDateTimeField):
    """The admin's date and time pair, reading Swedish forms; for `formfield_overrides`."""

    default_error_messages = {"invalid_date": DATE_FORMS, "invalid_time": TIME_FORMS}

    def __init__(self, **kwargs):
        kwargs["help_text"] = kwargs.get("help_text") or HELP
        fields = (
            SwedishDateField(error_messages={"invalid": DATE_FORMS}),
            SwedishTimeField(error_messages={"invalid": TIME_FORMS}),
        )
        # As SplitDateTimeField does, with these two fields instead of Django's.
        forms.MultiValueField.__init__(self, fields, **kwargs)


HELP = _("Date as 2026-03-13, 13/3 2026 or 13 mars 2026; time as 13.00 or kl. 13.")
