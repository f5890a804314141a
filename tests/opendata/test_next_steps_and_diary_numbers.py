"""Next steps and diary numbers in the open data: the API (as its description says) and the
CSV files."""

import csv
import io
from datetime import date

import pytest

from opendata import exports
from opendata.openapi import SPEC
from tests.factories import change_status, give_next_step, make_idea, make_meeting
from tests.opendata.test_openapi import _check

pytestmark = pytest.mark.django_db

BASE = "http://127.0.0.1:8000"


@pytest.fixture
def idea():
    idea = make_idea(title="Kamratstöd", slug="kamratstod", diary_number="SN 2026/123")
    first = give_next_step(idea, text="Förvaltningen utreder.", planned_month=date(2099, 1, 1))
    change = change_status(
        idea,
        "decided",
        diary_number="SN 2026/124",
        next_step={"text": "Nämnden beslutar.", "by_body": "Socialnämnden",
                   "planned_month": date(2099, 3, 1)},
    )  # fmt: skip
    idea.refresh_from_db()
    return {"idea": idea, "first": first, "change": change, "current": idea.next_step}


def test_the_api_gives_the_current_next_step_every_next_step_and_the_diary_numbers(client, idea):
    data = _check(client, "/api/ideas/{slug}/", "/api/ideas/kamratstod/")
    current = idea["current"]
    assert data["diary_number"] == "SN 2026/123"
    assert data["next_step"] == {
        "id": current.pk,
        "text": "Nämnden beslutar.",
        "by": "Socialnämnden",
        "planned_month": "2099-03",
        "status_change": idea["change"].pk,
        "recorded_at": data["next_step"]["recorded_at"],
        "html_url": f"{BASE}/ideer/kamratstod/#steg-{current.pk}",
    }
    assert data["next_step_late"] is False
    assert [s["id"] for s in data["next_steps"]] == [idea["first"].pk, current.pk]
    assert data["next_steps"][0]["status_change"] is None
    entry = next(e for e in data["trail"] if e["id"] == idea["change"].pk)
    assert entry["diary_number"] == "SN 2026/124"
    _check(client, "/api/ideas/", "/api/ideas/")


def test_a_new_status_without_a_next_step_leaves_none_current_in_the_api(client, idea):
    change_status(idea["idea"], "in_progress")
    data = client.get("/api/ideas/kamratstod/").json()
    assert data["next_step"] is None
    assert len(data["next_steps"]) == 2


def test_a_meetings_diary_number_is_in_the_api(client):
    meeting = make_meeting(diary_number="SN 2026/55")
    data = _check(client, "/api/meetings/{id}/", f"/api/meetings/{meeting.pk}/")
    assert data["diary_number"] == "SN 2026/55"
    assert "NextStep" in SPEC["components"]["schemas"]


def _rows(client, path) -> list[dict]:
    raw = b"".join(client.get(path).streaming_content)
    return list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))


def test_the_csv_files_have_the_next_step_and_the_diary_numbers(client, idea):
    exports.build()
    row = next(r for r in _rows(client, "/oppna-data/ideer.csv") if r["slug"] == "kamratstod")
    assert row["diary_number"] == "SN 2026/123"
    assert row["next_step"] == "Nämnden beslutar."
    assert row["next_step_by"] == "Socialnämnden"
    assert row["next_step_planned_month"] == "2099-03"
    changes = _rows(client, "/oppna-data/statusandringar.csv")
    assert next(r for r in changes if r["id"] == str(idea["change"].pk))["diary_number"] == (
        "SN 2026/124"
    )
