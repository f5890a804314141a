"""Recording status changes in the admin, per staff role."""

import re
from datetime import date, timedelta

import pytest
from django.contrib.auth.models import Group as StaffGroup
from django.urls import reverse
from django.utils import timezone

from ideas.models import Idea, Status, StatusChange
from portal import roles
from tests.factories import make_editor, make_group, make_idea, make_theme

pytestmark = pytest.mark.django_db


def _change_form(idea: Idea, *, next_step: dict | None = None, **entry) -> dict:
    """The idea's admin form as posted, with a new trail entry (`entry`) and optionally a next
    step given on its own (`next_step`: text, by_body, planned_month)."""
    data = {
        "title": idea.title,
        "slug": idea.slug,
        "problem": idea.problem,
        "proposal": idea.proposal,
        "theme": idea.theme_id,
        "group": idea.group_id,
        "organisation": "",
        "raised_on": idea.raised_on.isoformat(),
        "open_for_comments": "on",
        "diary_number": idea.diary_number,
        "trail-TOTAL_FORMS": "1",
        "trail-INITIAL_FORMS": "0",
        "trail-MIN_NUM_FORMS": "0",
        "trail-MAX_NUM_FORMS": "1",
        "trail-0-status": "",
        "trail-0-decided_on": timezone.localdate().isoformat(),
        "trail-0-decided_by": "",
        "trail-0-explanation": "",
        "trail-0-meeting": "",
        "trail-0-agenda_item": "",
        "trail-0-corrects": "",
        "trail-0-diary_number": "",
        "trail-0-next_step_text": "",
        "trail-0-next_step_by": "",
        "trail-0-next_step_month": "",
        "trail-2-TOTAL_FORMS": str(idea.trail.count()),
        "trail-2-INITIAL_FORMS": str(idea.trail.count()),
        "trail-2-MIN_NUM_FORMS": "0",
        "trail-2-MAX_NUM_FORMS": "1000",
    }
    for n, entry_pk in enumerate(idea.trail.values_list("pk", flat=True)):
        data[f"trail-2-{n}-id"] = str(entry_pk)
        data[f"trail-2-{n}-idea"] = str(idea.pk)
    data.update({f"trail-0-{k}": v for k, v in entry.items()})
    steps = list(idea.next_steps.values_list("pk", flat=True))
    data.update(
        {
            "next_steps-TOTAL_FORMS": "1",
            "next_steps-INITIAL_FORMS": "0",
            "next_steps-MIN_NUM_FORMS": "0",
            "next_steps-MAX_NUM_FORMS": "1",
            "next_steps-0-text": "",
            "next_steps-0-by_body": "",
            "next_steps-0-planned_month": "",
            "next_steps-2-TOTAL_FORMS": str(len(steps)),
            "next_steps-2-INITIAL_FORMS": str(len(steps)),
            "next_steps-2-MIN_NUM_FORMS": "0",
            "next_steps-2-MAX_NUM_FORMS": "1000",
        }
    )
    for n, step_pk in enumerate(steps):
        data[f"next_steps-2-{n}-id"] = str(step_pk)
        data[f"next_steps-2-{n}-idea"] = str(idea.pk)
    data.update({f"next_steps-0-{k}": v for k, v in (next_step or {}).items()})
    return data


def test_editor_records_a_status_change_and_the_status_follows(client):
    editor = make_editor()
    idea = make_idea()
    client.force_login(editor)
    url = reverse("admin:ideas_idea_change", args=[idea.pk])
    response = client.post(url, _change_form(idea, status="preparing", decided_by="Nämnden"))
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    idea.refresh_from_db()
    assert idea.status == Status.PREPARING
    entry = idea.trail.first()
    assert entry.recorded_by == editor and entry.decided_by == "Nämnden"


def test_declining_without_explanation_shows_the_error_and_keeps_the_text(client):
    client.force_login(make_editor())
    idea = make_idea()
    url = reverse("admin:ideas_idea_change", args=[idea.pk])
    response = client.post(url, _change_form(idea, status="rejected", decided_by="Nämnden"))
    assert response.status_code == 200
    assert "Skriv varför: en motivering krävs" in response.text
    assert 'value="Nämnden"' in response.text
    assert idea.trail.count() == 1


