"""The admin's "Importera minnesanteckningar": a file or pasted text, a preview of the agenda
items beside the source, adjustments, and a draft meeting saved from it.

Two steps, each a plain form (no JavaScript needed): the upload, which reads the file
(meetings/minutes_import/) and shows the preview; the preview, whose items the editor renames,
merges with the one before, or splits (a line "# Rubrik" in a text starts a new item), shown
again or saved as a draft. The attendees found are rows the editor keeps or drops, each with
an organisation from the directory or, when the one written is not there, that one added to it
on saving. Publishing stays a separate act on the meeting's page.
"""

from datetime import date

from django import forms
from django.contrib import messages
from django.contrib.admin import ModelAdmin
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import MaxLengthValidator
from django.http import Http404
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from directory.models import Group, Organisation
from meetings.minutes_import import (
    Draft,
    Suggested,
    Unreadable,
    attendee_key,
    find_date,
    listed_attendees,
    read_minutes,
    save_draft,
)
from meetings.minutes_import.readers import MAX_BYTES
from meetings.minutes_import.structure import Item, Minutes
from meetings.models import Meeting
from portal.fields import SwedishDateField

# What the preview carries from one step to the next that the editor does not edit: signed,
# so a changed hidden field is refused rather than saved.
_SIGNER = signing.Signer(salt="meetings.minutes-import")
SOURCE_SHOWN = 100_000  # characters of the source in the preview


