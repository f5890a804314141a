"""`manage.py load_demo`: Swedish demo content for an empty database (`make run` calls it).

Organisations, groups and about a year of meetings around today, one of them with real minutes
(meetings/demo/minnesanteckningar-brukarsamverkan.txt), ideas from the groups with the status
trails of the past year, and two demo users whose passwords are printed once.
"""

import os
import random
import re
import secrets
from datetime import date, datetime, time, timedelta
from pathlib import Path
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as StaffGroup
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from directory.models import Group, Organisation
from ideas.models import Idea, Status, Theme
from ideas.services import record_status_change
from meetings.models import AgendaItem, Attendee, Meeting, MeetingLink

STOCKHOLM = ZoneInfo("Europe/Stockholm")
MINUTES_FILE = "minnesanteckningar-brukarsamverkan.txt"
# The copy shipped with the project comes first: production checkouts have no ../shared.
MINUTES_PATHS = [
    Path(__file__).resolve().parents[2] / "demo" / MINUTES_FILE,
    settings.BASE_DIR.parent / "shared" / "examples" / MINUTES_FILE,
]
EDITOR_GROUP = "Redaktör"  # made by meetings/migrations/0002_staff_groups.py
SEED = 20140115  # one fixed seed, so every demo database looks the same on a given day
MONTHS_BACK, MONTHS_AHEAD = 9, 3

MONTH_NAMES = (
    "januari", "februari", "mars", "april", "maj", "juni",
    "juli", "augusti", "september", "oktober", "november", "december",
)  # fmt: skip
WEEKDAY_NAMES = ("måndag", "tisdag", "onsdag", "torsdag", "fredag", "lördag", "söndag")

UO = Organisation.Kind.USER_ORGANISATION
ORGANISATIONS = {
    "rfhl": {
        "name": "RFHL",
        "kind": UO,
        "description": (
            "Riksförbundet för hjälp åt läkemedels- och narkotikaberoende. Lokalföreningen har "
            "öppet hus två kvällar i veckan och ger stöd till personer med beroende och till "
            "deras anhöriga."
        ),
        "contact_name": "Mikael Svensson",
    },
    "hela-manniskan": {
        "name": "Hela Människan",
        "kind": UO,
        "description": (
            "En ideell organisation som drivs av kyrkor och samfund. Föreningen har ett öppet "
            "café och stöttar människor som lever i utsatthet, till exempel i hemlöshet eller "
            "missbruk."
        ),
        "contact_name": "Birgitta Holm",
    },
    "attention": {
        "name": "Attention",
        "kind": UO,
        "description": (
            "En intresseorganisation för personer med neuropsykiatriska funktionsnedsättningar "
            "(NPF), till exempel adhd och autism, och för deras anhöriga."
        ),
        "contact_name": "Maria Ljung",
    },
    "ersta-vandpunkten": {
        "name": "Ersta Vändpunkten",
        "kind": UO,
        "description": (
            "Ger stöd till barn, unga och vuxna som är anhöriga till någon med missbruk eller "
            "beroende, i grupper och i enskilda samtal."
        ),
        "contact_name": "Ingrid Sandberg",
    },
    "anhorigforeningen": {
        "name": "Anhörigföreningen",
        "kind": UO,
        "description": (
            "Samlar anhöriga till personer med psykisk ohälsa. Föreningen ordnar träffar och "
            "föreläsningar och stöttar i kontakten med vården och socialtjänsten."
        ),
        "contact_name": "Gunilla Persson",
    },
    "verdandi": {
        "name": "Verdandi",
        "kind": UO,
        "description": (
            "En social organisation som arbetar mot utanförskap och missbruk. Lokalavdelningen "
            "har samtalsgrupper och aktiviteter som är öppna för alla."
        ),
        "contact_name": "Kenneth Olsson",
    },
    "socialforvaltningen": {
        "name": "Socialförvaltningen",
        "kind": Organisation.Kind.DEPARTMENT,
        "description": (
            "Kommunens socialförvaltning ansvarar bland annat för försörjningsstöd, stöd vid "
            "missbruk och beroende, boendestöd och stöd till personer med psykisk ohälsa. "
            "Förvaltningen leder den gemensamma utvecklingsgruppen."
        ),
        "contact_name": "Kontaktcenter",
    },
    "region-skane": {
        "name": "Region Skåne",
        "kind": Organisation.Kind.REGION,
        "description": (
            "Regionen ansvarar för hälso- och sjukvården, bland annat psykiatrin och "
            "beroendevården. Regionen är med när frågorna rör samverkan mellan vården och "
            "socialtjänsten, till exempel samordnad individuell plan (SIP)."
        ),
        "contact_name": "Fredrik Malm",
    },
}
USER_ORGANISATIONS = [slug for slug, org in ORGANISATIONS.items() if org["kind"] == UO]

# Invented people who come to the meetings, by organisation.
PEOPLE = {
    "rfhl": ["Mikael Svensson", "Eva Bengtsson"],
    "hela-manniskan": ["Birgitta Holm", "Tomas Ek"],
    "attention": ["Maria Ljung", "Jonas Wikström"],
    "ersta-vandpunkten": ["Ingrid Sandberg"],
    "anhorigforeningen": ["Gunilla Persson", "Bo Åkesson"],
    "verdandi": ["Kenneth Olsson", "Aisha Karimi"],
    "region-skane": ["Fredrik Malm"],
}
STAFF = ["Lena Forsberg", "Peter Dahl", "Elin Berg", "Oskar Lindqvist", "Hanna Strand"]

