"""The portal's select writes in Python the HTML Django's select template writes."""

import re

from django import forms

from directory.forms import NamesSelect
from portal.widgets import QuickSelect

CHOICES = [("", "Alla grupper"), ("a-b", "Brukarråd <Öster> & co"), (2024, "2024"), ("x", '"x"')]


def _tags(html: str) -> str:
    return re.sub(r">\s+<", "><", html.strip())


def test_quick_select_is_django_select_in_python():
    attrs = {"id": "id_grupp", "aria-describedby": "grupp-fel", "aria-invalid": "true"}
    for value in ["", "a-b", 2024, "2024", None, ["x"]]:
        django = forms.Select(choices=CHOICES).render("grupp", value, attrs)
        quick = QuickSelect(choices=CHOICES).render("grupp", value, attrs)
        assert _tags(quick) == _tags(django), value


def test_names_are_marked_swedish_except_the_empty_choice():
    html = NamesSelect(choices=CHOICES).render("grupp", "a-b", {"id": "id_grupp"})
    assert '<option value="">Alla grupper</option>' in html
    assert (
        '<option value="a-b" selected lang="sv">Brukarråd &lt;Öster&gt; &amp; co</option>' in html
    )
