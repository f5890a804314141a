from datetime import timedelta

import pytest
from django.utils import timezone

from ideas.models import Comment, Status
from tests.factories import (
    change_status,
    make_agenda_item,
    make_attachment,
    make_attendee,
    make_comment,
    make_group,
    make_idea,
    make_link,
    make_meeting,
    make_organisation,
    make_staff_user,
    make_theme,
)

# Text that must never leave the portal through the open data.
SECRETS = {
    "recorder": "hemlig-registrator",
    "recorder_email": "registrator@forvaltningen.example.se",
    "org_email": "kansli@brukarforeningen.example.se",
    "org_phone": "042-10 50 00",
    "group_email": "grupp@forvaltningen.example.se",
    "group_phone": "042-99 88 77",
    "attendee": "Greta Garbogren",
    "draft_title": "Hemligt utkast till möte",
    "draft_item": "Punkt som inte är publicerad",
    "pending": "Väntande kommentar som inte är granskad",
    "hidden": "Dold kommentar om en enskild person",
    "withdrawn": "Tillbakadragen kommentar",
    "approved": "Publicerad kommentar från föreningen",
}
EXPLANATION = (
    'Avslaget, "tyvärr":\nDet finns inga pengar i år,\r\noch ingen personal; "kanske" nästa år.'
)


@pytest.fixture
def site():
    """A small portal with every case the open data must get right."""
    today = timezone.localdate()
    recorder = make_staff_user(SECRETS["recorder"])
    recorder.email = SECRETS["recorder_email"]
    recorder.save()
    vagen = make_organisation(
        name="Brukarföreningen Vägen",
        slug="vagen",
        website="https://vagen.example.org/",
        contact_name="Kalle Kontakt",
        contact_email=SECRETS["org_email"],
        contact_phone=SECRETS["org_phone"],
    )
    relatives = make_organisation(name="Anhörigföreningen", slug="anhoriga")
    joint = make_group(
        name="Gemensam utvecklingsgrupp",
        slug="gemensam-utvecklingsgrupp",
        summary="Förvaltningen och brukarorganisationerna utvecklar socialtjänsten tillsammans.",
        contact_email=SECRETS["group_email"],
        contact_phone=SECRETS["group_phone"],
    )
    joint.organisations.set([vagen, relatives])
    theme = make_theme(name="Samordning", slug="samordning")

    meeting = make_meeting(
        group=joint,
        title="Gemensam utvecklingsgrupp i mars",
        starts_at=timezone.now() - timedelta(days=40),
        notice="Välkommen!\n\n* Kaffe\n* Förslag",
    )
    item = make_agenda_item(meeting, heading="Förslag om SIP", body="Gruppen beslutade.")
    make_agenda_item(meeting, heading="Övrigt", body="")
    make_attendee(meeting, organisation=vagen, name=SECRETS["attendee"])
    make_attendee(meeting, organisation=vagen, name="Annan person")
    make_attendee(meeting, organisation=relatives)
    make_link(meeting, title="Inspelning", url="https://video.example.org/1")
    attachment = make_attachment(meeting, title="Presentation")

    draft = make_meeting(
        group=joint,
        title=SECRETS["draft_title"],
        published=False,
        starts_at=timezone.now() - timedelta(days=10),
    )
    draft_item = make_agenda_item(draft, heading=SECRETS["draft_item"])

    main = make_idea(
        title="En SIP för alla myndigheter",
        slug="en-sip-for-alla-myndigheter",
        group=joint,
        theme=theme,
        organisation=vagen,
        problem='Man får berätta allt "flera gånger",\nför flera myndigheter.',
        proposal="Gör en samordnad individuell plan.",
        raised_on=today - timedelta(days=60),
        recorded_by=recorder,
    )
    item.ideas.add(main)
    decided = change_status(
        main,
        Status.DECIDED,
        decided_on=timezone.localdate(meeting.starts_at),
        meeting=meeting,
        agenda_item=item,
        explanation="Förvaltningen tar fram en mall.",
        recorded_by=recorder,
    )
    wrong = change_status(
        main, Status.DONE, decided_on=today - timedelta(days=20), recorded_by=recorder
    )
    correction = change_status(
        main,
        Status.IN_PROGRESS,
        decided_on=today - timedelta(days=19),
        corrects=wrong,
        explanation="Felregistrerat: arbetet pågår.",
        recorded_by=recorder,
    )
    secret_meeting_change = change_status(
        main,
        Status.ON_HOLD,
        decided_on=today - timedelta(days=10),
        meeting=draft,
        agenda_item=draft_item,
        explanation="Vilande tills vidare.",
        recorded_by=recorder,
    )

    rejected = make_idea(
        title='Kvällsöppet, "alltid"',
        slug="kvallsoppet",
        group=joint,
        theme=theme,
        raised_on=today - timedelta(days=30),
        recorded_by=recorder,
    )
    rejection = change_status(
        rejected,
        Status.REJECTED,
        decided_on=today - timedelta(days=5),
        explanation=EXPLANATION,
        recorded_by=recorder,
    )

    for state in Comment.State:
        make_comment(main, state=state, body=SECRETS[state.name.lower()])
    return {
        "recorder": recorder,
        "vagen": vagen,
        "relatives": relatives,
        "joint": joint,
        "theme": theme,
        "meeting": meeting,
        "item": item,
        "attachment": attachment,
        "draft": draft,
        "main": main,
        "decided": decided,
        "wrong": wrong,
        "correction": correction,
        "secret_meeting_change": secret_meeting_change,
        "rejected": rejected,
        "rejection": rejection,
    }
