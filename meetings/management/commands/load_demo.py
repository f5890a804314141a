"""`manage.py load_demo`: Swedish demo content for an empty database (`make run` calls it).

Organisations, groups and about a year of meetings around today, one of them with real minutes
(meetings/demo/minnesanteckningar-brukarsamverkan.txt), and two demo users whose passwords are
printed once.
"""

import os
import random
import re
import secrets
from datetime import date, datetime, time, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group as StaffGroup
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from directory.models import Group, Organisation
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
                    "Databasen har redan innehåll (organisationer, grupper, möten eller "
                    "användare). Demoinnehållet laddas bara i en tom databas; använd --if-empty "
                    "för att hoppa över utan fel."
                )
            meetings = _load_content(_read_minutes())
            passwords = _create_users()

        # Printed only after the commit, so a failed run never shows passwords that do not work.
        self.stdout.write(
            f"Demoinnehåll laddat: {len(ORGANISATIONS)} organisationer, {len(GROUPS)} grupper "
            f"och {meetings} möten."
        )
        admin_url = f"http://127.0.0.1:{os.environ.get('PORT', '8000')}{reverse('admin:index')}"
        for username, password in passwords.items():
            self.stdout.write(
                f"Logga in på {admin_url} som {username} med lösenordet {password}  "
                f"(visas bara nu; byt med `manage.py changepassword {username}`)"
            )


def _has_content() -> bool:
    models = (Organisation, Group, Meeting, get_user_model())
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


def _load_content(real_minutes: list[tuple[str, str]]) -> int:
    rng = random.Random(SEED)
    now = timezone.now()
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