def test_adding_an_idea_starts_its_trail(client):
    client.force_login(make_editor())
    group, theme = make_group(), make_theme()
    data = {
        "title": "Ny idé",
        "slug": "ny-ide",
        "problem": "P",
        "proposal": "F",
        "theme": theme.pk,
        "group": group.pk,
        "raised_on": timezone.localdate().isoformat(),
        "trail-TOTAL_FORMS": "0",
        "trail-INITIAL_FORMS": "0",
        "trail-2-TOTAL_FORMS": "0",
        "trail-2-INITIAL_FORMS": "0",
        "next_steps-TOTAL_FORMS": "0",
        "next_steps-INITIAL_FORMS": "0",
        "next_steps-2-TOTAL_FORMS": "0",
        "next_steps-2-INITIAL_FORMS": "0",
    }
    assert client.post(reverse("admin:ideas_idea_add"), data).status_code == 302
    idea = Idea.objects.get(slug="ny-ide")
    assert [e.status for e in idea.trail.all()] == [Status.RECEIVED]
    assert idea.trail.get().decided_by == group.name


def test_nobody_may_change_or_delete_entries_in_the_admin(admin_client):
    idea = make_idea()
    entry = idea.trail.get()
    assert (
        not admin_client.get(reverse("admin:ideas_idea_change", args=[idea.pk]))
        .context["inline_admin_formsets"][1]
        .formset.can_delete
    )
    editor_perms = StaffGroup.objects.get(name=roles.EDITOR).permissions
    assert editor_perms.filter(codename="add_statuschange").exists()
    assert not editor_perms.filter(codename__in=["change_statuschange", "delete_statuschange"])
    assert StatusChange.objects.filter(pk=entry.pk).exists()


def test_moderator_cannot_record_status_changes(client, django_user_model):
    moderator = django_user_model.objects.create_user("mod", is_staff=True)
    moderator.groups.add(StaffGroup.objects.get(name=roles.MODERATOR))
    client.force_login(moderator)
    idea = make_idea()
    url = reverse("admin:ideas_idea_change", args=[idea.pk])
    assert client.get(url).status_code == 200  # may read
    client.post(url, _change_form(idea, status="preparing", decided_by="Nämnden"))
    idea.refresh_from_db()
    assert idea.status == Status.RECEIVED


def _next_month() -> str:
    month = timezone.localdate().replace(day=28) + timedelta(days=4)
    return f"{month:%Y-%m}"


def test_editor_gives_a_next_step_with_a_status_change_and_a_diary_number(client):
    editor = make_editor()
    idea = make_idea()
    client.force_login(editor)
    url = reverse("admin:ideas_idea_change", args=[idea.pk])
    form = _change_form(
        idea,
        status="preparing",
        decided_by="Nämnden",
        diary_number="SN 2026/123",
        next_step_text="Förvaltningen tar fram ett förslag.",
        next_step_by="Förvaltningen",
        next_step_month=_next_month(),
    )
    response = client.post(url, form)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    idea.refresh_from_db()
    step = idea.next_step
    assert step.text == "Förvaltningen tar fram ett förslag." and step.recorded_by == editor
    assert f"{step.planned_month:%Y-%m}" == _next_month()
    assert step.status_change == idea.trail.first()
    assert idea.trail.first().diary_number == "SN 2026/123"


def test_a_half_given_next_step_is_refused_with_the_text_kept(client):
    client.force_login(make_editor())
    idea = make_idea()
    url = reverse("admin:ideas_idea_change", args=[idea.pk])
    form = _change_form(
        idea, status="preparing", decided_by="Nämnden", next_step_text="Något händer."
    )
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Ett nästa steg behöver vad som ska hända" in response.text
    assert "Något händer." in response.text
    assert idea.trail.count() == 1 and not idea.next_steps.exists()


def test_editor_gives_a_next_step_on_its_own_typed_as_a_swedish_month(client):
    client.force_login(make_editor())
    idea = make_idea()
    url = reverse("admin:ideas_idea_change", args=[idea.pk])
    form = _change_form(
        idea,
        next_step={"text": "Nämnden beslutar.", "by_body": "Socialnämnden",
                   "planned_month": "mars 2099"},
    )  # fmt: skip
    response = client.post(url, form)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    idea.refresh_from_db()
    assert idea.next_step.planned_month == date(2099, 3, 1)
    assert idea.status == Status.RECEIVED and idea.trail.count() == 1


