"""An admin form posted after the staff session ended is kept, and filled in after the login."""

from datetime import timedelta
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission
from django.test import Client
from django.utils import timezone

from directory import services
from directory.models import KeptForm
from meetings.models import Meeting
from tests.directory.test_staff_sessions import clock  # noqa: F401 (a fixture)
from tests.factories import make_agenda_item, make_editor, make_meeting, make_staff_user

pytestmark = pytest.mark.django_db
PASSWORD = "korrekt-hast-batteri-1"
MINUTES = "Gruppen diskuterade boendet.\n\n* Fler platser\n* Kortare köer"


def _change_form(meeting, body=MINUTES) -> dict:
    item = meeting.agenda_items.get()
    starts = timezone.localtime(meeting.starts_at)
    return {
        "group": meeting.group_id,
        "title": meeting.title,
        "slug": meeting.slug,
        "starts_at_0": starts.strftime("%Y-%m-%d"),
        "starts_at_1": starts.strftime("%H:%M"),
        "ends_at_0": "",
        "ends_at_1": "",
        "place": meeting.place,
        "notice": "",
        "status": "draft",
        "agenda_items-TOTAL_FORMS": "1",
        "agenda_items-INITIAL_FORMS": "1",
        "agenda_items-0-id": item.pk,
        "agenda_items-0-meeting": meeting.pk,
        "agenda_items-0-position": "1",
        "agenda_items-0-heading": item.heading,
        "agenda_items-0-body": body,
        "attendees-TOTAL_FORMS": "0",
        "attendees-INITIAL_FORMS": "0",
        "links-TOTAL_FORMS": "0",
        "links-INITIAL_FORMS": "0",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
    }


@pytest.fixture
def meeting():
    meeting = make_meeting(published=False)
    make_agenda_item(meeting, heading="Boende", body="")
    return meeting


def _change_url(meeting) -> str:
    return f"/admin/meetings/meeting/{meeting.pk}/change/"


def _post_logged_out(client, meeting, **extra):
    """The editor's session has ended; they press Save."""
    return client.post(_change_url(meeting), _change_form(meeting) | extra)


def _kept_address(response) -> str:
    assert response.status_code == 302
    location = urlsplit(response["Location"])
    assert location.path == "/admin/login/"
    return parse_qs(location.query)["next"][0]


def _log_in(client, user, following: str):
    user.set_password(PASSWORD)
    user.save()
    response = client.post(
        f"/admin/login/?next={following}",
        {"username": user.username, "password": PASSWORD, "next": following},
    )
    assert response.status_code == 302
    assert response["Location"] == following


def test_a_form_posted_after_the_session_ended_is_filled_in_after_the_login(client, meeting):
    editor = make_editor()
    response = _post_logged_out(client, meeting)
    following = _kept_address(response)
    assert following.startswith(_change_url(meeting) + "?kept=")
    assert meeting.agenda_items.get().body == ""  # nothing saved without a login

    login_page = client.get(response["Location"])
    assert "Det du skrev är sparat" in login_page.text

    _log_in(client, editor, following)
    form_page = client.get(following)
    assert form_page.status_code == 200
    assert form_page.context["adminform"].form.is_bound
    assert "Det du skrev innan du loggades ut är ifyllt igen" in form_page.text
    assert "Fler platser" in form_page.text
    assert meeting.agenda_items.get().body == ""  # still not saved: the editor checks it first

    saved = client.post(following, _change_form(meeting))
    assert saved.status_code == 302
    assert "Fler platser" in meeting.agenda_items.get().body
    assert not KeptForm.objects.exists()


def test_the_csrf_token_and_files_are_not_kept(client, meeting):
    _post_logged_out(client, meeting, csrfmiddlewaretoken="x" * 64)
    kept = KeptForm.objects.get()
    names = {name for name, _values in kept.fields}
    assert "csrfmiddlewaretoken" not in names
    assert "agenda_items-0-body" in names
    assert kept.token_hash and kept.user is None


def test_a_post_with_a_bad_csrf_token_is_refused_and_nothing_is_kept(meeting):
    client = Client(enforce_csrf_checks=True)
    response = client.post(_change_url(meeting), _change_form(meeting))
    assert response.status_code == 403
    assert not KeptForm.objects.exists()


