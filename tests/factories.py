"""Small factory functions: each makes one valid object, with any field overridable."""

import itertools
from datetime import datetime, timedelta

from django.contrib.auth.models import User
from django.utils import timezone

from devtools import build
from directory.models import Group, Organisation
from ideas.models import NEEDS_EXPLANATION, Idea, Status, StatusChange, Theme
from meetings.models import AgendaItem, Attendee, Meeting, MeetingLink
from portal.dates import zone

_seq = itertools.count(1)


def stockholm(year, month, day, hour=13, minute=0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=zone())


def make_organisation(**fields) -> Organisation:
    n = next(_seq)
    fields.setdefault("name", f"Brukarföreningen {n}")
    fields.setdefault("slug", f"brukarforeningen-{n}")
    return build.organisation(**fields)


def make_group(**fields) -> Group:
    n = next(_seq)
    fields.setdefault("name", f"Innovationsgrupp {n}")
    fields.setdefault("slug", f"innovationsgrupp-{n}")
    fields.setdefault("kind", Group.Kind.INNOVATION)
    return build.group(**fields)


def make_meeting(*, agenda_items=0, published=True, **fields) -> Meeting:
    """A meeting of a new group unless one is given; `agenda_items` adds that many with minutes."""
    n = next(_seq)
    if "group" not in fields:
        fields["group"] = make_group()
    fields.setdefault("title", f"Möte nummer {n}")
    fields.setdefault("starts_at", timezone.now() - timedelta(days=n))
    fields.setdefault("ends_at", fields["starts_at"] + timedelta(hours=2))
    fields.setdefault("place", "Socialförvaltningen, Södergatan 3")
    fields.setdefault("status", Meeting.Status.PUBLISHED if published else Meeting.Status.DRAFT)
    meeting = build.meeting(**fields)
    for position in range(1, agenda_items + 1):
        make_agenda_item(meeting, position=position)
    return meeting


def make_agenda_item(meeting: Meeting, **fields) -> AgendaItem:
    fields.setdefault("position", meeting.agenda_items.count() + 1)
    fields.setdefault("heading", f"Punkt {fields['position']}")
    fields.setdefault("body", "Gruppen diskuterade frågan.\n\n* En synpunkt\n* En annan synpunkt")
    return build.agenda_item(meeting, **fields)


def make_attendee(meeting: Meeting, **fields) -> Attendee:
    if "organisation" not in fields:
        fields["organisation"] = make_organisation()
    fields.setdefault("name", f"Person {next(_seq)}")
    return build.attendee(meeting, **fields)


def make_link(meeting: Meeting, **fields) -> MeetingLink:
    fields.setdefault("title", "Del 1: Inledning")
    fields.setdefault("url", "https://example.org/inspelning/1")
    return build.link(meeting, **fields)


def make_editor(username="redaktor", password="korrekt-hast-batteri-1") -> User:
    return build.editor(username, password)


def make_moderator(username="moderator", password="korrekt-hast-batteri-1") -> User:
    return build.moderator(username, password)


def make_theme(**fields) -> Theme:
    n = next(_seq)
    fields.setdefault("name", f"Tema {n}")
    fields.setdefault("slug", f"tema-{n}")
    return build.theme(**fields)


def make_idea(*, recorded_by=None, **fields) -> Idea:
    """An idea with the first entry of its trail ("received"), as the admin makes it."""
    n = next(_seq)
    if "group" not in fields:
        fields["group"] = make_group()
    if "theme" not in fields:
        fields["theme"] = make_theme()
    fields.setdefault("title", f"Idé nummer {n}")
    fields.setdefault("slug", f"ide-{n}")
    fields.setdefault("problem", "Det är svårt att få hjälp.")
    fields.setdefault("proposal", "Gör det lättare att få hjälp.")
    fields.setdefault("raised_on", timezone.localdate() - timedelta(days=30))
    return build.idea(recorded_by=recorded_by or make_staff_user(), **fields)


def change_status(idea: Idea, status: str, *, recorded_by=None, **fields) -> StatusChange:
    fields.setdefault("decided_on", timezone.localdate())
    fields.setdefault("decided_by", "Gemensam utvecklingsgrupp")
    if status in NEEDS_EXPLANATION:
        fields.setdefault("explanation", "Det finns inga pengar till det i år.")
    return build.status_change(
        idea, recorded_by=recorded_by or make_staff_user(), status=status, **fields
    )


def give_next_step(idea: Idea, *, recorded_by=None, **fields):
    """A next step given on its own (ideas.services.record_next_step)."""
    fields.setdefault("text", "Förvaltningen tar fram ett förslag.")
    fields.setdefault("by_body", "Förvaltningen")
    fields.setdefault("planned_month", timezone.localdate().replace(day=1))
    return build.next_step(idea, recorded_by=recorded_by or make_staff_user(), **fields)


def make_staff_user(username=None) -> User:
    username = username or f"personal-{next(_seq)}"
    return build.staff_user(username)