# Each group's fixed meeting day: the nth weekday of the month (Monday is 0), never in July.
GROUPS = {
    "gemensam-utvecklingsgrupp": {
        "name": "Gemensam utvecklingsgrupp",
        "kind": Group.Kind.JOINT_DEVELOPMENT,
        "summary": (
            "Socialförvaltningen och brukarorganisationerna utvecklar socialtjänsten "
            "tillsammans. Här avgörs vad som händer med förslagen från innovationsgrupperna."
        ),
        "why": (
            "Socialtjänsten blir bättre när de som använder den är med och utvecklar den. I "
            "gruppen möts socialförvaltningen och brukarorganisationerna för att ta upp brister, "
            "pröva nya idéer och följa upp förändringar.\n\n"
            "Gruppen tar också emot förslagen från innovationsgrupperna."
        ),
        "who": (
            "En eller två representanter för varje brukarorganisation, chefer och "
            "utvecklingsledare från socialförvaltningen och, när frågan gäller vården, Region "
            "Skåne."
        ),
        "where": (
            "Socialförvaltningen, Södergatan 3, sal 2. Lokalen går att nå med rullstol och har "
            "hörslinga."
        ),
        "when": (
            "Tredje onsdagen varje månad kl. 13.00–15.00, utom i juli. Kallelsen och "
            "dagordningen finns här senast en vecka före mötet."
        ),
        "proposals": (
            "Varje förslag får en ansvarig person på socialförvaltningen. Gruppen bestämmer om "
            "förslaget ska utforskas, testas som pilot eller inte genomföras. Beslutet och skälen "
            "publiceras här.\n\n"
            "Vi berättar fortlöpande vad som händer med förslaget tills det är genomfört eller "
            "avslutat."
        ),
        "contact_name": "Karin Sjöberg",
        "contact_role": "Utvecklingsledare, socialförvaltningen",
        "contact_phone": "042-10 62 40",
        "contact_email": "utvecklingsgruppen@example.se",
        "members": [*USER_ORGANISATIONS, "socialforvaltningen", "region-skane"],
        "schedule": (2, 3, time(13), time(15)),
        "place": "Socialförvaltningen, Södergatan 3, sal 2",
    },
    "medarbetarnas-innovationsgrupp": {
        "name": "Medarbetarnas innovationsgrupp",
        "kind": Group.Kind.INNOVATION,
        "summary": (
            "Medarbetare i socialförvaltningen samlar och prövar idéer som gör stödet enklare "
            "och bättre för dem som söker hjälp."
        ),
        "why": (
            "Medarbetarna ser varje dag vad som fungerar och vad som inte gör det. Gruppen tar "
            "vara på deras idéer och gör dem till förslag som går att pröva."
        ),
        "who": (
            "Socialsekreterare, boendestödjare och handläggare från olika enheter. Alla "
            "medarbetare är välkomna. En representant för Hela Människan är med och ger "
            "brukarnas syn."
        ),
        "where": "Socialförvaltningen, Södergatan 3, rum 4.12.",
        "when": "Andra tisdagen varje månad kl. 9.00–10.30, utom i juli.",
        "proposals": (
            "Gruppen arbetar om idéerna till förslag. Förslag som rör flera verksamheter går till "
            "den gemensamma utvecklingsgruppen. Förslag som bara rör en avdelning går direkt "
            "dit. Du kan följa varje förslag här."
        ),
        "contact_name": "Johan Ekström",
        "contact_role": "Verksamhetsutvecklare, socialförvaltningen",
        "contact_phone": "042-10 63 15",
        "contact_email": "innovation@example.se",
        "members": ["socialforvaltningen", "hela-manniskan"],
        "schedule": (1, 2, time(9), time(10, 30)),
        "place": "Socialförvaltningen, Södergatan 3, rum 4.12",
    },
    "brukarnas-innovationsgrupp": {
        "name": "Brukarnas innovationsgrupp",
        "kind": Group.Kind.INNOVATION,
        "summary": (
            "Personer med egen erfarenhet av socialtjänsten och deras anhöriga tar fram idéer om "
            "hur stödet kan bli bättre."
        ),
        "why": (
            "Den som själv har sökt hjälp vet var det skaver. Gruppen samlar idéer från brukare "
            "och anhöriga och skriver om dem till förslag till socialförvaltningen."
        ),
        "who": (
            "Medlemmar i brukarorganisationerna och anhörigföreningarna. Du behöver inte vara med "
            "i en förening för att delta; hör av dig till kontaktpersonen. En medarbetare från "
            "socialförvaltningen leder mötena."
        ),
        "where": "Föreningshuset, Järnvägsgatan 12, våning 2. Det finns hiss.",
        "when": "Första torsdagen varje månad kl. 17.00–19.00, utom i juli. Vi bjuder på fika.",
        "proposals": (
            "Förslagen går till den gemensamma utvecklingsgruppen, där brukarorganisationerna och "
            "socialförvaltningen bestämmer vad som ska hända med dem. Du kan följa varje förslag "
            "här."
        ),
        "contact_name": "Sara Nilsson",
        "contact_role": "Brukarsamordnare, socialförvaltningen",
        "contact_phone": "042-10 64 02",
        "contact_email": "brukarinnovation@example.se",
        "members": [*USER_ORGANISATIONS, "socialforvaltningen"],
        "schedule": (3, 1, time(17), time(19)),
        "place": "Föreningshuset, Järnvägsgatan 12",
    },
    "brukargruppen-pa-motesplatsen": {
        "name": "Brukargruppen på Mötesplatsen",
        "kind": Group.Kind.USER_GROUP,
        "summary": (
            "Besökarna på Mötesplatsen träffas en gång i månaden och pratar om verksamheten och "
            "om vad de vill ändra."
        ),
        "why": (
            "Mötesplatsen ska vara besökarnas plats. I brukargruppen bestämmer besökarna "
            "tillsammans med personalen om aktiviteter, öppettider och regler. Gruppen tar också "
            "fram frågor till socialförvaltningen."
        ),
        "who": (
            "Alla som besöker Mötesplatsen är välkomna. Personal från Mötesplatsen är med, och "
            "ibland en representant för RFHL eller Verdandi."
        ),
        "where": "Mötesplatsen, Bryggaregatan 8, i det stora rummet.",
        "when": "Första tisdagen varje månad kl. 10.00–11.30, utom i juli.",
        "proposals": (
            "Gruppen skriver inga minnesanteckningar. Dagordningen publiceras här. Frågor som "
            "gruppen vill driva vidare tar personalen med till den gemensamma "
            "utvecklingsgruppen, och där kan du följa dem."
        ),
        "contact_name": "Ahmed Hassan",
        "contact_role": "Föreståndare, Mötesplatsen",
        "contact_phone": "042-10 65 30",
        "contact_email": "motesplatsen@example.se",
        "members": ["rfhl", "verdandi", "socialforvaltningen"],
        "schedule": (1, 1, time(10), time(11, 30)),
        "place": "Mötesplatsen, Bryggaregatan 8",
    },
}
JOINT, STAFF_IDEAS, USER_IDEAS, DROP_IN = GROUPS

