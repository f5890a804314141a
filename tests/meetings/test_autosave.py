"""A meeting being written is autosaved, and the copy is offered when it is newer."""

import pytest
from django.contrib.auth.models import Permission
from django.test import Client

from directory import services
from directory.models import KeptForm
from tests.directory.test_kept_forms import _change_form, _change_url
from tests.directory.test_staff_sessions import clock  # noqa: F401 (a fixture)
from tests.factories import make_agenda_item, make_editor, make_meeting, make_staff_user

pytestmark = pytest.mark.django_db
TYPED = "Gruppen pratade om väntetider."


@pytest.fixture
def meeting():
    meeting = make_meeting(published=False)
    make_agenda_item(meeting, heading="Boende", body="")
    return meeting


@pytest.fixture
def editor(client):
    editor = make_editor()
    client.force_login(editor)
    return editor


def _autosave_url(meeting) -> str:
    return f"/admin/meetings/meeting/{meeting.pk}/kladd/"


def _autosave(client, meeting, body=TYPED):
    return client.post(_autosave_url(meeting), _change_form(meeting, body=body))


def test_the_change_form_carries_the_autosave_script(client, editor, meeting):
    page = client.get(_change_url(meeting)).text
    assert "js/autosave.js" in page
    assert f'data-url="{_autosave_url(meeting)}"' in page
    assert 'data-seconds="30"' in page


def test_typed_text_is_kept_per_editor_and_form(client, editor, meeting):
    response = _autosave(client, meeting)
    assert response.status_code == 200
    assert response.json()["idle"] == 30 * 60
    kept = KeptForm.objects.get()
    assert (kept.user, kept.form, kept.object_id) == (editor, "meetings.meeting", str(meeting.pk))
    _autosave(client, meeting, body="Andra versionen")
    assert KeptForm.objects.count() == 1  # one copy per editor and form, the latest
    assert meeting.agenda_items.get().body == ""  # the meeting itself is untouched


def test_the_form_offers_a_copy_newer_than_the_meeting(client, editor, meeting):
    _autosave(client, meeting)
    page = client.get(_change_url(meeting))
    assert "som är nyare än det som är sparat" in page.text
    assert "Återställ" in page.text and "Släng" in page.text
    assert not page.context["adminform"].form.is_bound

    restored = client.get(_change_url(meeting) + "?kladd=1")
    assert restored.context["adminform"].form.is_bound
    assert TYPED in restored.text
    assert "är ifyllt. Det är inte sparat än" in restored.text


def test_a_copy_older_than_the_meeting_s_last_save_is_not_offered(client, editor, meeting, clock):  # noqa: F811
    _autosave(client, meeting)
    clock.travel(minutes=1)
    meeting.save()  # saved since, elsewhere
    page = client.get(_change_url(meeting))
    assert "som är nyare än det som är sparat" not in page.text
    assert TYPED not in client.get(_change_url(meeting) + "?kladd=1").text


def test_discard_throws_the_copy_away(client, editor, meeting):
    _autosave(client, meeting)
    response = client.post(_autosave_url(meeting), {"_discard": "1"})
    assert response.status_code == 302
    assert response["Location"] == _change_url(meeting)
    assert not KeptForm.objects.exists()


def test_saving_the_meeting_removes_the_copy(client, editor, meeting):
    _autosave(client, meeting)
    assert client.post(_change_url(meeting), _change_form(meeting)).status_code == 302
    assert not KeptForm.objects.exists()


def test_one_editor_s_copy_is_not_offered_to_another(client, editor, meeting):
    _autosave(client, meeting)
    other = Client()
    other.force_login(make_editor(username="annan"))
    assert "som är nyare än det som är sparat" not in other.get(_change_url(meeting)).text


def test_only_staff_who_may_change_the_meeting_can_autosave(meeting):
    viewer = make_staff_user()
    viewer.user_permissions.add(Permission.objects.get(codename="view_meeting"))
    client = Client()
    client.force_login(viewer)
    assert _autosave(client, meeting).status_code == 403
    assert not KeptForm.objects.exists()


def test_logged_out_autosave_keeps_nothing(client, meeting):
    response = _autosave(client, meeting)
    assert response.status_code == 302
    assert not KeptForm.objects.exists()


def test_autosave_is_only_posted(client, editor, meeting):
    assert client.get(_autosave_url(meeting)).status_code == 405


def test_autosave_is_limited_in_size_and_rate(client, editor, meeting, settings, monkeypatch):
    settings.AUTOSAVE_RATE = "2/m"
    assert _autosave(client, meeting).status_code == 200
    assert _autosave(client, meeting).status_code == 200
    assert _autosave(client, meeting).status_code == 429
    monkeypatch.setattr(services, "KEPT_MAX_BYTES", 100)
    settings.AUTOSAVE_RATE = "0"
    assert _autosave(client, meeting, body="Ny text").status_code == 413
    assert TYPED in str(KeptForm.objects.get().fields)


def test_autosaved_copies_expire_after_24_hours(client, editor, meeting, clock):  # noqa: F811
    _autosave(client, meeting)
    clock.travel(hours=24, seconds=1)
    assert "som är nyare än det som är sparat" not in client.get(_change_url(meeting)).text


def test_the_add_form_is_autosaved_too(client, editor, meeting):
    data = _change_form(meeting) | {"title": "Ett nytt möte", "agenda_items-INITIAL_FORMS": "0"}
    assert client.post("/admin/meetings/meeting/add/kladd/", data).status_code == 200
    page = client.get("/admin/meetings/meeting/add/")
    assert 'data-url="/admin/meetings/meeting/add/kladd/"' in page.text
    assert "som är nyare än det som är sparat" in page.text
    assert "Ett nytt möte" in client.get("/admin/meetings/meeting/add/?kladd=1").text
