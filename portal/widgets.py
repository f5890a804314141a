"""Form widgets every part of the portal uses."""

import html

from django import forms
from django.utils.safestring import mark_safe


class QuickSelect(forms.Select):
    """Django's select, with the same HTML, written in Python instead of a template per option.

    A filter offers hundreds of organisations; one template include per option cost /ideer/
    some 40 ms on every cache miss, this costs well under 1 ms. Options without optgroups, as
    the portal's filters have; `option_lang` marks every option but the empty one.
    """

    option_lang: str | None = None

    def render(self, name, value, attrs=None, renderer=None):
        selected = set(self.format_value(value))
        lang = f' lang="{self.option_lang}"' if self.option_lang else ""
        options = []
        for option_value, label in self.choices:
            option_value = "" if option_value is None else str(option_value)
            value_html = html.escape(option_value)
            chosen = " selected" if option_value in selected else ""
            marked = lang if option_value else ""
            options.append(
                f'<option value="{value_html}"{chosen}{marked}>{html.escape(str(label))}</option>'
            )
        attributes = "".join(
            f" {key}" if value is True else f' {key}="{html.escape(str(value))}"'
            for key, value in self.build_attrs(self.attrs, attrs).items()
            if value is not False
        )
        # Every name, value and label is escaped above.
        name_html = html.escape(name)
        return mark_safe(f'<select name="{name_html}"{attributes}>{"".join(options)}</select>')


class MarkdownTextarea(forms.Textarea):
    """A textarea for Markdown with a "Förhandsgranska" button that shows the text as the public
    page will: beside the field, kept up to date while typing, by htmx (the page loads htmx and
    static/js/markdown-preview.js); without JavaScript the button opens the preview in a new
    tab, the form and what was typed staying as they are.

    `preview_url` is the view that renders the text (meetings/admin_preview.py). The button's
    name follows the field's, so Django's inline rows renumber it with the field.
    """

    template_name = "django/forms/widgets/markdown_textarea.html"

    def __init__(self, *args, preview_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.preview_url = preview_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["preview_url"] = str(self.preview_url)
        return context