def test_a_month_that_is_not_understood_says_which_forms_work(client):
    client.force_login(make_editor())
    idea = make_idea()
    url = reverse("admin:ideas_idea_change", args=[idea.pk])
    form = _change_form(
        idea, next_step={"text": "X", "by_body": "Nämnden", "planned_month": "snart"}
    )
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Skriv månaden som mars 2027 eller 2027-03." in response.text


def test_a_month_that_has_passed_is_refused_with_a_status_change_too(client):
    client.force_login(make_editor())
    idea = make_idea()
    url = reverse("admin:ideas_idea_change", args=[idea.pk])
    form = _change_form(
        idea,
        status="preparing",
        decided_by="Nämnden",
        next_step_text="Något händer.",
        next_step_by="Nämnden",
        next_step_month="2020-01",
    )
    response = client.post(url, form)
    assert response.status_code == 200
    assert "Den planerade månaden kan inte redan ha passerat." in response.text
    assert idea.trail.count() == 1


# Dates as Swedes type them (portal/fields.py), as on the meeting's form.

_LAST_YEAR = timezone.localdate().year - 1
_TYPED_DATES = [f"{_LAST_YEAR}-03-13", f"13/3 {_LAST_YEAR}", f"13 mars {_LAST_YEAR}"]
_DATE_FORMS = "Skriv datumet som 2026-03-13, 13/3 2026 eller 13 mars 2026."


def _help(html: str, field_id: str) -> str:
    return html.split(f'id="{field_id}_helptext"')[1].split("</div>")[0]


def _described_by(html: str, field_id: str) -> list[str]:
    """The ids of what describes the field's input to a screen reader."""
    tag = re.search(rf'<input [^>]*id="{field_id}"[^>]*>', html).group(0)
    return re.search(r'aria-describedby="([^"]*)"', tag).group(1).split()


def test_the_date_fields_say_the_forms_they_take(client):
    client.force_login(make_editor())
    page = client.get(reverse("admin:ideas_idea_change", args=[make_idea().pk])).text
    for field_id in ("id_raised_on", "id_trail-0-decided_on"):
        assert _DATE_FORMS in _help(page, field_id)
        assert f"{field_id}_helptext" in _described_by(page, field_id)


@pytest.mark.parametrize("typed", _TYPED_DATES)
def test_the_decision_date_takes_what_swedes_type(client, typed):
    client.force_login(make_editor())
    idea = make_idea(raised_on=date(_LAST_YEAR, 1, 1))
    url = reverse("admin:ideas_idea_change", args=[idea.pk])
    form = _change_form(idea, status="preparing", decided_by="Nämnden", decided_on=typed)
    response = client.post(url, form)
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    assert idea.trail.first().decided_on == date(_LAST_YEAR, 3, 13)


def test_a_decision_date_it_cannot_read_is_kept_and_says_the_forms(client):
    client.force_login(make_editor())
    idea = make_idea()
    url = reverse("admin:ideas_idea_change", args=[idea.pk])
    form = _change_form(idea, status="preparing", decided_by="Nämnden", decided_on="i tisdags")
    response = client.post(url, form)
    assert response.status_code == 200
    assert _DATE_FORMS in response.text and 'value="i tisdags"' in response.text
    assert "id_trail-0-decided_on_error" in _described_by(response.text, "id_trail-0-decided_on")
    assert idea.trail.count() == 1


@pytest.mark.parametrize("typed", _TYPED_DATES)
def test_the_day_an_idea_was_raised_takes_what_swedes_type(client, typed):
    client.force_login(make_editor())
    idea = make_idea()
    url = reverse("admin:ideas_idea_change", args=[idea.pk])
    response = client.post(url, {**_change_form(idea), "raised_on": typed})
    assert response.status_code == 302, response.context["errors"] if response.context else ""
    idea.refresh_from_db()
    assert idea.raised_on == date(_LAST_YEAR, 3, 13)


def test_a_raised_on_it_cannot_read_is_kept_and_says_the_forms(client):
    client.force_login(make_editor())
    idea = make_idea()
    url = reverse("admin:ideas_idea_change", args=[idea.pk])
    response = client.post(url, {**_change_form(idea), "raised_on": "13 mas 2025"})
    assert response.status_code == 200
    assert _DATE_FORMS in response.text and 'value="13 mas 2025"' in response.text
    assert "id_raised_on_error" in _described_by(response.text, "id_raised_on")
    raised_on = idea.raised_on
    idea.refresh_from_db()
    assert idea.raised_on == raised_on
