from tests.factories import make_meeting


def test_published_meeting_is_listed(client, db):
    meeting = make_meeting(agenda_items=2)
    response = client.get("/moten/")
    assert response.status_code == 200
    assert meeting.title in response.text
