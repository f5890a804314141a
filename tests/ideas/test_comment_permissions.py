"""Every comment and moderation action, for each kind of person who might try it."""

import pytest
from django.contrib.auth.models import Group as StaffGroup
from django.contrib.auth.models import User
from django.urls import reverse

from ideas.models import Comment, CommentReport, Follow
from portal import roles
from tests.factories import make_editor, make_idea, make_organisation, make_representative

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "same_org", "other_org", "editor", "moderator", "superuser"]


@pytest.fixture
def world():
    """An idea, an organisation with a published comment by its representative, and everyone."""
    org, other = make_organisation(), make_organisation()
    writer = make_representative(organisations=[org]).user
    idea = make_idea()
    comment = Comment.objects.create(
        idea=idea, author=writer, organisation=org, body="Vår synpunkt", state="approved"
    )
    pending = Comment.objects.create(
        idea=idea, author=writer, organisation=org, body="Väntar", state="pending"
    )
    moderator = User.objects.create_user("moderator", "mod@example.org", is_staff=True)
    moderator.groups.add(StaffGroup.objects.get(name=roles.MODERATOR))
    users = {
        "anonymous": None,
        "same_org": make_representative(organisations=[org]).user,
        "other_org": make_representative(organisations=[other]).user,
        "editor": make_editor(),
        "moderator": moderator,
        "superuser": User.objects.create_superuser("super", "super@example.org", "x"),
    }
    return {"org": org, "idea": idea, "comment": comment, "pending": pending, "users": users,
            "writer": writer}  # fmt: skip


def _as(client, world, role):
    if world["users"][role] is not None:
        client.force_login(world["users"][role])
    return world["users"][role]


def _to_login(response) -> bool:
    return response.status_code == 302 and "/logga-in/" in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_writing_a_comment_for_the_organisation(client, world, role):
    user = _as(client, world, role)
    url = reverse("ideas:comment", args=[world["idea"].slug])
    response = client.post(url, {"organisation": world["org"].pk, "body": f"Från {role}"})
    created = Comment.objects.filter(body=f"Från {role}").first()
    if role == "anonymous":
        assert _to_login(response) and created is None
    elif role == "other_org":  # may not write for an organisation they do not represent
        assert response.status_code == 422 and created is None
    elif role == "same_org":
        assert response.status_code == 302 and created.organisation == world["org"]
        assert created.state == "pending" and not created.is_official
    else:  # staff answer officially for the department, never for an organisation
        assert response.status_code == 302 and created.is_official
        assert created.organisation is None and created.author == user


@pytest.mark.parametrize("role", ROLES)
def test_replying(client, world, role):
    _as(client, world, role)
    url = reverse("ideas:comment", args=[world["idea"].slug])
    data = {"organisation": world["org"].pk, "body": f"Svar från {role}",
            "parent": world["comment"].pk}  # fmt: skip
    response = client.post(url, data)
    reply = Comment.objects.filter(body=f"Svar från {role}").first()
    if role == "anonymous":
        assert _to_login(response) and reply is None
    elif role == "other_org":
        assert response.status_code == 422 and reply is None
    else:
        assert reply.parent == world["comment"]


@pytest.mark.parametrize("role", ROLES)
def test_withdrawing_someone_elses_comment(client, world, role):
    _as(client, world, role)
    response = client.post(reverse("ideas:withdraw", args=[world["comment"].pk]))
    world["comment"].refresh_from_db()
    assert world["comment"].state == "approved"
    assert _to_login(response) if role == "anonymous" else response.status_code == 403


def test_the_writer_withdraws_their_own(client, world):
    client.force_login(world["writer"])
    assert client.post(reverse("ideas:withdraw", args=[world["comment"].pk])).status_code == 302
    world["comment"].refresh_from_db()
    assert world["comment"].state == "withdrawn"


@pytest.mark.parametrize("role", ROLES)
def test_reporting(client, world, role):
    _as(client, world, role)
    url = reverse("ideas:report", args=[world["comment"].pk])
    response = client.post(url, {"reason": "Nämner en privatperson."})
    reported = CommentReport.objects.exists()
    if role == "anonymous":
        assert _to_login(response) and not reported
    else:
        assert response.status_code == 302 and reported


@pytest.mark.parametrize("role", ROLES)
def test_reporting_a_comment_that_is_not_public_is_404(client, world, role):
    _as(client, world, role)
    response = client.get(reverse("ideas:report", args=[world["pending"].pk]))
    assert response.status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_following(client, world, role):
    _as(client, world, role)
    response = client.post(reverse("ideas:follow", args=[world["idea"].slug]))
    if role == "anonymous":
        assert _to_login(response) and not Follow.objects.exists()
    else:
        assert Follow.objects.filter(user=world["users"][role]).exists()


@pytest.mark.parametrize("action", ["approve", "hide"])
@pytest.mark.parametrize("role", ROLES)
def test_moderating(client, world, role, action):
    _as(client, world, role)
    data = {"action": action, "_selected_action": [world["pending"].pk]}
    if action == "hide":
        data |= {"apply": "1", "reason": "Personuppgifter"}
    response = client.post(reverse("admin:ideas_comment_changelist"), data)
    world["pending"].refresh_from_db()
    if role in ("moderator", "superuser"):
        assert world["pending"].state == ("approved" if action == "approve" else "hidden")
    else:
        assert world["pending"].state == "pending"
        if role == "editor":
            assert response.status_code == 403
        else:  # not staff: the admin sends them to its login page
            assert response.status_code == 302 and "/admin/login/" in response["Location"]