# Agenda topics with their minutes; each meeting takes a few, chosen with the seeded random.
TOPICS = {
    JOINT: [
        (
            "Återkoppling från innovationsgrupperna",
            "Sara Nilsson och Johan Ekström berättade om förslagen från innovationsgrupperna.\n\n"
            "- Brukarnas innovationsgrupp föreslår kamratstödjare i mottagningen. Gruppen "
            "beslutade att förslaget ska utforskas.\n"
            "- Medarbetarnas innovationsgrupp föreslår sms-påminnelse före besök. Förslaget "
            "testas som pilot på en enhet i tre månader.\n"
            "- Förslaget om kvällsöppet på Mötesplatsen genomförs inte i år, eftersom det saknas "
            "personal. Frågan tas upp igen när budgeten för nästa år planeras.",
        ),
        (
            "Arbetsgruppen för en bättre mottagning",
            "Arbetsgruppen har träffats varannan vecka sedan förra mötet. Fyra "
            "brukarorganisationer har en representant i gruppen.\n\n"
            "- Arbetsgruppen har gått igenom vägen från första kontakten till beslut.\n"
            "- Väntetiden till det första besöket upplevs som det största problemet.\n"
            "- Ett förslag till en gemensam välkomstfolder tas fram till nästa möte.\n\n"
            "Synpunkter från mötet:\n\n"
            "- Foldern behöver finnas på lättläst svenska och på flera språk.\n"
            "- Det ska stå att man får ta med en stödperson.",
        ),
        (
            "Samverkan med Region Skåne",
            "Fredrik Malm från Region Skåne berättade om arbetet med en gemensam mall för "
            "samordnad individuell plan.\n\n"
            "- Mallen ska vara densamma oavsett om det är regionen eller kommunen som kallar.\n"
            "- Brukarorganisationerna vill läsa förslaget innan det bestäms.\n"
            "- Region Skåne skickar förslaget till gruppen senast två veckor före nästa möte.",
        ),
        (
            "Lättläst information",
            "Socialförvaltningen ser över sina brev och texterna på webben.\n\n"
            "- Beslutsbrev upplevs som svåra att förstå. Attention och Anhörigföreningen läser "
            "tre exempelbrev och lämnar synpunkter.\n"
            "- Webben ska få lättlästa sidor om försörjningsstöd och om stöd vid beroende.\n"
            "- Gruppen vill att varje brev säger vem man kan ringa.",
        ),
        (
            "Brukarrevision av boendestödet",
            "RFHL och Hela Människan har intervjuat tolv personer som har boendestöd och "
            "redovisade vad de kom fram till.\n\n"
            "- De flesta är nöjda med sina boendestödjare.\n"
            "- Många upplever att tiderna ändras med kort varsel.\n"
            "- Flera vill ha mer hjälp i kontakten med andra myndigheter.\n\n"
            "Socialförvaltningen återkommer med en plan för hur resultatet tas om hand.",
        ),
        (
            "Verksamhetsplan och budget",
            "Avdelningschefen presenterade huvuddragen i verksamhetsplanen för nästa år.\n\n"
            "- Brukarsamverkan är ett eget mål i planen.\n"
            "- Bidragen till föreningarna blir lika stora som i år.\n"
            "- Brukarorganisationerna vill vara med tidigare i planeringen nästa år.",
        ),
        (
            "Stöd till anhöriga",
            "Ersta Vändpunkten och Anhörigföreningen tog upp hur anhöriga kan få stöd, också när "
            "den närstående inte vill ha kontakt med socialtjänsten.\n\n"
            "- Många anhöriga vet inte att de själva kan få stöd.\n"
            "- Information om anhörigstöd ska ges redan vid första kontakten.\n"
            "- Barn som är anhöriga behöver en egen väg in.",
        ),
        (
            "Hur fungerar samverkan?",
            "Gruppen pratade om hur samverkan har fungerat det senaste året.\n\n"
            "- Mötena upplevs som givande, men det är svårt att se vad som händer med "
            "förslagen.\n"
            "- Alla förslag och beslut ska därför publiceras på portalen, med skälen.\n"
            "- Gruppen vill göra en gemensam utvärdering en gång om året.",
        ),
    ],
    STAFF_IDEAS: [
        (
            "Idé: sms-påminnelse före besök",
            "En socialsekreterare föreslog att den som har en tid hos socialtjänsten får en "
            "påminnelse med sms dagen före.\n\n"
            "- Många missar sina tider, och då dröjer det länge innan de får en ny.\n"
            "- Påminnelsen får inte säga något om ärendet, bara tid och plats.\n"
            "- Gruppen skickar förslaget till den gemensamma utvecklingsgruppen.",
        ),
        (
            "Idé: ett trivsammare väntrum",
            "Väntrummet på mottagningen upplevs som kalt och stressigt.\n\n"
            "- Besökare har önskat vatten, något att läsa och en lugnare plats för barn.\n"
            "- Brukarnas innovationsgrupp tillfrågas om vad de vill ändra först.\n"
            "- Förslaget kostar lite och kan genomföras direkt av mottagningen.",
        ),
        (
            "Idé: lättlästa sammanfattningar av beslut",
            "Handläggare får ofta frågor om vad ett beslut betyder.\n\n"
            "- Förslaget är att varje beslut får en kort sammanfattning på lättläst svenska "
            "överst.\n"
            "- Juristerna behöver se över förslaget innan det kan testas.\n"
            "- Två handläggare skriver exempel till nästa möte.",
        ),
        (
            "Uppföljning: drop-in-tider på mottagningen",
            "Piloten med drop-in-tider på tisdagar har pågått i två månader.\n\n"
            "- I genomsnitt kom sju personer varje tisdag.\n"
            "- Väntetiden till första samtalet blev kortare.\n"
            "- Personalen vill fortsätta. Resultatet redovisas för den gemensamma "
            "utvecklingsgruppen.",
        ),
        (
            "Idéer från medarbetarenkäten",
            "Gruppen gick igenom idéerna som kom in i enkäten.\n\n"
            "- Fjorton idéer kom in, de flesta om information och väntetider.\n"
            "- Tre idéer arbetas vidare med i gruppen.\n"
            "- Alla som lämnade idéer får svar om vad som händer med dem.",
        ),
        (
            "Idé: gemensam kalender för boendestödet",
            "Boendestödjarna föreslår en kalender där den som har stöd kan se när nästa besök "
            "är och vem som kommer.\n\n"
            "- Det minskar oron när tider ändras.\n"
            "- Kalendern måste fungera utan inloggning med e-legitimation.\n"
            "- Förslaget skickas till den gemensamma utvecklingsgruppen.",
        ),
    ],
    USER_IDEAS: [
        (
            "Idé: kamratstödjare i mottagningen",
            "Flera har erfarenhet av att det känns ensamt och svårt att komma till socialtjänsten "
            "första gången.\n\n"
            "- Förslaget är att personer med egen erfarenhet finns i mottagningen några timmar "
            "i veckan.\n"
            "- Kamratstödjarna behöver utbildning och handledning.\n"
            "- Gruppen skickar förslaget till den gemensamma utvecklingsgruppen.",
        ),
        (
            "Idé: kvällsöppet på Mötesplatsen",
            "Många som arbetar eller studerar kan inte komma på dagtid.\n\n"
            "- Förslaget är kvällsöppet två dagar i veckan.\n"
            "- Verdandi kan tänka sig att hjälpa till med volontärer.\n"
            "- Gruppen skickar förslaget till den gemensamma utvecklingsgruppen.",
        ),
        (
            "Idé: enklare ansökan om försörjningsstöd",
            "Blanketten upplevs som lång och svår.\n\n"
            "- Samma uppgifter måste lämnas varje månad, även när inget har ändrats.\n"
            "- Förslaget är att man bara fyller i det som har ändrats.\n"
            "- Attention erbjuder sig att testa en ny blankett.",
        ),
        (
            "Idé: samma kontaktperson genom hela ärendet",
            "Det är svårt att bygga förtroende när man träffar nya personer hela tiden.\n\n"
            "- Förslaget är en fast kontaktperson från första kontakten till avslut.\n"
            "- Om kontaktpersonen byts ska man få veta det i förväg.",
        ),
        (
            "Idé: information om stöd till anhöriga",
            "Ersta Vändpunkten och Anhörigföreningen berättade vad anhöriga saknar.\n\n"
            "- Information om anhörigstöd är svår att hitta.\n"
            "- Förslaget är en folder som delas ut vid första kontakten.\n"
            "- Foldern ska också finnas på lättläst svenska.",
        ),
        (
            "Återkoppling från den gemensamma utvecklingsgruppen",
            "Sara Nilsson berättade vad som har hänt med gruppens förslag.\n\n"
            "- Förslaget om kamratstödjare ska utforskas.\n"
            "- Förslaget om kvällsöppet genomförs inte i år, eftersom det saknas personal.\n"
            "- Gruppen tycker att beskedet är tråkigt men att skälet är tydligt.",
        ),
    ],
    DROP_IN: [
        ("Förslag på utflykter", ""),
        ("Önskemål om kurser", ""),
        ("Öppettider under helger", ""),
        ("Trivselregler", ""),
        ("Matlagningskvällar", ""),
        ("Nya spel och böcker", ""),
    ],
}
OTHER_BUSINESS = [
    "Inga övriga frågor.",
    "- RFHL bjuder in till öppet hus i föreningslokalen.\n"
    "- Frågan om parkering vid socialförvaltningen tas upp på nästa möte.",
    "- Hela Människan söker volontärer till caféet.\n"
    "- Attention påminde om föreläsningen om adhd i vardagen.",
]
NOTICES = {
    JOINT: (
        "Välkommen till Gemensam utvecklingsgrupp! Vi går igenom förslagen från "
        "innovationsgrupperna och följer upp arbetet med en bättre mottagning.\n\n"
        "- Vill du ta upp en fråga? Hör av dig senast en vecka före mötet.\n"
        "- Meddela förhinder till Karin Sjöberg, utvecklingsgruppen@example.se.\n"
        "- Kaffe serveras från en kvart före mötet."
    ),
    STAFF_IDEAS: (
        "Välkommen till Medarbetarnas innovationsgrupp! Ta med dina idéer, stora som små.\n\n"
        "Meddela förhinder till Johan Ekström, innovation@example.se."
    ),
    USER_IDEAS: (
        "Välkommen till Brukarnas innovationsgrupp! Alla med egen erfarenhet av socialtjänsten "
        "och deras anhöriga är välkomna. Vi bjuder på fika.\n\n"
        "Har du frågor? Ring Sara Nilsson, 042-10 64 02."
    ),
    DROP_IN: (
        "Välkommen till brukargruppen på Mötesplatsen! Alla besökare får vara med och "
        "bestämma. Kaffet är gratis."
    ),
}

