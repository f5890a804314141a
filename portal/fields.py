"""Form fields for what staff type in Swedish: dates and times (portal/dates.py).

Django's admin takes 2026-03-13 and 13:00 and refuses `13/3 2026`, `13 mars 2026` and `13.00`
without saying which form it wants. These take all of them, and the ISO form the admin's
calendar writes; the help text and the message say the expected forms.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from portal.dates import read_date, read_time

DATE_FORMS = _("Write the date as 2026-03-13, 13/3 2026 or 13 mars 2026.")
TIME_FORMS = _("Write the time as 13.00, 13:00 or kl. 13.")


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
    default_error_messages = {"invalid": DATE_FORMS}
    read = staticmethod(read_date)


class SwedishTimeField(_AsTyped, forms.TimeField):
    default_error_messages = {"invalid": TIME_FORMS}
    read = staticmethod(read_time)


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