def test_only_staff_who_may_change_the_object_get_it_filled_in(client, meeting):
    following = _kept_address(_post_logged_out(client, meeting))
    _log_in(client, make_staff_user(), following)  # staff, but no permission on meetings
    response = client.get(following)
    assert response.status_code == 403
    assert "Fler platser" not in response.text

    viewer = make_staff_user()
    viewer.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    other = Client()
    _log_in(other, viewer, following)
    response = other.get(following)
    assert response.status_code == 200
    assert "Fler platser" not in response.text


def test_a_wrong_token_fills_in_nothing(client, meeting):
    _post_logged_out(client, meeting)
    client.force_login(make_editor())
    response = client.get(_change_url(meeting) + "?kept=gissat")
    assert not response.context["adminform"].form.is_bound
    assert "Fler platser" not in response.text


def test_the_token_is_for_its_own_form_only(client, meeting):
    following = _kept_address(_post_logged_out(client, meeting))
    other = make_meeting(published=False)
    token = parse_qs(urlsplit(following).query)["kept"][0]
    client.force_login(make_editor())
    response = client.get(_change_url(other) + f"?kept={token}")
    assert not response.context["adminform"].form.is_bound


def test_what_is_kept_expires_after_24_hours(client, meeting, clock):  # noqa: F811
    following = _kept_address(_post_logged_out(client, meeting))
    clock.travel(hours=24, seconds=1)
    assert "Det du skrev är sparat" not in client.get(f"/admin/login/?next={following}").text
    client.force_login(make_editor())
    assert "Fler platser" not in client.get(following).text
    Client().post(_change_url(meeting), _change_form(meeting))  # keeping another forgets it
    assert KeptForm.objects.count() == 1


def test_too_much_is_not_kept(client, meeting, monkeypatch):
    monkeypatch.setattr(services, "KEPT_MAX_BYTES", 100)
    response = _post_logged_out(client, meeting)
    assert "kept" not in _kept_address(response)
    assert not KeptForm.objects.exists()


def test_keeping_is_limited_per_visitor(client, meeting, settings):
    settings.KEPT_FORM_RATE = "2/h"
    for _ in range(2):
        assert "kept=" in _kept_address(_post_logged_out(client, meeting))
    assert "kept=" not in _kept_address(_post_logged_out(client, meeting))
    assert KeptForm.objects.count() == 2


def test_a_logged_in_editor_s_post_is_saved_as_before(client, meeting):
    client.force_login(make_editor())
    assert client.post(_change_url(meeting), _change_form(meeting)).status_code == 302
    assert "Fler platser" in meeting.agenda_items.get().body
    assert not KeptForm.objects.exists()
    assert Meeting.objects.count() == 1


def test_the_login_page_says_nothing_without_a_kept_form(client):
    assert "Det du skrev är sparat" not in client.get("/admin/login/?next=/admin/").text
    assert "Det du skrev är sparat" not in client.get("/admin/login/?next=/admin/?kept=x").text


def test_add_forms_are_kept_too(client, meeting):
    data = _change_form(meeting) | {"title": "Ett nytt möte", "slug": "ett-nytt-mote"}
    data |= {"agenda_items-INITIAL_FORMS": "0", "agenda_items-0-id": ""}
    following = _kept_address(client.post("/admin/meetings/meeting/add/", data))
    _log_in(client, make_editor(), following)
    response = client.get(following)
    assert response.context["adminform"].form.is_bound
    assert "Ett nytt möte" in response.text
    assert not Meeting.objects.filter(title="Ett nytt möte").exists()


def test_keeping_forgets_what_expired(meeting):
    services.keep_posted_form("meetings.meeting", str(meeting.pk), _query({"a": "b"}))
    KeptForm.objects.update(saved_at=timezone.now() - timedelta(hours=25))
    services.keep_posted_form("meetings.meeting", str(meeting.pk), _query({"a": "c"}))
    assert [kept.fields for kept in KeptForm.objects.all()] == [[["a", ["c"]]]]


def _query(fields: dict):
    from django.http import QueryDict

    data = QueryDict(mutable=True)
    data.update(fields)
    return data


def test_a_form_posted_after_the_12_hour_limit_is_kept_too(client, meeting, clock, settings):  # noqa: F811
    settings.STAFF_SESSION_IDLE_SECONDS = 13 * 3600  # only the whole session's limit ends it
    editor = make_editor()
    client.force_login(editor)
    assert client.get("/admin/").status_code == 200
    clock.travel(hours=12, seconds=1)
    following = _kept_address(_post_logged_out(client, meeting))
    _log_in(client, editor, following)
    assert "Fler platser" in client.get(following).text