# Ideas, each with the status trail it gets. The dates follow today: an idea is raised about
# `days_ago` days ago, at a meeting of its group near that day (one that had the idea on its
# agenda, if there is one), or, for the ideas in the real minutes, at that meeting. Each later step
# comes at least `after` days after the one before, at the joint group's next meeting or, with
# `by`, on that day by another body. A step that would fall after today is left out, and so are
# the ones after it. The ideas are linked to the agenda items in `discussed` where each first came
# up after the idea was raised, and to those in `reported` after the first decision.
THEMES = [
    "Första kontakten",
    "Samordning mellan myndigheter",
    "Boende",
    "Vård och behandling",
    "Anhöriga",
    "Delaktighet",
]
DEVELOPMENT_GROUP = GROUPS[JOINT]["name"]
MANAGEMENT = "Socialförvaltningens ledningsgrupp"
BOARD = "Socialnämnden"
REAL_ITEM = "Bildandet av ett gemensamt utvecklingsprojekt"  # item 2 of the real minutes
PREFER_ITEM_DAYS = 120  # how much longer a decision may wait for a meeting with its agenda item
RAISE_WINDOW = 35  # how far from its planned day an idea may be raised, to meet its group
CLOSED = {Status.DONE, Status.REJECTED, Status.HANDED_OVER}  # no more comments on these


class Step(NamedTuple):
    status: Status
    after: int  # at least this many days after the previous entry
    explanation: str = ""
    by: str = ""  # a body deciding outside the joint group's meetings
    item: str = ""  # the agenda item of the joint group's meeting it is preferably decided under
    corrects: bool = False  # the entry corrects the one before it