def make_representative(*, organisations=None, password="korrekt-hast-batteri-1", **fields):
    """A representative of one new organisation unless some are given, with a chosen password.

    `password=None` makes an invited representative who has not chosen one yet.
    """
    n = next(_seq)
    email = fields.pop("email", f"representant-{n}@example.org").lower()
    fields.setdefault("first_name", "Anna")
    fields.setdefault("last_name", f"Andersson {n}")
    return build.representative(
        email, organisations=organisations or [make_organisation()], password=password, **fields
    )


def make_attachment(meeting: Meeting, **fields):
    """A small PDF attached to the meeting."""
    from django.core.files.base import ContentFile

    from meetings.models import Attachment

    n = next(_seq)
    fields.setdefault("title", f"Bilaga {n}")
    fields.setdefault("file", ContentFile(b"%PDF-1.4\n%%EOF\n", name=f"bilaga-{n}.pdf"))
    return Attachment.objects.create(meeting=meeting, **fields)


def make_comment(idea: Idea, *, state=None, **fields):
    """A representative's comment, approved unless another state is given."""
    from ideas.models import Comment

    if "author" not in fields:
        representative = make_representative()
        fields["author"] = representative.user
        fields.setdefault("organisation", representative.organisations.first())
    fields.setdefault("body", f"En kommentar nummer {next(_seq)}.")
    state = state or Comment.State.APPROVED
    if state == Comment.State.HIDDEN:
        fields.setdefault("hidden_reason", "Kommentaren handlade om en enskild person.")
    return build.comment(idea, state=state, **fields)


def make_site() -> dict:
    """Every public page type, with Swedish content wherever staff write it.

    A department and a user organisation in a group with every field filled in, a meeting with
    minutes and one to come, and an idea put on hold at the meeting, with a comment.
    """
    department = make_organisation(
        name="Socialförvaltningen",
        slug="socialforvaltningen",
        kind="department",
        description="Förvaltningen ansvarar för stöd vid missbruk och beroende.",
        contact_name="Kontaktcenter Södra",
        contact_email="kontakt@example.org",
        contact_phone="042-10 50 00",
        website="https://example.org/",
    )
    organisation = make_organisation(
        name="Brukarföreningen Vägen",
        slug="vagen",
        description="En förening för personer med egen erfarenhet av missbruk.",
        contact_name="Åsa Öberg",
    )
    group = make_group(
        name="Gemensam utvecklingsgrupp för Södra",
        slug="gemensam",
        summary="Här möts förvaltningen och föreningarna.",
        easy_read="Här träffas personal och föreningar. De pratar om hur stödet kan bli bättre.",
        why="För att förbättra stödet.",
        who="Föreningarna och förvaltningen.",
        where="Stadshuset, Södergatan 3",
        when="Varannan tisdag kl. 13.00–15.00",
        proposals="De går vidare till nämnden.",
        contact_name="Åsa Öberg",
        contact_role="Utvecklingsledare på förvaltningen",
        contact_phone="042-10 50 00",
        contact_email="asa@example.org",
    )
    group.organisations.set([organisation, department])
    meeting = make_meeting(
        group=group,
        title="Möte om väntetider på mottagningen",
        notice="Välkommen till mötet! Vi börjar med fika.",
        place="Mötesplatsen, Södergatan 3",
        starts_at=timezone.now() - timedelta(days=7),
    )
    item = make_agenda_item(
        meeting,
        heading="Förslag om kortare väntetider",
        body="Gruppen var överens.\n\n* Öppna tidigare",
    )
    make_agenda_item(meeting, heading="Övriga frågor", body="Inga övriga frågor.")
    make_attendee(meeting, organisation=organisation, name="Åke Ström", role="ordförande")
    make_link(meeting, title="Inspelning från mötet", url="https://example.org/inspelning")
    make_meeting(
        group=group,
        title="Nästa möte på Mötesplatsen",
        starts_at=timezone.now() + timedelta(days=7),
    )
    idea = make_idea(
        title="Kortare väntetid på mottagningen",
        slug="kortare-vantetid",
        group=group,
        theme=make_theme(name="Första kontakten", slug="forsta-kontakten"),
        organisation=organisation,
        problem="Det tar för lång tid att få en första tid.",
        proposal="Öppna mottagningen en kväll i veckan.",
        easy_read="Det tar lång tid att få hjälp. Vi vill att mottagningen är öppen en kväll.",
    )
    item.ideas.add(idea)
    change_status(
        idea,
        Status.ON_HOLD,
        decided_by="Gemensam utvecklingsgrupp för Södra",
        meeting=meeting,
        agenda_item=item,
        explanation="Det finns inga pengar till kvällsöppet i år.",
    )
    writer = make_representative(
        organisations=[organisation], first_name="Örjan", last_name="Åberg"
    )
    make_comment(
        idea,
        author=writer.user,
        organisation=organisation,
        body="Vi på föreningen står bakom förslaget.",
    )
    return {"meeting": meeting, "idea": idea, "group": group, "organisation": organisation}
