from django import forms
from django.utils.translation import gettext_lazy as _

from ideas.models import Status


class IdeaFilterForm(forms.Form):
    """The filters on /ideer/; the choices are only those that have ideas."""

    SORTS = [("andrad", _("Latest status change")), ("nyast", _("Newest idea"))]

    status = forms.ChoiceField(label=_("Status"), required=False)
    grupp = forms.ChoiceField(label=_("Group"), required=False)
    tema = forms.ChoiceField(label=_("Theme"), required=False)
    organisation = forms.ChoiceField(label=_("Organisation"), required=False)
    ordning = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORTS)

    def __init__(self, data, *, groups, themes, organisations):
        super().__init__(data)
        self.fields["status"].choices = [("", _("All statuses")), *Status.choices]
        self.fields["grupp"].choices = [("", _("All groups"))] + [(g.slug, g.name) for g in groups]
        self.fields["tema"].choices = [("", _("All themes"))] + [(t.slug, t.name) for t in themes]
        self.fields["organisation"].choices = [("", _("All organisations"))] + [
            (o.slug, o.name) for o in organisations
        ]