IDEAS = [
    {
        "slug": "en-sip-for-alla-myndigheter",
        "title": "En SIP som gäller för alla myndigheter",
        "theme": "Samordning mellan myndigheter",
        "group": JOINT,
        "days_ago": None,  # raised at the real minutes' meeting
        "problem": (
            "Den som har kontakt med både socialtjänsten och vården kan få flera olika planer. "
            "Mallen för samordnad individuell plan (SIP) ser olika ut beroende på vem som kallar "
            "till mötet. Då är det svårt att veta vad som gäller och vem som ansvarar för vad."
        ),
        "proposal": (
            "Använd samma mall för SIP oavsett vem som tar den första kontakten. Varje person "
            "ska ha en enda SIP som gäller för alla myndigheter."
        ),
        "discussed": [REAL_ITEM, "Samverkan med Region Skåne"],
        "trail": [
            Step(
                Status.PREPARING,
                7,
                "Gruppen vill veta hur mallen används i dag och vem som bestämmer över den. "
                "Socialförvaltningen frågar Region Skåne.",
            ),
            Step(
                Status.HANDED_OVER,
                20,
                "Mallen för SIP ägs av Region Skåne och används av alla kommuner i Skåne, så "
                "kommunen kan inte ändra den på egen hand. Förslaget har därför lämnats över "
                "till Region Skåne, som redan arbetar med en gemensam mall. "
                "Brukarorganisationerna får läsa regionens förslag innan det bestäms, och vi "
                "berättar här vad regionen svarar.",
                item="Samverkan med Region Skåne",
            ),
        ],
    },
    {
        "slug": "checklista-nar-nagon-blir-akut-sjuk",
        "title": "Checklista när någon blir akut sjuk",
        "theme": "Samordning mellan myndigheter",
        "group": JOINT,
        "days_ago": None,
        "problem": (
            "När någon plötsligt blir sjuk eller läggs in på sjukhus blir mycket liggande: brev, "
            "räkningar, husdjur och kontakter med myndigheter. Det har hänt att personer har "
            "skrivits ut från behandling direkt till hemlöshet."
        ),
        "proposal": (
            "Ta fram en checklista för vad som behöver tas om hand när någon insjuknar akut. "
            "Checklistan ska användas av både socialtjänsten och vården, så att myndigheterna "
            "samarbetar bättre."
        ),
        "discussed": [REAL_ITEM],
        "trail": [
            Step(
                Status.PREPARING,
                7,
                "Socialförvaltningen tar reda på vilka checklistor som redan finns i vården och "
                "i andra kommuner.",
            ),
            Step(
                Status.DECIDED,
                30,
                "Socialförvaltningen tar fram checklistan tillsammans med brukarorganisationerna "
                "och Region Skåne. Den ska finnas på papper och på webben, också på lättläst "
                "svenska.",
            ),
            Step(
                Status.IN_PROGRESS,
                14,
                "En arbetsgrupp med två brukarorganisationer skriver checklistan.",
                by=MANAGEMENT,
            ),
            Step(
                Status.DONE,
                60,
                "Checklistan är klar. Socialsekreterare, boendestödjare och sjukvårdens kuratorer "
                "delar ut den, och den finns på webben.",
            ),
        ],
    },
    {
        "slug": "handlaggare-som-kan-missbruk-eller-psykisk-ohalsa",
        "title": "Handläggare som kan missbruk eller psykisk ohälsa",
        "theme": "Vård och behandling",
        "group": JOINT,
        "days_ago": None,
        "problem": (
            "Handläggarna ska kunna allt. Den som har både ett missbruk och en psykisk ohälsa "
            "får ofta berätta sin historia för flera olika personer, och det är svårt att känna "
            "förtroende när handläggaren inte känner till ens situation."
        ),
        "proposal": (
            "Låt handläggarna specialisera sig på missbruk eller på psykisk ohälsa. Den som "
            "behöver det ska kunna träffa båda specialisterna samtidigt."
        ),
        "discussed": [REAL_ITEM],
        "trail": [
            Step(
                Status.PREPARING,
                7,
                "Socialförvaltningen ser över hur ärendena fördelas mellan handläggarna och "
                "återkommer till gruppen.",
            ),
        ],
    },
    {
        "slug": "en-brukarorganisation-med-vid-forsta-kontakten",
        "title": "En brukarorganisation med vid första kontakten",
        "theme": "Första kontakten",
        "group": JOINT,
        "days_ago": None,
        "problem": (
            "Många känner sig i underläge när de kommer till socialtjänsten första gången. De "
            "vet inte vilken hjälp som finns och vågar inte alltid fråga."
        ),
        "proposal": (
            "Den som vill ska kunna ha med sig en representant för en brukarorganisation vid "
            "första kontakten, någon som vet vilken hjälp som finns. Det är personen själv som "
            "bestämmer om hen vill ha sällskap."
        ),
        "discussed": [REAL_ITEM, "Arbetsgruppen för en bättre mottagning"],
        "trail": [
            Step(
                Status.PREPARING,
                7,
                "Förslaget lämnas till arbetsgruppen för en bättre mottagning, som går igenom "
                "vägen från första kontakten till beslut.",
                item="Arbetsgruppen för en bättre mottagning",
            ),
            Step(
                Status.DECIDED,
                40,
                "Förslaget testas som pilot på mottagningen i sex månader. En representant för "
                "en brukarorganisation finns på plats två förmiddagar i veckan, och den som "
                "söker hjälp väljer själv om hen vill ha sällskap.",
                item="Arbetsgruppen för en bättre mottagning",
            ),
            Step(
                Status.IN_PROGRESS,
                21,
                "Piloten har startat. RFHL, Hela Människan och Verdandi turas om att vara på "
                "mottagningen.",
                by=MANAGEMENT,
            ),
        ],
    },
    {
        "slug": "behandling-pa-hemmaplan",
        "title": "Behandling på hemmaplan i stället för placering på annan ort",
        "theme": "Vård och behandling",
        "group": USER_IDEAS,
        "organisation": "rfhl",
        "days_ago": 320,
        "problem": (
            "Den som behöver behandling för missbruk placeras ofta på ett behandlingshem långt "
            "bort. Där förlorar man kontakten med familj, vänner och sitt nätverk, och efteråt "
            "är det svårt att komma tillbaka till vardagen hemma."
        ),
        "proposal": (
            "Bygg ut behandlingen i kommunen, så att fler kan få hjälp nära hemmet. Placering på "
            "annan ort ska bara användas när det finns särskilda skäl."
        ),
        "discussed": [],
        "trail": [
            Step(
                Status.PREPARING,
                14,
                "Socialförvaltningen tar reda på hur många som placeras på annan ort, varför och "
                "vad det kostar.",
            ),
            Step(
                Status.DECIDED,
                75,
                "Socialnämnden beslutade att bygga ut öppenvården för missbruk och beroende i "
                "kommunen. Placering på annan ort görs bara när det finns särskilda skäl.",
                by=BOARD,
            ),
            Step(
                Status.IN_PROGRESS,
                60,
                "Två nya behandlare har anställts, och öppenvården har nu öppet två kvällar i "
                "veckan.",
                by=MANAGEMENT,
            ),
        ],
    },
    {
        "slug": "kamratstodjare-i-mottagningen",
        "title": "Kamratstödjare i mottagningen",
        "theme": "Första kontakten",
        "group": USER_IDEAS,
        "organisation": "verdandi",
        "days_ago": 250,
        "problem": (
            "Det kan kännas ensamt och svårt att komma till socialtjänsten första gången. Många "
            "vet inte vad som kommer att hända."
        ),
        "proposal": (
            "Låt personer med egen erfarenhet finnas i mottagningen några timmar i veckan. De "
            "kan svara på frågor och följa med till första samtalet om man vill. "
            "Kamratstödjarna ska få utbildning och handledning."
        ),
        "discussed": ["Idé: kamratstödjare i mottagningen"],
        "reported": ["Återkoppling från den gemensamma utvecklingsgruppen"],
        "trail": [
            Step(
                Status.PREPARING,
                14,
                "Gruppen beslutade att förslaget ska utforskas. Socialförvaltningen tar reda på "
                "hur kamratstöd fungerar i andra kommuner och vad utbildning och handledning "
                "kostar.",
                item="Återkoppling från innovationsgrupperna",
            ),
        ],
    },
    {
        "slug": "sms-paminnelse-fore-besok",
        "title": "Sms-påminnelse före besök",
        "theme": "Första kontakten",
        "group": STAFF_IDEAS,
        "days_ago": 230,
        "problem": (
            "Många missar sina tider hos socialtjänsten, och då dröjer det länge innan de får en "
            "ny tid. Den som mår dåligt eller har mycket att hålla reda på glömmer lätt."
        ),
        "proposal": (
            "Skicka en påminnelse med sms dagen före besöket. Sms:et ska bara säga tid och "
            "plats, inget om ärendet."
        ),
        "discussed": ["Idé: sms-påminnelse före besök"],
        "trail": [
            Step(
                Status.DECIDED,
                14,
                "Förslaget testas som pilot på en enhet i tre månader.",
                item="Återkoppling från innovationsgrupperna",
            ),
            Step(
                Status.IN_PROGRESS,
                21,
                "Piloten har startat på mottagningen för försörjningsstöd.",
                by=MANAGEMENT,
            ),
            Step(
                Status.DONE,
                100,
                "Färre missade sina besök under piloten. Sms-påminnelsen används nu på alla "
                "enheter, och den som inte vill ha sms kan säga nej.",
            ),
        ],
    },
    {
        "slug": "kvallsoppet-pa-motesplatsen",
        "title": "Kvällsöppet på Mötesplatsen",
        "theme": "Delaktighet",
        "group": USER_IDEAS,
        "organisation": "verdandi",
        "days_ago": 280,
        "problem": (
            "Mötesplatsen har bara öppet på dagtid. Den som arbetar eller studerar kan därför "
            "inte komma dit."
        ),
        "proposal": "Ha öppet två kvällar i veckan. Verdandi kan hjälpa till med volontärer.",
        "discussed": ["Idé: kvällsöppet på Mötesplatsen"],
        "reported": ["Återkoppling från den gemensamma utvecklingsgruppen"],
        "trail": [
            Step(
                Status.ON_HOLD,
                14,
                "Förslaget genomförs inte i år, eftersom det saknas personal för kvällarna. "
                "Volontärer kan inte ensamma ha ansvaret för lokalen. Frågan tas upp igen när "
                "budgeten för nästa år planeras.",
                item="Återkoppling från innovationsgrupperna",
            ),
        ],
    },
    {
        "slug": "se-tiderna-for-boendestodet-i-en-kalender",
        "title": "Se tiderna för boendestödet i en kalender",
        "theme": "Boende",
        "group": STAFF_IDEAS,
        "days_ago": 200,
        "problem": (
            "Tiderna för boendestödet ändras ibland med kort varsel. Då vet man inte när nästa "
            "besök är eller vem som kommer, och det skapar oro."
        ),
        "proposal": (
            "Gör en kalender på webben där den som har boendestöd kan se när nästa besök är och "
            "vem som kommer. Kalendern ska gå att använda utan e-legitimation."
        ),
        "discussed": [
            "Idé: gemensam kalender för boendestödet",
            "Brukarrevision av boendestödet",
        ],
        "trail": [
            Step(
                Status.PREPARING,
                14,
                "Gruppen vill höra vad de som har boendestöd tycker. Frågan tas med i "
                "brukarrevisionen av boendestödet.",
                item="Brukarrevision av boendestödet",
            ),
            Step(
                Status.REJECTED,
                40,
                "Vi förstår att ändrade tider skapar oro, och vi tycker att problemet är viktigt. "
                "Men en kalender utan inloggning skulle visa vem som har boendestöd, och det är "
                "uppgifter som omfattas av sekretess. Därför kan vi inte göra kalendern. I "
                "stället får alla ett sms när en tid ändras, och den som vill kan få sitt schema "
                "på papper.",
            ),
        ],
    },
    {
        "slug": "ett-trivsammare-vantrum",
        "title": "Ett trivsammare väntrum",
        "theme": "Första kontakten",
        "group": STAFF_IDEAS,
        "organisation": "hela-manniskan",
        "days_ago": 260,
        "problem": (
            "Väntrummet på mottagningen är kalt och stressigt. Det finns inget att dricka, inget "
            "att läsa och ingen lugn plats för barn."
        ),
        "proposal": (
            "Ställ in vatten, tidningar och bekvämare stolar, och gör en lugn hörna för barn. "
            "Fråga besökarna vad de vill ändra först."
        ),
        "discussed": ["Idé: ett trivsammare väntrum"],
        "trail": [
            Step(
                Status.DECIDED,
                21,
                "Förslaget kostar lite och genomförs direkt av mottagningen. Brukarnas "
                "innovationsgrupp får säga vad som ska ändras först.",
                by=MANAGEMENT,
            ),
            Step(
                Status.IN_PROGRESS, 14, "Mottagningen har börjat ändra väntrummet.", by=MANAGEMENT
            ),
            Step(
                Status.DONE,
                40,
                "Väntrummet har fått vatten, tidningar och nya stolar.",
                by=MANAGEMENT,
            ),
            Step(
                Status.IN_PROGRESS,
                3,
                "Rättelse: förslaget markerades som genomfört av misstag. Vatten, tidningar och "
                "nya stolar finns på plats, men hörnan för barn är inte klar än.",
                by=MANAGEMENT,
                corrects=True,
            ),
            Step(
                Status.DONE,
                30,
                "Hörnan för barn är klar, och nu är hela förslaget genomfört.",
                by=MANAGEMENT,
            ),
        ],
    },
    {
        "slug": "lattlasta-sammanfattningar-av-beslut",
        "title": "Lättlästa sammanfattningar av beslut",
        "theme": "Delaktighet",
        "group": STAFF_IDEAS,
        "days_ago": 170,
        "problem": (
            "Beslut från socialtjänsten är skrivna på ett krångligt språk. Många förstår inte "
            "vad beslutet betyder eller hur man överklagar det."
        ),
        "proposal": (
            "Skriv en kort sammanfattning på lättläst svenska överst i varje beslut. "
            "Sammanfattningen ska säga vad beslutet betyder och vem man kan ringa."
        ),
        "discussed": ["Idé: lättlästa sammanfattningar av beslut", "Lättläst information"],
        "trail": [
            Step(
                Status.PREPARING,
                14,
                "Juristerna ser över hur en sammanfattning kan stå i beslutet utan att ändra vad "
                "beslutet betyder. Två handläggare skriver exempel.",
                by=MANAGEMENT,
            ),
        ],
    },
    {
        "slug": "information-om-stod-till-anhoriga",
        "title": "Information om stöd till anhöriga vid första kontakten",
        "theme": "Anhöriga",
        "group": USER_IDEAS,
        "organisation": "ersta-vandpunkten",
        "days_ago": 290,
        "problem": (
            "Många anhöriga vet inte att de själva kan få stöd, också när den närstående inte "
            "vill ha kontakt med socialtjänsten. Informationen är svår att hitta."
        ),
        "proposal": (
            "Ge alla information om stödet till anhöriga redan vid första kontakten, till "
            "exempel i en folder. Foldern ska finnas på lättläst svenska och ha en egen del för "
            "barn som är anhöriga."
        ),
        "discussed": ["Idé: information om stöd till anhöriga", "Stöd till anhöriga"],
        "trail": [
            Step(
                Status.PREPARING,
                14,
                "Ersta Vändpunkten och Anhörigföreningen berättar för gruppen vad anhöriga saknar.",
                item="Stöd till anhöriga",
            ),
            Step(
                Status.DECIDED,
                30,
                "En folder om stöd till anhöriga tas fram tillsammans med Ersta Vändpunkten och "
                "Anhörigföreningen. Den delas ut vid första kontakten.",
            ),
            Step(
                Status.IN_PROGRESS,
                21,
                "Texten är skriven och läses nu av anhöriga, som säger vad som behöver bli "
                "tydligare.",
                by=MANAGEMENT,
            ),
        ],
    },
    {
        "slug": "fyll-bara-i-det-som-har-andrats",
        "title": "Fyll bara i det som har ändrats",
        "theme": "Delaktighet",
        "group": USER_IDEAS,
        "organisation": "attention",
        "days_ago": 140,
        "problem": (
            "Blanketten för försörjningsstöd är lång och svår. Samma uppgifter måste lämnas "
            "varje månad, även när inget har ändrats."
        ),
        "proposal": (
            "Låt den som ansöker igen bara fylla i det som har ändrats sedan förra månaden. Då "
            "blir ansökan kortare och går fortare att fylla i."
        ),
        "discussed": ["Idé: enklare ansökan om försörjningsstöd"],
        "trail": [
            Step(
                Status.PREPARING,
                14,
                "Socialförvaltningen tar reda på vad lagen kräver att ansökan innehåller.",
            ),
            Step(
                Status.REJECTED,
                45,
                "Tack för ett bra förslag. Rätten till försörjningsstöd måste prövas för varje "
                "månad, och då behövs aktuella uppgifter om hela hushållets situation. Därför "
                "kan ansökan inte bara innehålla det som har ändrats. Attention hjälper i "
                "stället till att göra blanketten kortare och tydligare, och den som vill kan "
                "få hjälp att fylla i den på mottagningen.",
            ),
        ],
    },
    {
        "slug": "samma-kontaktperson-genom-hela-arendet",
        "title": "Samma kontaktperson genom hela ärendet",
        "theme": "Första kontakten",
        "group": USER_IDEAS,
        "days_ago": 210,
        "problem": (
            "Det är svårt att bygga förtroende när man träffar nya personer hela tiden. Man får "
            "berätta om sig själv om och om igen."
        ),
        "proposal": (
            "Ge alla en fast kontaktperson från första kontakten till avslut. Om kontaktpersonen "
            "byts ska man få veta det i förväg."
        ),
        "discussed": ["Idé: samma kontaktperson genom hela ärendet", REAL_ITEM],
        "trail": [],
    },
    {
        "slug": "hjalp-med-myndighetskontakter-i-boendestodet",
        "title": "Hjälp med myndighetskontakter i boendestödet",
        "theme": "Boende",
        "group": JOINT,
        "organisation": "hela-manniskan",
        "days_ago": 35,
        "problem": (
            "I brukarrevisionen av boendestödet sa flera att det är svårt att klara kontakterna "
            "med andra myndigheter, till exempel Försäkringskassan och vården. Boendestödet "
            "hjälper i dag mest till med det som händer i hemmet."
        ),
        "proposal": (
            "Låt boendestödjarna hjälpa till med kontakter med andra myndigheter, till exempel "
            "genom att följa med på möten och förklara brev. Den som har boendestöd bestämmer "
            "själv vad hen vill ha hjälp med."
        ),
        "discussed": ["Brukarrevision av boendestödet"],
        "trail": [],
    },
]


