"""Diary numbers: shown on the public pages, linked to the public diary when one is set,
searchable, and checked loosely."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from ideas.models import Idea, Status
from meetings.models import Meeting
from tests.factories import change_status, make_idea, make_meeting

pytestmark = pytest.mark.django_db

DIARY = "https://diarium.example.se/sok?q={number}"


def test_the_idea_page_shows_the_ideas_and_its_decisions_diary_numbers(client):
    idea = make_idea(diary_number="SN 2026/123")
    change_status(idea, Status.DECIDED, diary_number="SN 2026/124")
    page = client.get(idea.get_absolute_url()).text
    facts = page[page.index('class="facts"') :]
    assert "Diarienummer" in facts
    assert '<span class="diary-number">SN 2026/123</span>' in facts
    timeline = page[page.index('class="timeline"') :]
    assert '<span class="diary-number">SN 2026/124</span>' in timeline


def test_diary_numbers_link_to_the_public_diary_when_it_is_set(client, settings):
    settings.DIARY_URL_TEMPLATE = DIARY
    idea = make_idea(diary_number="SN 2026/123")
    page = client.get(idea.get_absolute_url()).text
    link = 'href="https://diarium.example.se/sok?q=SN%202026%2F123" class="diary-number"'
    assert link in page
    meeting = make_meeting(diary_number="KS 2026/7")
    assert "q=KS%202026%2F7" in client.get(meeting.get_absolute_url()).text


def test_the_lists_of_ideas_show_each_ideas_diary_number(client):
    """The idea list, a group's page and the progress page's lists share one summary: a
    reader who follows a case by its number finds it there without opening every idea."""
    idea = make_idea(diary_number="SN 2026/123")
    make_idea(title="Utan nummer", slug="utan-nummer", group=idea.group)
    for path in ("/ideer/", idea.group.get_absolute_url()):
        page = client.get(path).text
        assert page.count('class="diary-number"') == 1, path
        assert 'Diarienummer <span class="diary-number">SN 2026/123</span>' in page, path


def test_a_meeting_page_shows_its_diary_number(client):
    meeting = make_meeting(diary_number="SN 2026/55")
    page = client.get(meeting.get_absolute_url()).text
    assert "Diarienummer" in page and "SN 2026/55" in page
    assert "Diarienummer" not in client.get(make_meeting().get_absolute_url()).text


@pytest.mark.parametrize("number", ["SN 2026/123", "KS-2025-0042", "SN 2026.12:3", "Dnr 12"])
def test_common_forms_are_accepted(number):
    idea = make_idea()
    idea.diary_number = number
    idea.full_clean()


@pytest.mark.parametrize("number", ["<b>SN</b>", "SN 2026/123; drop", "/2026", "SN_2026"])
def test_other_characters_are_refused_by_the_form_and_the_database(number):
    idea = make_idea()
    idea.diary_number = number
    with pytest.raises(ValidationError) as error:
        idea.full_clean()
    assert "diary_number" in error.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        Idea.objects.filter(pk=idea.pk).update(diary_number=number)
    with pytest.raises(IntegrityError), transaction.atomic():
        Meeting.objects.filter(pk=make_meeting().pk).update(diary_number=number)


def test_spaces_inside_are_tidied():
    """(The forms take away those around it.)"""
    idea = make_idea()
    idea.diary_number = "SN   2026/123"
    idea.full_clean()
    assert idea.diary_number == "SN 2026/123"


@pytest.mark.parametrize("query", ["SN 2026/123", "2026/123"])
def test_the_search_finds_ideas_decisions_and_meetings_by_diary_number(client, query):
    idea = make_idea(title="Kamratstöd", diary_number="SN 2026/123")
    other = make_idea(title="Annat förslag", diary_number="SN 2026/999")
    decided = make_idea(title="Beslutad idé")
    change_status(decided, Status.DECIDED, diary_number="SN 2026/123")
    meeting = make_meeting(title="Stormöte", diary_number="SN 2026/123")
    page = client.get("/sok/", {"q": query}).text
    assert f'href="{idea.get_absolute_url()}"' in page
    assert f"{decided.get_absolute_url()}#andring-" in page, "a decision without explanation"
    assert f'href="{meeting.get_absolute_url()}"' in page
    assert f'href="{other.get_absolute_url()}"' not in page