class UploadForm(forms.Form):
    group = forms.ModelChoiceField(Group.objects.order_by("name"), label=gettext_lazy("Group"))
    day = SwedishDateField(
        label=gettext_lazy("Date of the meeting"),
        required=False,
        help_text=gettext_lazy(
            "For example 2026-03-13 or 13 mars 2026. Leave empty if the minutes say it."
        ),
    )
    title = forms.CharField(
        label=gettext_lazy("Title"),
        required=False,
        max_length=200,
        help_text=gettext_lazy("Leave empty for the group's name and the date."),
    )
    file = forms.FileField(
        label=gettext_lazy("File"),
        required=False,
        help_text=gettext_lazy(
            "Minutes as .docx (Word), .odt (LibreOffice) or .pdf, at most 20 MB."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".docx,.odt,.pdf,.txt"}),
    )
    text = forms.CharField(
        label=gettext_lazy("Or paste the text"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12}),
    )

    def __init__(self, *args, meeting=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.meeting = meeting
        if meeting is not None:  # into this draft: its group, date and title stay
            for name in ("group", "day", "title"):
                del self.fields[name]

    def clean(self):
        data = super().clean()
        if self.meeting is not None:
            data |= {
                "group": self.meeting.group,
                "day": timezone.localdate(self.meeting.starts_at),
                "title": self.meeting.title,
            }
        upload, text = data.get("file"), (data.get("text") or "").strip()
        if not upload and not text:
            raise ValidationError(_("Choose a file or paste the text of the minutes."))
        if upload and upload.size > MAX_BYTES:
            self.add_error("file", _("The file is larger than 20 MB."))
            return data
        try:
            if upload:
                data["draft"] = read_minutes(upload.read(), upload.name)
            else:
                data["draft"] = read_minutes(text.encode(), "inklistrat.txt")
        except Unreadable as error:
            self.add_error("file" if upload else "text", str(error))
            return data
        if not data.get("day"):
            data["day"] = find_date(*data["draft"].minutes.preamble)
            if data["day"] is None:
                self.add_error("day", _("The minutes do not say the date: write it here."))
        return data


class ItemForm(forms.Form):
    heading = forms.CharField(label=gettext_lazy("Heading"), max_length=300)
    body = forms.CharField(
        label=gettext_lazy("Minutes"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=gettext_lazy("A line “# Heading” starts a new item there."),
    )
    merge = forms.BooleanField(label=gettext_lazy("Merge with the item before"), required=False)


ItemFormSet = forms.formset_factory(ItemForm, extra=0, max_num=200, validate_max=True)

NEW = "ny"  # the organisation chosen for an attendee: the one written, added to the directory


class AttendeeForm(forms.Form):
    """One attendee the minutes name, kept or dropped, with the organisation they came for."""

    keep = forms.BooleanField(required=False)
    # Validated, not max_length: a counter under each short name would only be in the way.
    name = forms.CharField(required=False, validators=[MaxLengthValidator(200)])
    role = forms.CharField(required=False, validators=[MaxLengthValidator(200)])
    organisation = forms.ChoiceField(required=False)

    def __init__(self, *args, suggestion, organisations, listed=frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        # The name and organisation as written, and the directory's organisation of that name.
        self.written_name, self.found, self.written, _role = suggestion
        # The choice offered first, and what the row says of the organisation written.
        if self.found is not None:
            first = []
            said = _("In the minutes: %(written)s. Found in the directory: %(name)s.") % {
                "written": self.written,
                "name": self.found.name,
            }
        elif self.written:
            first = [(NEW, _("Add “%(name)s” to the directory") % {"name": self.written})]
            said = _("In the minutes: %(written)s. Not in the directory.") % {
                "written": self.written
            }
        else:
            first = [("", _("– Choose an organisation –"))]
            said = _(
                "The minutes name no organisation, and an attendee belongs to one: choose one, "
                "or do not keep them."
            )
        if self.found and attendee_key(self.written_name, self.found.pk) in listed:
            said += " " + _("Already on the meeting: saved once.")
        self.fields["organisation"].help_text = said
        self.fields["organisation"].choices = first + [(str(o.pk), o.name) for o in organisations]
        labels = {"name": self.written_name or "?"}
        self.fields["keep"].label = _("Keep %(name)s") % labels
        self.fields["name"].label = _("%(name)s: name") % labels
        self.fields["role"].label = _("%(name)s: role") % labels
        self.fields["organisation"].label = _("%(name)s: organisation") % labels

    def full_clean(self):
        super().full_clean()
        if self.is_bound and not self.cleaned_data.get("keep"):
            self._errors.clear()  # a dropped row is not saved, so not checked either

    def clean(self):
        data = super().clean()
        if not data.get("keep"):
            return data
        if not (data.get("name") or "").strip():
            self.add_error("name", _("Write the name, or do not keep the attendee."))
        choice = data.get("organisation")
        if "organisation" in self.errors:
            return data  # a choice that is not one (an organisation removed meanwhile)
        if not choice:
            self.add_error(
                "organisation",
                _("An attendee belongs to an organisation: choose one, or do not keep them."),
            )
        elif choice == NEW and len(self.written) > 200:
            self.add_error(
                "organisation",
                _(
                    "The organisation's name is longer than 200 characters: choose one in the "
                    "directory, or add it there first."
                ),
            )
        return data


class BaseAttendeeFormSet(forms.BaseFormSet):
    """The attendees carried from the file, one row each; the directory's organisations are
    read once for all the rows' choices."""

    def __init__(self, data=None, *, suggestions, meeting=None, **kwargs):
        self.suggestions = suggestions
        self.listed = listed_attendees(meeting)  # those the draft imported into has
        self.organisations = {o.pk: o for o in Organisation.objects.only("pk", "name")}
        initial = [
            {
                "keep": True,
                "name": name,
                "role": role,
                "organisation": str(found.pk) if found else (NEW if written else ""),
            }
            for name, found, written, role in suggestions
        ]
        super().__init__(data, initial=initial, prefix="attendees", **kwargs)

    def total_form_count(self):
        return min(super().total_form_count(), len(self.suggestions))

    def get_form_kwargs(self, index):
        suggestion = Suggested("", None, "") if index is None else self.suggestions[index]
        return {
            "suggestion": suggestion,
            "organisations": self.organisations.values(),
            "listed": self.listed,
        }

    def kept(self) -> list[Suggested]:
        """The rows kept: the name, the organisation chosen (None: the one written, to add)."""
        return [
            Suggested(
                form.cleaned_data["name"].strip(),
                None
                if form.cleaned_data["organisation"] == NEW
                else self.organisations[int(form.cleaned_data["organisation"])],
                form.written,
                form.cleaned_data["role"].strip(),
            )
            for form in self.forms
            if form.cleaned_data.get("keep")
        ]


AttendeeFormSet = forms.formset_factory(AttendeeForm, formset=BaseAttendeeFormSet, extra=0)


def import_view(model_admin: ModelAdmin, request):
    """A new draft meeting from a file, or with `?mote=<id>` more items for a draft."""
    meeting = _target(model_admin, request)
    if meeting is None and not model_admin.has_add_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.model._meta,
        "meeting": meeting,
    }
    if request.method == "POST" and "carried" in request.POST:
        return _preview_step(model_admin, request, context)
    form = UploadForm(request.POST or None, request.FILES or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        carried = _carry(data["group"], data["day"], data["title"], data["draft"])
        carried["into"] = meeting.pk if meeting else None
        return _preview(request, context, carried, _formset(data["draft"].minutes.items))
    title = _("Import minutes")
    if meeting is not None:
        title = _("Import minutes into %(meeting)s") % {"meeting": meeting}
    return TemplateResponse(
        request,
        "admin/meetings/meeting/import.html",
        {**context, "form": form, "title": title},
    )


def _target(model_admin: ModelAdmin, request):
    """The draft named by `?mote=`, which the editor may change; None without one."""
    wanted = request.GET.get("mote")
    if wanted is None:
        return None
    meeting = Meeting.objects.filter(pk=wanted if wanted.isdigit() else None).first()
    if meeting is None:
        raise Http404
    if not model_admin.has_change_permission(request, meeting):
        raise PermissionDenied
    if meeting.is_published:
        raise PermissionDenied(_("Minutes are imported into drafts."))
    return meeting


def _preview_step(model_admin, request, context):
    try:
        carried = _SIGNER.unsign_object(request.POST["carried"])
    except signing.BadSignature:
        raise PermissionDenied from None
    formset = ItemFormSet(request.POST)
    attendees = AttendeeFormSet(
        request.POST, suggestions=_attendees(carried), meeting=context["meeting"]
    )
    if not formset.is_valid():
        return _preview(request, context, carried, formset, attendees)
    items = _items(formset)
    if "save" not in request.POST:  # "Visa igen": the adjustments applied, shown once more
        return _preview(request, context, carried, _formset(items), attendees)
    if not attendees.is_valid():
        return _preview(request, context, carried, formset, attendees)
    minutes = Minutes(
        items=items, recordings=[tuple(r) for r in carried["recordings"]], attendees=[]
    )
    into = context["meeting"]
    if carried.get("into") != (into.pk if into else None):
        raise PermissionDenied  # a preview made for another meeting
    try:
        meeting = save_draft(
            Draft(minutes, attendees.kept()),
            group=Group.objects.get(pk=carried["group"]),
            day=date.fromisoformat(carried["day"]),
            title=carried["title"],
            into=into,
            add_organisations=True,  # only those the editor left to be added
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _preview(request, context, carried, formset, attendees)
    if into is not None:
        done = _("%(count)d agenda items were added to the draft. Check them, then publish.")
    else:
        done = _(
            "The minutes were saved as a draft with %(count)d items. Check them, then publish."
        )
    messages.success(request, done % {"count": len(items)})
    return redirect(reverse("admin:meetings_meeting_change", args=[meeting.pk]))


def _preview(request, context, carried: dict, formset, attendees=None):
    if attendees is None:
        attendees = AttendeeFormSet(suggestions=_attendees(carried), meeting=context["meeting"])
    return TemplateResponse(
        request,
        "admin/meetings/meeting/import_preview.html",
        {
            **context,
            "title": _("Check the imported minutes"),
            "carried": _SIGNER.sign_object(carried),
            "formset": formset,
            "source": carried["source"],
            "group": Group.objects.filter(pk=carried["group"]).first(),
            "day": date.fromisoformat(carried["day"]),
            "recordings": carried["recordings"],
            "attendees": attendees,
            "has_errors": bool(formset.total_error_count() or attendees.total_error_count()),
        },
    )


def _formset(items: list[Item]):
    return ItemFormSet(initial=[{"heading": item.heading, "body": item.body} for item in items])


def _attendees(carried: dict) -> list[Suggested]:
    """The carried attendees with their organisations read again, in one query. (A preview
    made before roles were read carries no role.)"""
    organisations = Organisation.objects.in_bulk([a[1] for a in carried["attendees"] if a[1]])
    return [
        Suggested(name, organisations.get(pk), written, *role)
        for name, pk, written, *role in carried["attendees"]
    ]


def _carry(group, day, title, draft: Draft) -> dict:
    return {
        "group": group.pk,
        "day": day.isoformat(),
        "title": title,
        # The preview shows the source's start; a longer one is only shown shortened there.
        "source": draft.source[:SOURCE_SHOWN],
        "recordings": [list(recording) for recording in draft.minutes.recordings],
        "attendees": [
            [name, organisation.pk if organisation else None, written, role]
            for name, organisation, written, role in draft.attendees
        ],
    }


def _items(formset) -> list[Item]:
    """The items as the editor left them: merged into the one before where asked, split where
    a line of a text starts with "# "."""
    items: list[Item] = []
    for form in formset.forms:
        heading, body = form.cleaned_data["heading"].strip(), form.cleaned_data["body"].strip()
        if form.cleaned_data["merge"] and items:
            items[-1].paragraphs += [f"### {heading}", body] if body else [f"### {heading}"]
        else:
            items.append(Item(heading, [body] if body else []))
        _split(items)
    return items


def _split(items: list[Item]) -> None:
    last = items[-1]
    lines = last.body.split("\n")
    cuts = [n for n, line in enumerate(lines) if line.startswith("# ")]
    if not cuts:
        return
    last.paragraphs = ["\n".join(lines[: cuts[0]]).strip()] if cuts[0] else []
    last.paragraphs = [p for p in last.paragraphs if p]
    for start, end in zip(cuts, [*cuts[1:], len(lines)], strict=True):
        body = "\n".join(lines[start + 1 : end]).strip()
        items.append(Item(lines[start][2:].strip(), [body] if body else []))