class Command(BaseCommand):
    help = "Loads Swedish demo content and demo users into an empty database."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Do nothing, without an error, when the database already has content.",
        )

    def handle(self, *args, if_empty: bool, **options):
        with transaction.atomic():
            if _has_content():
                if if_empty:
                    self.stdout.write(
                        "Demoinnehållet laddades inte eftersom databasen redan har innehåll. "
                        "Glömt lösenordet? Kör `manage.py changepassword admin`."
                    )
                    return
                raise CommandError(
                    "Databasen har redan innehåll (organisationer, grupper, möten, idéer eller "
                    "användare). Demoinnehållet laddas bara i en tom databas; använd --if-empty "
                    "för att hoppa över utan fel."
                )
            now = timezone.now()
            meetings = _load_content(_read_minutes(), now)
            passwords = _create_users()
            editor = get_user_model().objects.get(username="redaktor")
            ideas = _load_ideas(editor, now)

        # Printed only after the commit, so a failed run never shows passwords that do not work.
        self.stdout.write(
            f"Demoinnehåll laddat: {len(ORGANISATIONS)} organisationer, {len(GROUPS)} grupper, "
            f"{meetings} möten och {ideas} idéer."
        )
        admin_url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}{reverse('admin:index')}"
        for username, password in passwords.items():
            self.stdout.write(
                f"Logga in på {admin_url} som {username} med lösenordet {password}  "
                f"(visas bara nu; byt med `manage.py changepassword {username}`)"
            )


def _has_content() -> bool:
    models = (Organisation, Group, Meeting, Theme, Idea, get_user_model())
    return any(model.objects.exists() for model in models)


def _read_minutes() -> list[tuple[str, str]]:
    for path in MINUTES_PATHS:
        if path.exists():
            items = _parse_minutes(path.read_text(encoding="utf-8"))
            if not items:
                raise CommandError(f"Hittade inga numrerade dagordningspunkter i {path}.")
            return items
    raise CommandError(f"Hittade inte {MINUTES_FILE} i {MINUTES_PATHS[0].parent}.")


_HEADING = re.compile(r"\d+\.\s+(\S.*)")


