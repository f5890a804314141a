from django import forms
from django.utils.translation import gettext_lazy as _

from directory.forms import NamesSelect
from portal.widgets import QuickSelect

QUERY_MAX_LENGTH = 200


class SearchForm(forms.Form):
    """The search box and its filters; the choices are only groups and years that exist."""

    KINDS = [
        ("", _("Everything")),
        ("moten", _("Meetings and minutes")),
        ("ideer", _("Ideas and decisions")),
        ("kommentarer", _("Comments")),
    ]

    q = forms.CharField(
        label=_("Search for"),
        required=False,
        max_length=QUERY_MAX_LENGTH,
        error_messages={
            "max_length": _(
                "Write at most %(limit_value)d characters (you wrote %(show_value)d). "
                "A few words are enough."
            )
        },
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    typ = forms.ChoiceField(label=_("Show"), required=False, choices=KINDS, widget=QuickSelect)
    grupp = forms.ChoiceField(label=_("Group"), required=False, widget=NamesSelect)
    ar = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None, widget=QuickSelect
    )

    def __init__(self, data, *, groups, years):
        super().__init__(data)
        self.fields["grupp"].choices = [("", _("All groups"))] + [(g.slug, g.name) for g in groups]
        self._group_ids = {group.slug: group.pk for group in groups}
        self.fields["ar"].choices = [("", _("All years"))] + [(y, y) for y in years]

    def clean_grupp(self) -> int | None:
        """The group's id: filtered by the number, PostgreSQL knows from its statistics how
        many ideas the group has (the joint group has many), as it cannot from a slug."""
        return self._group_ids.get(self.cleaned_data["grupp"])
