from django import forms
from django.utils.translation import gettext_lazy as _

from directory.forms import NamesSelect
from portal.widgets import QuickSelect


class MeetingFilterForm(forms.Form):
    """The filters on /moten/: the choices are the groups and years that have meetings."""

    grupp = forms.ChoiceField(label=_("Group"), required=False, widget=NamesSelect)
    ar = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None, widget=QuickSelect
    )

    def __init__(self, data, *, groups, years):
        super().__init__(data)
        self.fields["grupp"].choices = [("", _("All groups"))] + [(g.slug, g.name) for g in groups]
        self.fields["ar"].choices = [("", _("All years"))] + [(y, str(y)) for y in years]