def _parse_minutes(text: str) -> list[tuple[str, str]]:
    """(heading, Markdown body) for each numbered item of minutes as text from a PDF.

    A PDF breaks lines wherever the page is full, so only blank lines end a paragraph; a "•" line
    starts a list item, which the next lines continue until a blank line or the next "•".
    """
    items: list[tuple[str, list[tuple[str, list[str]]]]] = []
    block: tuple[str, list[str]] | None = None  # (Markdown prefix, lines) being collected
    for raw in text.splitlines():
        line = raw.strip()
        heading = _HEADING.fullmatch(line)
        if not line:
            block = None
        elif heading and block is None:
            # Only after a blank line, so a wrapped line that starts with "2. " stays text.
            items.append((heading[1], []))
        elif not items:
            continue  # A title or a list of those present, before item 1, is no agenda item.
        elif line.startswith("•"):
            block = ("- ", [line.removeprefix("•").strip()])
            items[-1][1].append(block)
        elif block is None:
            block = ("", [line])
            items[-1][1].append(block)
        else:
            block[1].append(line)
    return [(heading, _markdown(blocks)) for heading, blocks in items]


def _markdown(blocks: list[tuple[str, list[str]]]) -> str:
    text = ""
    previous = None
    for prefix, lines in blocks:
        if text:
            # Items of one list stay together; anything else is its own paragraph.
            text += "\n" if prefix and previous else "\n\n"
        text += prefix + " ".join(lines)
        previous = prefix
    return text


def _load_content(real_minutes: list[tuple[str, str]], now: datetime) -> int:
    rng = random.Random(SEED)
    today = timezone.localdate(now, STOCKHOLM)

    organisations = {
        slug: Organisation.objects.create(
            slug=slug,
            contact_email=f"{slug}@example.org",
            contact_phone=f"042-{12 + n} {34 + n * 7:02d} {56 - n * 3:02d}",
            website=f"https://example.org/{slug}/",
            **fields,
        )
        for n, (slug, fields) in enumerate(ORGANISATIONS.items())
    }
    groups = {}
    for slug, fields in GROUPS.items():
        values = {k: v for k, v in fields.items() if k not in ("members", "schedule", "place")}
        groups[slug] = Group.objects.create(slug=slug, **values)
        groups[slug].organisations.set([organisations[member] for member in fields["members"]])

    items: list[AgendaItem] = []
    attendees: list[Attendee] = []
    links: list[MeetingLink] = []
    real_day = _last_15_january(today)
    count = 0
    for slug, group in groups.items():
        weekday, nth, start, end = GROUPS[slug]["schedule"]
        days = [
            _nth_weekday(month, weekday, nth)
            for month in _months(today, MONTHS_BACK, MONTHS_AHEAD)
            if month.month != 7  # summer break
        ]
        if slug == JOINT:
            # The real minutes take the place of that month's ordinary meeting.
            days = [d for d in days if (d.year, d.month) != (real_day.year, real_day.month)]
            days = sorted([*days, real_day])
        starts = [datetime.combine(day, start, STOCKHOLM) for day in days]
        past = [s for s in starts if s < now]
        drafts = set()
        if slug == STAFF_IDEAS:
            drafts.add(past[-1])  # minutes still being checked
        elif slug == USER_IDEAS:
            drafts.add(starts[-1])  # the notice is not finished yet
        for index, starts_at in enumerate(starts):
            day = starts_at.date()
            meeting = Meeting(
                group=group,
                title=f"{group.name} {day.day} {MONTH_NAMES[day.month - 1]}",
                starts_at=starts_at,
                ends_at=datetime.combine(day, end, STOCKHOLM),
                place=GROUPS[slug]["place"],
                notice=NOTICES[slug],
            )
            if starts_at in drafts:
                meeting.status = Meeting.Status.DRAFT
            else:
                meeting.status = Meeting.Status.PUBLISHED
                # When the notice would have gone out, rather than the moment the demo loaded.
                meeting.published_at = min(now, starts_at - timedelta(days=7))
            meeting.save()
            count += 1
            is_past = starts_at < now
            if slug == JOINT and day == real_day:
                # The real minutes name no one present, so no attendees are invented for them.
                agenda = real_minutes
            else:
                following = starts[index + 1] if index + 1 < len(starts) else None
                agenda = _agenda(rng, slug, following, end)
                if slug == DROP_IN or not is_past:
                    agenda = [(heading, "") for heading, _body in agenda]
                if is_past:
                    attendees += _attendees(rng, meeting, slug, organisations)
            items += [
                AgendaItem(meeting=meeting, position=position, heading=heading, body=body)
                for position, (heading, body) in enumerate(agenda, start=1)
            ]
            if slug == JOINT and is_past and day != real_day and starts_at >= past[-3]:
                links += _recording_links(meeting)
    AgendaItem.objects.bulk_create(items)
    Attendee.objects.bulk_create(attendees)
    MeetingLink.objects.bulk_create(links)
    return count


def _months(today: date, back: int, ahead: int) -> list[date]:
    """The first day of each month from `back` months before today's to `ahead` months after."""
    current = today.year * 12 + today.month - 1
    return [date(m // 12, m % 12 + 1, 1) for m in range(current - back, current + ahead + 1)]


def _nth_weekday(first: date, weekday: int, nth: int) -> date:
    return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))


def _last_15_january(today: date) -> date:
    """The date of the real minutes' meeting: the latest 15 January before today."""
    this_year = date(today.year, 1, 15)
    return this_year if this_year < today else date(today.year - 1, 1, 15)


def _agenda(rng: random.Random, slug: str, following: datetime | None, end: time):
    topics = rng.sample(TOPICS[slug], 2 if slug == STAFF_IDEAS else 3)
    if slug == DROP_IN:
        return [
            ("Kaffe och incheckning", ""),
            ("Vad har hänt på Mötesplatsen sedan sist?", ""),
            *topics,
            ("Frågor till socialförvaltningen", ""),
            ("Övrigt", ""),
        ]
    if following:
        day = following.date()
        next_meeting = (
            f"Nästa möte är {WEEKDAY_NAMES[day.weekday()]} {day.day} "
            f"{MONTH_NAMES[day.month - 1]} {day.year} kl. {_clock(following.time())}–"
            f"{_clock(end)}."
        )
    else:
        next_meeting = "Datum för nästa möte bestäms senare."
    if slug == JOINT:
        opening = [
            (
                "Välkomna och dagordning",
                "Karin Sjöberg hälsade alla välkomna. Dagordningen godkändes.",
            ),
            (
                "Minnesanteckningar från förra mötet",
                "Minnesanteckningarna lades till handlingarna.",
            ),
        ]
    else:
        opening = [("Välkomna och incheckning", "Alla berättade kort vad de har arbetat med.")]
    return [
        *opening,
        *topics,
        ("Övriga frågor", rng.choice(OTHER_BUSINESS)),
        ("Nästa möte", next_meeting),
    ]


def _clock(value: time) -> str:
    return f"{value.hour}.{value.minute:02d}"  # Swedish style: kl. 9.00, kl. 13.30


def _attendees(rng, meeting: Meeting, slug: str, organisations: dict) -> list[Attendee]:
    department = organisations["socialforvaltningen"]
    contact = GROUPS[slug]["contact_name"]
    present = [(contact, department, "ordförande" if slug == JOINT else "samtalsledare")]
    if slug == JOINT:
        present.append((rng.choice(STAFF), department, "sekreterare"))
        # Most organisations send someone to most meetings.
        for org in [*USER_ORGANISATIONS, "region-skane"]:
            if rng.random() < 0.8:
                present.append((rng.choice(PEOPLE[org]), organisations[org], ""))
    elif slug == STAFF_IDEAS:
        present += [(name, department, "") for name in rng.sample(STAFF, 4)]
        present.append((rng.choice(PEOPLE["hela-manniskan"]), organisations["hela-manniskan"], ""))
    elif slug == USER_IDEAS:
        for org in rng.sample(USER_ORGANISATIONS, 4):
            present.append((rng.choice(PEOPLE[org]), organisations[org], ""))
    else:
        # Visitors of the drop-in centre are not named: that they use the services is private.
        present.append((rng.choice(STAFF), department, ""))
        org = rng.choice(["rfhl", "verdandi"])
        present.append((rng.choice(PEOPLE[org]), organisations[org], ""))
    return [
        Attendee(meeting=meeting, name=name, organisation=organisation, role=role)
        for name, organisation, role in present
    ]


def _recording_links(meeting: Meeting) -> list[MeetingLink]:
    parts = ["Del 1: Inledning", "Del 2: Diskussion", "Del 3: Övriga frågor"]
    return [
        MeetingLink(
            meeting=meeting,
            position=n,
            title=title,
            url=f"https://example.org/inspelningar/{meeting.slug}/del-{n}",
        )
        for n, title in enumerate(parts, start=1)
    ]


class _Held(NamedTuple):
    """A published meeting that has taken place, with its agenda items by heading."""

    meeting: Meeting
    day: date
    items: dict[str, AgendaItem]


def _load_ideas(editor, now: datetime) -> int:
    """The themes and ideas, each with its status trail, linked to the meetings that discussed it.

    Every entry goes through record_status_change(), as when staff record it in the admin.
    """
    today = timezone.localdate(now, STOCKHOLM)
    real_day = _last_15_january(today)
    themes = {name: Theme.objects.create(name=name, slug=slugify(name)) for name in THEMES}
    groups = {group.slug: group for group in Group.objects.all()}
    organisations = {org.slug: org for org in Organisation.objects.all()}
    held: dict[str, list[_Held]] = {slug: [] for slug in groups}
    meetings = (
        Meeting.objects.published()
        .filter(starts_at__lt=now)
        .select_related("group")
        .prefetch_related("agenda_items")
        .order_by("starts_at")
    )
    for meeting in meetings:
        items = {item.heading: item for item in meeting.agenda_items.all()}
        day = timezone.localdate(meeting.starts_at, STOCKHOLM)
        held[meeting.group.slug].append(_Held(meeting, day, items))
    every_meeting = sorted((h for group in held.values() for h in group), key=lambda h: h.day)

    links: set[tuple[int, int]] = set()  # (agenda item, idea)
    closed = []
    for spec in IDEAS:
        group = groups[spec["group"]]
        if spec["days_ago"] is None:
            raised_at = next(h for h in held[JOINT] if h.day == real_day)
            raised_on = real_day
        else:
            target = today - timedelta(days=spec["days_ago"])
            raised_at = _raising_meeting(held[spec["group"]], target, spec["discussed"])
            raised_on = raised_at.day if raised_at else _weekday(target, back=True)
        idea = Idea.objects.create(
            title=spec["title"],
            slug=spec["slug"],
            problem=spec["problem"],
            proposal=spec["proposal"],
            theme=themes[spec["theme"]],
            group=group,
            organisation=organisations.get(spec.get("organisation", "")),
            raised_on=raised_on,
        )
        item = None
        if raised_at:
            item = next(
                (raised_at.items[h] for h in spec["discussed"] if h in raised_at.items), None
            )
        entry = record_status_change(
            idea,
            recorded_by=editor,
            status=Status.RECEIVED,
            decided_on=raised_on,
            decided_by=group.name,
            meeting=raised_at.meeting if raised_at else None,
            agenda_item=item,
        )
        first_decision = None
        for step in spec["trail"]:
            earliest = entry.decided_on + timedelta(days=step.after)
            meeting = item = None
            if step.by:
                day, decided_by = _weekday(earliest), step.by
            else:
                decided_at = _decision_meeting(held[JOINT], earliest, step.item)
                if decided_at is None:
                    break
                meeting, day, decided_by = decided_at.meeting, decided_at.day, DEVELOPMENT_GROUP
                item = decided_at.items.get(step.item)
            if day > today:
                break
            entry = record_status_change(
                idea,
                recorded_by=editor,
                status=step.status,
                decided_on=day,
                decided_by=decided_by,
                explanation=step.explanation,
                meeting=meeting,
                agenda_item=item,
                corrects=entry if step.corrects else None,
            )
            first_decision = first_decision or day
            if item:
                links.add((item.pk, idea.pk))
        # Each topic is linked where it first came up: from the day the idea was raised, or for
        # reports back to the group from its first decision, and no later than it was closed.
        last_day = entry.decided_on if idea.status in CLOSED else today
        for headings, since in (
            (spec["discussed"], raised_on),
            (spec.get("reported", []), first_decision),
        ):
            for heading in headings:
                found = _first_item(every_meeting, heading, since, last_day)
                if found:
                    links.add((found.pk, idea.pk))
        if idea.status in CLOSED:
            closed.append(idea.pk)

    Link = AgendaItem.ideas.through
    Link.objects.bulk_create(
        [Link(agendaitem_id=item, idea_id=idea) for item, idea in sorted(links)]
    )
    Idea.objects.filter(pk__in=closed).update(open_for_comments=False)
    return len(IDEAS)


def _raising_meeting(held: list[_Held], target: date, headings: list[str]) -> _Held | None:
    """The group's meeting where an idea was raised, about `target`.

    The nearest one within RAISE_WINDOW days that has the idea on its agenda, or else the last
    one in the month before; None when the group met in neither.
    """
    near = [h for h in held if abs((h.day - target).days) <= RAISE_WINDOW]
    on_agenda = [h for h in near if any(heading in h.items for heading in headings)]
    if on_agenda:
        return min(on_agenda, key=lambda h: (abs((h.day - target).days), h.day))
    before = [h for h in near if h.day <= target]
    return before[-1] if before else None


def _first_item(held: list[_Held], heading: str, since: date | None, until: date):
    """The first agenda item with `heading` of a meeting from `since` to `until`, if any."""
    if since is None:
        return None
    return next(
        (h.items[heading] for h in held if since <= h.day <= until and heading in h.items), None
    )


def _decision_meeting(held: list[_Held], earliest: date, heading: str) -> _Held | None:
    """The joint group's first meeting from `earliest`; a little later if one has `heading`."""
    after = [h for h in held if h.day >= earliest]
    if heading:
        for h in after:
            if h.day > earliest + timedelta(days=PREFER_ITEM_DAYS):
                break
            if heading in h.items:
                return h
    return after[0] if after else None


def _weekday(day: date, back: bool = False) -> date:
    """`day`, or the working day after it (before it, with `back`) when it is a weekend."""
    while day.weekday() >= 5:
        day += timedelta(days=-1 if back else 1)
    return day


def _create_users() -> dict[str, str]:
    try:
        editors = StaffGroup.objects.get(name=EDITOR_GROUP)
    except StaffGroup.DoesNotExist:
        raise CommandError(
            f"Behörighetsgruppen {EDITOR_GROUP} saknas. Den skapas av migreringarna; skapa "
            "databasen på nytt och kör `manage.py migrate`."
        ) from None
    User = get_user_model()
    passwords = {"admin": secrets.token_urlsafe(12), "redaktor": secrets.token_urlsafe(12)}
    User.objects.create_superuser("admin", "admin@example.org", passwords["admin"])
    editor = User.objects.create_user(
        "redaktor",
        "redaktor@example.org",
        passwords["redaktor"],
        first_name="Demo",
        last_name="Redaktör",
        is_staff=True,
    )
    editor.groups.add(editors)
    return passwords
